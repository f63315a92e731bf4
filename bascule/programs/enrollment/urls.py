from django.urls import path

from bascule.programs.enrollment import views

urlpatterns = [
    path("<int:program_id>/apply/", views.apply, name="apply"),
    path("<int:program_id>/invite/", views.invite, name="invite"),
    path("<int:program_id>/applications/", views.application_review, name="application_review"),
    path(
        "<int:program_id>/applications/export.<str:fmt>",
        views.application_export,
        name="application_export",
    ),
    path("<int:program_id>/applications/bulk/", views.application_bulk, name="application_bulk"),
    path("<int:program_id>/funnel/", views.enrollment_funnel, name="enrollment_funnel"),
    path("applications/mine/", views.my_applications, name="my_applications"),
    path("applications/<int:application_id>/", views.application_detail, name="application_detail"),
    path(
        "applications/<int:application_id>/edit/",
        views.application_edit,
        name="application_edit",
    ),
    path(
        "applications/<int:application_id>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "applications/<int:application_id>/decide/",
        views.application_decide,
        name="application_decide",
    ),
    path("invitations/<str:token>/", views.invitation_open, name="invitation_open"),
]
