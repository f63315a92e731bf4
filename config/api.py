"""The one JSON API: authentication, error mapping, and a router per app."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import django_auth

from bascule.accounts.auth import BearerTokenAuth
from bascule.core import idempotency
from bascule.core.errors import DomainError

api = NinjaAPI(
    title="Bascule API",
    version="1.0",
    description="Reverse mentoring programs: people, programs, pairs. "
    "Authenticate with your browser session or a personal token (Authorization: Bearer …).",
    auth=[django_auth, BearerTokenAuth()],
    docs_decorator=login_required,
    urls_namespace="api",
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(
        request, {"detail": _("You do not have permission to do this.")}, status=403
    )


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return api.create_response(request, {"detail": _("Authentication required.")}, status=401)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(
        request, {"detail": exc.message, "code": exc.code}, status=exc.status_code
    )


@api.exception_handler(idempotency.AlreadySubmitted)
def already_submitted(request, exc: idempotency.AlreadySubmitted):
    # A retry with the same Idempotency-Key: the first response again.
    return idempotency.replay_response(request, exc, api)


api.add_router("/accounts/", "bascule.accounts.api.router")
api.add_router("/people/", "bascule.people.api.router")
api.add_router("/skills/", "bascule.people.skill_api.router")
api.add_router("/programs/", "bascule.programs.api.router")
api.add_router("/enrollment/", "bascule.programs.enrollment_api.router")
api.add_router("/matching/", "bascule.pairing.api.router")
api.add_router("/pairs/", "bascule.journey.api.router")
api.add_router("/pairs/", "bascule.journey.checkin_api.router")
api.add_router("/pairs/", "bascule.journey.health_api.router")
api.add_router("/meetings/", "bascule.meetings.api.router")
api.add_router("/evaluations/", "bascule.evaluations.api.router")
api.add_router("/reminders/", "bascule.reminders.api.router")
