"""The error pages: 400, 403 (including a refused form, CSRF), 404 and 500, in the reader's
language, with the site's header and navigation and a way back.

The API keeps answering JSON (`{"detail": …}`) under /api/. A 500 must show even when what
the full page needs fails (the database is down, the session cannot be read): then a minimal
page, still translated, and as a last resort one written here without any template.
"""

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX) and not request.path_info.startswith(
        ("/api/docs", "/api/openapi.json")
    )


def _texts(status: int) -> dict[str, str]:
    """Return the title and the explanation of an error page, in the active language."""
    texts = {
        400: (
            _("This request could not be understood"),
            _(
                "Something in the address or in the form sent was not as Bascule expects. Go "
                "back, reload the page and try again."
            ),
        ),
        403: (
            _("This page is not for your account"),
            _(
                "Your role does not give access to this page. If you think it should, ask your "
                "HR team."
            ),
        ),
        404: (
            _("Page not found"),
            _(
                "This page does not exist, or it is not available to your account. Check the "
                "address, or start again from the home page."
            ),
        ),
        500: (
            _("Something went wrong on our side"),
            _(
                "Bascule could not show this page. Nothing you did caused it. Try again in a "
                "few minutes; if it happens again, tell your HR team."
            ),
        ),
    }
    title, explanation = texts[status]
    return {"title": title, "explanation": explanation}


def _api_error(status: int) -> JsonResponse:
    detail = {
        400: _("Bad request."),
        403: _("You do not have permission to do this."),
        404: _("Not found."),
        500: _("Server error."),
    }[status]
    return JsonResponse({"detail": detail}, status=status)


def _minimal_page(status: int) -> HttpResponse:
    """Return the error page without the site's header: no database, no request context."""
    context = {"status": status, "language": translation.get_language() or "fr", **_texts(status)}
    try:
        content = loader.render_to_string("errors/minimal.html", context)
    except Exception:  # the last resort must not fail in turn
        logger.exception("The minimal error page could not be rendered")
        content = (
            f'<!doctype html><html lang="{escape(context["language"])}"><head>'
            f'<meta charset="utf-8"><title>{escape(context["title"])}</title></head><body>'
            f"<h1>{escape(context['title'])}</h1><p>{escape(context['explanation'])}</p>"
            f'<p><a href="/">{escape(_("Go to the home page"))}</a></p></body></html>'
        )
    return HttpResponse(content, status=status)


def _error_page(request: HttpRequest, status: int, extra: dict[str, Any] | None = None):
    """Return the full error page, or the minimal one if the full one cannot be rendered."""
    if _is_api(request):
        return _api_error(status)
    context = {"status": status, **_texts(status), **(extra or {})}
    try:
        content = loader.render_to_string("errors/error.html", context, request)
    except Exception:  # an error page must always answer
        logger.exception("The %s page could not be rendered in full", status)
        return _minimal_page(status)
    return HttpResponse(content, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(request, 500)


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Return the page of a form refused because its security token was missing or stale
    (the page stayed open too long, or cookies are blocked): what to do, in plain words."""
    if _is_api(request):
        return _api_error(403)
    return _error_page(
        request,
        403,
        {
            "title": _("This form has expired"),
            "explanation": _(
                "For your security, a form can only be sent from a page opened recently, with "
                "cookies allowed. Go back, reload the page, then send the form again."
            ),
            "debug_reason": reason if settings.DEBUG else "",
        },
    )
