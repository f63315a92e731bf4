"""The one role gate of the pages and the API, and the role predicates it is given.

`@require(predicate)` answers 403 unless `predicate(request.user)` holds, `request.user` being
the caller for a page and for an API operation alike. Object-level checks (someone else's
pair, a program out of scope: 404) live in the apps' `access_*` selectors.

On a page view it checks before the view runs. On an API operation, placed directly under
`@router.<method>(…)` (above `@idempotency.api_create()`), it checks as soon as the caller is
authenticated, before the body or the query is read: a role that may never call the operation
gets 403 whatever it sends, never a 422 about its input. The API's authenticators
(`bascule/accounts/auth.py`) call `check_role_gate` once they know the caller; the same check
runs again around the handler, so an operation is gated even if an authenticator forgot.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.decorators import decorate_view

Predicate = Callable[[Any], bool]

# The request attribute through which an API operation hands its predicate to authentication.
_GATE = "bascule_role_gate"


# --- Who may do what ---------------------------------------------------------------------------


def user_is_hr_admin(user: Any) -> bool:
    return user.is_authenticated and user.is_hr_admin


def user_can_manage_people(user: Any) -> bool:
    """The roles that may browse the employee directory: HR admins and program managers."""
    return user.is_authenticated and user.can_manage_people


def user_can_manage_programs(user: Any) -> bool:
    """HR admins and program managers (the programs they manage: `access_managed_program`)."""
    return user.is_authenticated and (user.is_hr_admin or user.is_program_manager)


def user_can_match(user: Any) -> bool:
    """Matching, pairs and their health are the program managers' work."""
    return user_can_manage_programs(user)


def user_can_see_funnels(user: Any) -> bool:
    """Managers, and the sponsor (counts only, never an individual record)."""
    return user_can_manage_programs(user) or (user.is_authenticated and user.is_sponsor)


def user_can_apply(user: Any) -> bool:
    """Return True for the users who may apply to programs: employees, sponsors excepted."""
    return user.is_authenticated and user.employee_id is not None and not user.is_sponsor


def user_has_pairs(user: Any) -> bool:
    """Users who may have a partner: the same people as those who may apply."""
    return user_can_apply(user)


def user_is_not_sponsor(user: Any) -> bool:
    """Everyone but the sponsor, who sees aggregates only."""
    return user.is_authenticated and not user.is_sponsor


def user_may_recognise(user: Any) -> bool:
    """HR admins, program managers and sponsors recognise participants of their programs."""
    return user.is_authenticated and (
        user.is_hr_admin or user.is_program_manager or user.is_sponsor
    )


def user_may_send_kudos(user: Any) -> bool:
    """Those who thank a partner, and those who recognise participants."""
    return user_has_pairs(user) or user_may_recognise(user)


def user_reads_walls(user: Any) -> bool:
    """Everyone logged in reads the company's recognition wall (a program's is scoped)."""
    return bool(user.is_authenticated)


# --- The gate --------------------------------------------------------------------------------


def check_role_gate(request: HttpRequest, user: Any) -> None:
    """Raise PermissionDenied (403) when the API operation being called refuses `user`'s role.
    Called by the API's authenticators with the caller they recognised."""
    predicate = getattr(request, _GATE, None)
    if predicate is not None and not predicate(user):
        raise PermissionDenied


def _hand_to_authentication(predicate: Predicate) -> Callable:
    """Wrap a ninja operation's `run` (authentication, then input, then the handler) so that
    authentication finds the operation's predicate on the request."""

    def decorate(run: Callable) -> Callable:
        @wraps(run)
        def gated(request: HttpRequest, **kwargs: Any) -> Any:
            setattr(request, _GATE, predicate)
            return run(request, **kwargs)

        return gated

    return decorate


def require(predicate: Predicate) -> Callable:
    """Return a decorator answering 403 unless `predicate(request.user)` holds, for a page
    view or an API operation (directly under its `@router.<method>`)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_role = predicate
        # Used only when ninja makes an operation of the function; a page ignores it.
        return decorate_view(_hand_to_authentication(predicate))(wrapped)

    return decorator
