"""Role checks shared by views and API handlers. Object-level checks live in `access_*`."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied


def user_can_manage_people(user: Any) -> bool:
    return user.is_authenticated and user.can_manage_people


def user_is_hr_admin(user: Any) -> bool:
    return user.is_authenticated and user.is_hr_admin


def require(predicate: Callable[[Any], bool]) -> Callable:
    """Return a view decorator that answers 403 unless `predicate(request.user)` holds."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
