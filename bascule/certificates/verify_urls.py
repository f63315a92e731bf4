"""The public verification pages, /verify/ (no login)."""

from django.urls import path

from bascule.certificates import views

app_name = "verify"

urlpatterns = [
    path("", views.verify, name="form"),
    path("<str:code>/", views.verify_code, name="code"),
]
