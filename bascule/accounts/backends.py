"""Password authentication with login throttling (see throttle.py), for every login form.

The login page and the admin's login both go through `authenticate()`, so both are
throttled here. A refused attempt checks no password: the request is marked with the wait
(`request.login_throttle`) for the form's message, and Django's `authenticate()` stops at
the PermissionDenied and reports a failed login.

A session's user is read with their employee record and its department, in one query.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from bascule.accounts import throttle
from bascule.accounts.models import User


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

    def get_user(self, user_id: Any) -> Any:
        """Return the active user of a session with their employee record and its
        department, read in the same query: most pages show them (the home page, a pair's
        space, the header)."""
        try:
            user = User.objects.select_related("employee__department").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
