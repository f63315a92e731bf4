from django.urls import path

from bascule.certificates import views

app_name = "certificates"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:certificate_id>/pdf/", views.download, name="download"),
    path("verification/", views.preference, name="preference"),
    path("manage/<int:program_id>/settings/", views.settings_edit, name="settings"),
    path("manage/<int:program_id>/", views.eligibility, name="eligibility"),
    path("manage/<int:program_id>/issue/", views.issue, name="issue"),
    path("manage/<int:program_id>/pairs/<int:pair_id>/issue/", views.issue_pair, name="issue_pair"),
    path("manage/<int:program_id>/runs/<int:issue_run_id>/", views.run, name="run"),
    path(
        "manage/<int:program_id>/runs/<int:issue_run_id>/progress/",
        views.run_progress,
        name="run_progress",
    ),
    path("manage/<int:program_id>/issued/", views.issued, name="issued"),
    path(
        "manage/<int:program_id>/issued/export.<str:fmt>",
        views.issued_export,
        name="issued_export",
    ),
    path(
        "manage/<int:program_id>/issued/<int:certificate_id>/revoke/",
        views.revoke,
        name="revoke",
    ),
]
