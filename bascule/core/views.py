from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from bascule.core import home_selectors
from bascule.programs import enrollment_selectors


def home(request: HttpRequest) -> HttpResponse:
    """Return the home page: for each of the user's roles, what to do first and the key
    numbers (bascule/core/home_selectors.py)."""
    user = request.user
    context: dict[str, Any] = {"own_employee": user.employee}
    if user.can_manage_people:
        context["staff"] = home_selectors.staff_home(user=user)
    elif user.is_sponsor:
        context["sponsor"] = home_selectors.sponsor_home(user=user)
    if enrollment_selectors.user_can_apply(user):
        context["participant"] = home_selectors.participant_home(
            user=user, language=get_language() or "fr"
        )
        context["programs_open"] = enrollment_selectors.programs_open_to(user=user)
        context["applications"] = enrollment_selectors.my_applications(user=user)
    return render(request, "core/home.html", context)


def page_context(request: HttpRequest, queryset: QuerySet, *, per_page: int) -> dict[str, Any]:
    """Return the requested page of `queryset` and what components/pagination.html needs.

    A page number out of range shows the last page rather than an error.
    """
    page_obj = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    return {"page_obj": page_obj, "querystring_without_page": querystring_without_page(request)}


def querystring_without_page(request: HttpRequest, **fixed: str) -> str:
    """The request's query string without `page` (plus `fixed` values), ready for
    components/pagination.html to append "page=N" to."""
    params = request.GET.copy()
    params.pop("page", None)
    for key, value in fixed.items():
        params[key] = value
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""
