"""The skills pages, under /people/skills/ (where they were when the taxonomy belonged to
the people app: the addresses people bookmarked keep working)."""

from django.urls import path

from bascule.skills import views

app_name = "skills"

urlpatterns = [
    path("", views.skill_list, name="skill_list"),
    path("new/", views.skill_create, name="skill_create"),
    path("<int:skill_id>/edit/", views.skill_edit, name="skill_edit"),
    path("<int:skill_id>/merge/", views.skill_merge, name="skill_merge"),
    path("<int:skill_id>/retire/", views.skill_retire, name="skill_retire"),
    path("<int:skill_id>/restore/", views.skill_restore, name="skill_restore"),
    path("import/", views.skill_import, name="skill_import"),
    path("import/preview/", views.skill_import_preview, name="skill_import_preview"),
]
