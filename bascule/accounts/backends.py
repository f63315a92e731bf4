"""Password authentication with login throttling (see throttle.py), for every login form.

The login page and the admin's login both go through `authenticate()`, so both are
throttled here. A refused attempt checks no password: the request is marked with the wait
(`request.login_throttle`) for the form's message, and Django's `authenticate()` stops at
the PermissionDenied and reports a failed login.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from bascule.accounts import throttle


class ThrottledModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None or username is None or password is None:
            # No request (a script's `authenticate()`): nothing to throttle by.
            return super().authenticate(request, username, password, **kwargs)
        attempt = throttle.attempt_begin(email=username, address=throttle.client_address(request))
        request.login_throttle = attempt
        if attempt.refused:
            raise PermissionDenied
        user = super().authenticate(request, throttle.normalize_email(username), password, **kwargs)
        if user is not None:
            throttle.attempt_succeeded(attempt)
        return user
