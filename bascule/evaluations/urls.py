from django.urls import path

from bascule.evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("programs/<int:program_id>/", views.program_surveys, name="program_surveys"),
    path("surveys/<int:survey_id>/edit/", views.survey_edit, name="survey_edit"),
    path("surveys/<int:survey_id>/reset/", views.survey_reset, name="survey_reset"),
    path("surveys/<int:survey_id>/results/", views.survey_results, name="survey_results"),
    path(
        "surveys/<int:survey_id>/results/export.<str:fmt>",
        views.survey_results_export,
        name="survey_results_export",
    ),
    path("surveys/<int:survey_id>/questions/new/", views.question_create, name="question_create"),
    path(
        "surveys/<int:survey_id>/questions/<int:question_id>/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "surveys/<int:survey_id>/questions/<int:question_id>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path(
        "surveys/<int:survey_id>/questions/<int:question_id>/move/",
        views.question_move,
        name="question_move",
    ),
    path("surveys/<int:survey_id>/pairs/<int:pair_id>/", views.answer, name="answer"),
]
