from django.urls import path

from bascule.journey import views
from bascule.journey.checkins import views as checkin_views
from bascule.journey.health import views as health_views

app_name = "journey"

urlpatterns = [
    path(
        "health/programs/<int:program_id>/",
        health_views.program_health,
        name="health_program",
    ),
    path(
        "health/programs/<int:program_id>/export.<str:fmt>",
        health_views.program_health_export,
        name="health_program_export",
    ),
    path("health/<int:pair_id>/", health_views.pair_health, name="health_pair"),
    path("health/<int:pair_id>/nudge/", health_views.pair_nudge, name="health_nudge"),
    path("health/<int:pair_id>/pause/", health_views.pair_pause, name="health_pause"),
    path("health/<int:pair_id>/resume/", health_views.pair_resume, name="health_resume"),
    path("<int:pair_id>/", views.pair_space, name="pair_space"),
    path("<int:pair_id>/kickoff/", views.kickoff, name="kickoff"),
    path("<int:pair_id>/goals/new/", views.goal_create, name="goal_create"),
    path("<int:pair_id>/goals/<int:goal_id>/", views.goal_edit, name="goal_edit"),
    path("<int:pair_id>/checkin/", checkin_views.checkin, name="checkin"),
    path("<int:pair_id>/goals/<int:goal_id>/delete/", views.goal_delete, name="goal_delete"),
    path("<int:pair_id>/notes/shared/", views.shared_note_add, name="shared_note_add"),
    path(
        "<int:pair_id>/notes/shared/<int:note_id>/",
        views.shared_note_edit,
        name="shared_note_edit",
    ),
    path(
        "<int:pair_id>/notes/shared/<int:note_id>/delete/",
        views.shared_note_delete,
        name="shared_note_delete",
    ),
    path("<int:pair_id>/notes/private/", views.private_note_add, name="private_note_add"),
    path(
        "<int:pair_id>/notes/private/<int:note_id>/delete/",
        views.private_note_delete,
        name="private_note_delete",
    ),
]
