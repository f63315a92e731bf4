from django.urls import path

from bascule.training.requirements import library, views

app_name = "training_hr"

urlpatterns = [
    path("library/", library.library, name="library"),
    path("library/modules.json", library.library_download, name="library_download"),
    path("library/<slug:slug>.json", library.module_download, name="module_download"),
    path("library/import/", library.library_upload, name="library_upload"),
    path("library/import/preview/", library.library_preview, name="library_preview"),
    path("programs/<int:program_id>/", views.report, name="report"),
    path("programs/<int:program_id>/export.<str:fmt>", views.report_export, name="report_export"),
    path("programs/<int:program_id>/xapi.json", views.xapi_export, name="xapi_export"),
    path("programs/<int:program_id>/requirements/", views.requirements, name="requirements"),
    path(
        "programs/<int:program_id>/requirements/new/",
        views.requirement_create,
        name="requirement_create",
    ),
    path(
        "programs/<int:program_id>/requirements/<int:requirement_id>/",
        views.requirement_edit,
        name="requirement_edit",
    ),
    path(
        "programs/<int:program_id>/requirements/<int:requirement_id>/delete/",
        views.requirement_delete,
        name="requirement_delete",
    ),
    path(
        "programs/<int:program_id>/requirements/<int:requirement_id>/remind/",
        views.remind,
        name="remind",
    ),
]
