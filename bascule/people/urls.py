from django.urls import path

from bascule.people import views
from bascule.people.imports import views as import_views

app_name = "people"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:employee_id>/", views.employee_detail, name="employee_detail"),
    path("import/", import_views.import_upload, name="import_upload"),
    path("import/<int:import_id>/mapping/", import_views.import_mapping, name="import_mapping"),
    path("import/<int:import_id>/", import_views.import_preview, name="import_preview"),
    path("import/<int:import_id>/options/", import_views.import_options, name="import_options"),
    path("import/<int:import_id>/commit/", import_views.import_commit, name="import_commit"),
    path("import/<int:import_id>/progress/", import_views.import_progress, name="import_progress"),
]
