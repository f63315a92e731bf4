from django.urls import path

from bascule.people import skill_views

urlpatterns = [
    path("skills/", skill_views.skill_list, name="skill_list"),
    path("skills/new/", skill_views.skill_create, name="skill_create"),
    path("skills/<int:skill_id>/edit/", skill_views.skill_edit, name="skill_edit"),
    path("skills/<int:skill_id>/merge/", skill_views.skill_merge, name="skill_merge"),
    path("skills/<int:skill_id>/retire/", skill_views.skill_retire, name="skill_retire"),
    path("skills/<int:skill_id>/restore/", skill_views.skill_restore, name="skill_restore"),
    path("skills/import/", skill_views.skill_import, name="skill_import"),
    path("skills/import/preview/", skill_views.skill_import_preview, name="skill_import_preview"),
]
