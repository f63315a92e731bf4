"""API authentication: a personal bearer token, or the browser's session with its CSRF token.

The token is tried first. A token is not sent by the browser on its own, so a request that
carries one needs no CSRF token; the session's CSRF check runs only for a request that is
logged in by its session cookie, so a script's token never meets it.

Either way the caller ends up in `request.user`, the one attribute handlers read, and the
operation's role gate (`bascule.core.permissions.require`) is checked right away, before the
body is read.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from bascule.accounts import services
from bascule.accounts.models import ApiToken, User
from bascule.accounts.throttle import client_address
from bascule.accounts.tokens import hash_token, new_token_value
from bascule.core.permissions import check_role_gate

__all__ = ["BearerTokenAuth", "SessionAuth", "hash_token", "new_token_value"]


def _caller(request: HttpRequest, user: User) -> User:
    """The authenticated caller: kept in `request.user`, and refused (403) when the
    operation's role gate does not let them through."""
    request.user = user
    check_role_gate(request, user)
    return user


class BearerTokenAuth(HttpBearer):
    """`Authorization: Bearer bsc_…`: a personal token that is neither revoked nor stopped."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        services.api_token_record_use(token=api_token, address=client_address(request))
        return _caller(request, api_token.user)


class SessionAuth(APIKeyCookie):
    """The browser's session, with Django's CSRF check on writes.

    A request without a logged-in session is left to the other authenticators (no CSRF
    check, which would refuse a token's write with 403); one that has a session must pass
    the check, like any form of the site.
    """

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(
                403,
                _(
                    "The CSRF token is missing or wrong. Reload the page and try again; a "
                    "script should authenticate with a personal token instead."
                ),
            )
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if key is None or not request.user.is_authenticated:
            return None
        return _caller(request, request.user)
