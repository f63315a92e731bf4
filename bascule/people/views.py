from babel import Locale, UnknownLocaleError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.text import capfirst
from django.utils.translation import get_language

from bascule.core.page_cache import cached_page
from bascule.core.permissions import require, user_can_manage_people
from bascule.core.views import page_context
from bascule.people import history, selectors
from bascule.people.forms import DirectoryFilterForm

RESULTS_TARGET = "directory-results"
# The latest changes an employee's page shows (the rest stays in the history).
HISTORY_SHOWN = 50


@cached_page
@require(user_can_manage_people)
def directory(request: HttpRequest) -> HttpResponse:
    """Return the directory page, or only its results when htmx asks for them."""
    form = DirectoryFilterForm(request.GET, user=request.user)
    form.is_valid()
    employees = selectors.employee_directory(user=request.user, filters=form.filters())
    context = {
        "form": form,
        **page_context(request, employees, per_page=selectors.DIRECTORY_PAGE_SIZE),
    }
    if request.htmx and request.htmx.target == RESULTS_TARGET:
        response = render(
            request, "people/partials/directory_results.html", {**context, "swap_count": True}
        )
    else:
        response = render(request, "people/directory.html", context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def employee_detail(request: HttpRequest, employee_id: int) -> HttpResponse:
    """Return an employee's page: their record, reporting line and direct reports."""
    employee = selectors.access_employee(user=request.user, employee_id=employee_id)
    line = selectors.reporting_line(employee=employee)
    reports = list(selectors.direct_reports(employee=employee))
    linkable = selectors.visible_ids(
        user=request.user, ids=[entry.id for entry in line[:-1]] + [r.pk for r in reports]
    )
    context = {
        "employee": employee,
        "is_self": request.user.employee_id == employee.pk,
        "languages": [language_name(code) for code in employee.languages or []],
        "reporting_line": line,
        "reports": reports,
        "linkable_ids": linkable,
        # The career history is HR's: level, job, department, manager, location, leaving.
        "history": history.employee_history(employee)[:HISTORY_SHOWN]
        if request.user.is_hr_admin
        else None,
    }
    return render(request, "people/employee_detail.html", context)


def language_name(code: str) -> str:
    """Return the name of the language with ISO code `code` in the current language."""
    try:
        name = Locale.parse(get_language() or "en", sep="-").languages.get(code.lower())
    except (UnknownLocaleError, ValueError):
        name = None
    return capfirst(name) if name else code
