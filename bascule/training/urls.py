from django.urls import path

from bascule.training import views
from bascule.training.behaviours import views as behaviour_views

app_name = "training"

# "pairs" is not a module's slug: /training/pairs/<id>/ is a pair's page.
urlpatterns = [
    path("", views.my_training, name="my_training"),
    path("pairs/<int:pair_id>/", views.pair_tries, name="pair_tries"),
    path("pairs/<int:pair_id>/drill/", behaviour_views.drill, name="drill"),
    path("<slug:slug>/", views.module, name="module"),
    path("<slug:slug>/<int:number>/", views.section, name="section"),
    path("<slug:slug>/quiz/", views.quiz, name="quiz"),
    path("<slug:slug>/quiz/<int:number>/", views.attempt, name="attempt"),
    path("<slug:slug>/reflection/", views.reflection, name="reflection"),
]
