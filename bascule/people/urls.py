from django.urls import path

from bascule.people import views

app_name = "people"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:employee_id>/", views.employee_detail, name="employee_detail"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:import_id>/mapping/", views.import_mapping, name="import_mapping"),
    path("import/<int:import_id>/", views.import_preview, name="import_preview"),
    path("import/<int:import_id>/commit/", views.import_commit, name="import_commit"),
    path("import/<int:import_id>/progress/", views.import_progress, name="import_progress"),
]
