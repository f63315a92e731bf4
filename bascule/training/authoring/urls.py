from django.urls import path

from bascule.training.authoring import views

app_name = "training_authoring"

urlpatterns = [
    path("new/", views.module_create, name="create"),
    path("<slug:slug>/", views.module_detail, name="module"),
    path("<slug:slug>/edit/<str:language>/", views.module_edit, name="edit"),
    path("<slug:slug>/preview/<str:language>/", views.preview, name="preview"),
    path(
        "<slug:slug>/preview/<str:language>/<int:number>/",
        views.preview_section,
        name="preview_section",
    ),
    path("<slug:slug>/preview/<str:language>/quiz/", views.preview_quiz, name="preview_quiz"),
    path("<slug:slug>/publish/", views.publish, name="publish"),
    path("<slug:slug>/duplicate/", views.duplicate, name="duplicate"),
    path("<slug:slug>/retire/", views.retire, name="retire"),
    path("<slug:slug>/unretire/", views.unretire, name="unretire"),
]
