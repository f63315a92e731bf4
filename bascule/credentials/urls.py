from django.urls import path

from bascule.credentials import views

app_name = "credentials"

urlpatterns = [
    path(
        "certificates/<int:certificate_id>/credential.jwt",
        views.certificate_credential,
        name="certificate",
    ),
    path("badges/<int:award_id>/credential.jwt", views.badge_credential, name="badge"),
    path("endorsements/", views.endorsements, name="endorsements"),
    path("endorsements/<int:certificate_id>/", views.endorse, name="endorse"),
]
