from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bascule.core.permissions import require, user_is_hr_admin
from bascule.people import selectors as people_selectors


def home(request: HttpRequest) -> HttpResponse:
    """Return the home page, whose content depends on the user's role."""
    user = request.user
    context = {
        "own_employee": user.employee,
        "headcount": people_selectors.headcount_summary(user=user)
        if (user.can_manage_people or user.is_sponsor)
        else None,
    }
    return render(request, "core/home.html", context)


@require(user_is_hr_admin)
def audit_log(request: HttpRequest) -> HttpResponse:
    """Return the audit log page (HR admins only); filled in by the audit feature."""
    raise NotImplementedError
