from django.urls import path

from bascule.reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("programs/<int:program_id>/", views.program_policy, name="program_policy"),
]
