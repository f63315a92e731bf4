"""The public addresses of the issuer, under /ob/ (no login): its profile, its keys, the
revocation status lists, the achievements, each credential's page and the verification of a
credential file (addresses.py builds them absolute)."""

from django.urls import path

from bascule.credentials import views

app_name = "ob"

urlpatterns = [
    path("issuer/", views.issuer, name="issuer"),
    path("keys/", views.key_set, name="keys"),
    path("keys/<str:kid>/", views.key, name="key"),
    path("status/<int:number>/", views.status_list, name="status"),
    path("achievements/badges/<slug:slug>/", views.badge_achievement, name="badge_achievement"),
    path(
        "achievements/programs/<int:program_id>/<str:role>/",
        views.program_achievement,
        name="program_achievement",
    ),
    path("credentials/<uuid:credential_uuid>/", views.credential_page, name="credential"),
    path("verify/", views.verify, name="verify"),
]
