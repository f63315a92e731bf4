"""URL map. Every route is private (LoginRequiredMiddleware) unless marked public with
`login_not_required`; the public ones are: login, password reset, language switch, static,
the certificate verification pages (/verify/), and the health checks /healthz and /readyz
(bascule/core/health.py)."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from bascule.core.api_docs import api_docs
from config.api import api

urlpatterns = [
    path("", include("bascule.home.urls")),
    path("", include("bascule.core.urls")),
    path("accounts/", include("bascule.accounts.urls")),
    path("people/skills/", include("bascule.skills.urls")),
    path("people/", include("bascule.people.urls")),
    path("programs/", include("bascule.programs.urls")),
    path("matching/", include("bascule.pairing.urls")),
    path("pairs/", include("bascule.journey.urls")),
    path("meetings/", include("bascule.meetings.urls")),
    path("evaluations/", include("bascule.evaluations.urls")),
    path("workshops/", include("bascule.workshops.urls")),
    path("training/manage/modules/", include("bascule.training.authoring.urls")),
    path("recognition/", include("bascule.recognition.urls")),
    path("training/manage/", include("bascule.training.requirements.urls")),
    path("reminders/", include("bascule.reminders.urls")),
    path("training/", include("bascule.training.urls")),
    path("certificates/", include("bascule.certificates.urls")),
    path("verify/", include("bascule.certificates.verify_urls")),
    path("credentials/", include("bascule.credentials.urls")),
    path("ob/", include("bascule.credentials.urls_public")),
    path("insights/", include("bascule.insights.urls")),
    path("privacy/", include("bascule.privacy.urls")),
    path("outbox/", include("bascule.core.outbox_urls")),
    path("emails/", include("bascule.notifications.urls")),
    path("notifications/", include("bascule.notifications.centre_urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # The API's reference, a page of the site (ninja's own docs page is turned off).
    path("api/docs", api_docs, name="api_docs"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

# Styled, translated error pages; JSON under /api/ (bascule/core/error_views.py).
handler400 = "bascule.core.error_views.bad_request"
handler403 = "bascule.core.error_views.permission_denied"
handler404 = "bascule.core.error_views.page_not_found"
handler500 = "bascule.core.error_views.server_error"
