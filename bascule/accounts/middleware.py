from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation


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
