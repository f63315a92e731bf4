from django.urls import path

from bascule.workshops import views

app_name = "workshops"

urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("<int:workshop_id>/", views.detail, name="detail"),
    path("<int:workshop_id>/register/", views.register, name="register"),
    path("<int:workshop_id>/cancel-registration/", views.cancel_registration, name="unregister"),
    path("<int:workshop_id>/feedback/", views.feedback, name="feedback"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.create, name="create"),
    path("manage/<int:workshop_id>/edit/", views.edit, name="edit"),
    path("manage/<int:workshop_id>/cancel/", views.cancel, name="cancel"),
    path("manage/<int:workshop_id>/", views.roster, name="roster"),
    path("manage/<int:workshop_id>/attendance/", views.attendance, name="attendance"),
    path("manage/<int:workshop_id>/people/", views.register_people, name="register_people"),
    path(
        "manage/<int:workshop_id>/registrations/<int:registration_id>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
]
