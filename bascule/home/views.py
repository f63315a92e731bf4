from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from bascule.core.page_cache import cached_page
from bascule.core.permissions import user_can_apply
from bascule.home import selectors


@cached_page
def home(request: HttpRequest) -> HttpResponse:
    """Return the home page: for each of the user's roles, what to do first and the key
    numbers (bascule/home/selectors.py)."""
    user = request.user
    context: dict[str, Any] = {"own_employee": user.employee}
    if user.can_manage_people:
        context["staff"] = selectors.staff_home(user=user)
    elif user.is_sponsor:
        context["sponsor"] = selectors.sponsor_home(user=user)
    if user_can_apply(user):
        participant = selectors.participant_home(user=user, language=get_language() or "fr")
        context["participant"] = participant
        context["programs_open"] = participant.programs_open
        context["applications"] = participant.applications
    return render(request, "home/home.html", context)
