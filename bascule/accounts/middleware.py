import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from bascule.accounts.signals import SESSION_LOGIN_AT, SESSION_SEEN_AT

# The session's expiry moves forward with activity, saved at most this often (in seconds).
SESSION_REFRESH_EVERY = 60


class UserPreferencesMiddleware:
    """Activate the logged-in user's time zone, and their language unless they chose one.

    An explicit choice (the language switch cookie) wins over the profile, so the switch works
    for everyone; anonymous visitors get the browser's language or the configured default.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zoneinfo)
            if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
        else:
            timezone.deactivate()
        return self.get_response(request)


class LoginRequiredExceptApiMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, except for API operations.

    API operations authenticate themselves (session or bearer token) and answer 401 in JSON
    rather than redirecting a script to a login page. The API's docs and schema stay behind
    the login like every other page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        path = request.path_info
        if path.startswith("/api/") and not path.startswith(("/api/docs", "/api/openapi.json")):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class SessionLifetimeMiddleware:
    """End sessions that are idle too long or too old.

    Idle: the session expires SESSION_COOKIE_AGE seconds after its last save, and each request
    saves it again, at most once a minute, which moves the expiry forward. Too old: past
    SESSION_MAX_AGE seconds after the login the user is logged out whatever their activity,
    and the login page says why.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = time.time()
            login_at = session.get(SESSION_LOGIN_AT)
            if login_at is None:
                # A session from before this rule: it starts counting now.
                session[SESSION_LOGIN_AT] = now
            elif now - login_at > settings.SESSION_MAX_AGE:
                hours = round(settings.SESSION_MAX_AGE / 3600)
                logout(request)
                messages.info(
                    request,
                    ngettext(
                        "For your security, a session lasts at most %(hours)d hour. "
                        "Please log in again.",
                        "For your security, a session lasts at most %(hours)d hours. "
                        "Please log in again.",
                        hours,
                    )
                    % {"hours": hours},
                )
                return self.get_response(request)
            seen_at = session.get(SESSION_SEEN_AT)
            if seen_at is None or now - seen_at >= SESSION_REFRESH_EVERY:
                session[SESSION_SEEN_AT] = now
        return self.get_response(request)
