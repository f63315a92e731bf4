from django.urls import path

from bascule.programs import views

urlpatterns = [
    path("", views.program_list, name="program_list"),
    path("new/", views.program_create, name="program_create"),
    path("<int:program_id>/", views.program_detail, name="program_detail"),
    path("<int:program_id>/edit/", views.program_edit, name="program_edit"),
    path("<int:program_id>/transition/", views.program_transition, name="program_transition"),
    path("<int:program_id>/duplicate/", views.program_duplicate, name="program_duplicate"),
]
