"""Pages of personal data: a person's own copy (from "My account"), and for HR admins a
person's copy and their erasure (from the employee page, or the admin's account page)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bascule.core.errors import ConflictError, DomainError
from bascule.core.forms import add_errors
from bascule.privacy import selectors, services
from bascule.privacy.base import Audience, Person
from bascule.privacy.forms import ErasureForm
from bascule.privacy.notice import privacy_notice

JSON = "json"


def _export_response(
    request: HttpRequest, person: Person, audience: Audience, *, filename: str, back_url: str
) -> HttpResponse:
    export = selectors.person_export(person=person, audience=audience)
    wants_json = request.GET.get("format") == JSON
    if audience == Audience.HR:
        services.person_export_record(
            actor=request.user, person=person, export_format=JSON if wants_json else "html"
        )
    if wants_json:
        response: HttpResponse = JsonResponse(
            selectors.export_as_json(export), json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        day = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="{filename}-{day}.json"'
    else:
        context = {
            "export": export,
            "is_self": audience == Audience.SELF,
            "back_url": back_url,
            "privacy_notice": privacy_notice() if audience == Audience.SELF else None,
        }
        response = render(request, "privacy/export.html", context)
    # Personal data: never kept by a shared cache or the browser's history cache.
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    """Return everything Bascule holds about the user: a printable page, or JSON."""
    person = selectors.person_of(user=request.user)
    return _export_response(
        request,
        person,
        Audience.SELF,
        filename="bascule-my-data",
        back_url=reverse("accounts:me"),
    )


@require_GET
def employee_data(request: HttpRequest, employee_id: int) -> HttpResponse:
    """Return, for an HR admin, what Bascule holds about an employee (page or JSON)."""
    person = selectors.access_person(user=request.user, employee_id=employee_id)
    return _export_response(
        request,
        person,
        Audience.HR,
        filename=f"bascule-personal-data-employee-{employee_id}",
        back_url=reverse("people:employee_detail", args=[employee_id]),
    )


@require_GET
def account_data(request: HttpRequest, user_id: int) -> HttpResponse:
    """Return, for an HR admin, what Bascule holds about an account (page or JSON)."""
    person = selectors.access_person(user=request.user, user_id=user_id)
    return _export_response(
        request,
        person,
        Audience.HR,
        filename=f"bascule-personal-data-account-{user_id}",
        back_url=reverse("home:home"),
    )


def _erase(request: HttpRequest, person: Person, *, back_url: str) -> HttpResponse:
    form = ErasureForm(request.POST if request.method == "POST" else None, person=person)
    if person.is_erased:
        if request.method == "POST":
            messages.info(request, _("This person's data has already been erased."))
            return redirect(back_url)
        form = None
    own = person.user_id is not None and person.user_id == request.user.pk
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.person_erase(
                actor=request.user,
                person=person,
                confirmation=form.cleaned_data["confirmation"],
            )
        except ConflictError as exc:
            messages.info(request, exc.message)
            return redirect(back_url)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The personal data was erased. The record now reads “Erased person”; what "
                    "was kept has no name."
                ),
            )
            return redirect(back_url)
    context = {
        "person": person,
        "plan": selectors.erasure_plan(person=person) if not person.is_erased else None,
        "form": form,
        "own": own,
        "back_url": back_url,
    }
    return render(request, "privacy/erase.html", context)


@require_http_methods(["GET", "POST"])
def employee_erase(request: HttpRequest, employee_id: int) -> HttpResponse:
    """Confirm, then erase an employee's personal data (HR admins)."""
    person = selectors.access_person(user=request.user, employee_id=employee_id)
    return _erase(request, person, back_url=reverse("people:employee_detail", args=[employee_id]))


@require_http_methods(["GET", "POST"])
def account_erase(request: HttpRequest, user_id: int) -> HttpResponse:
    """Confirm, then erase an account's personal data (HR admins): for accounts with no
    employee record; the others are erased from their employee page."""
    person = selectors.access_person(user=request.user, user_id=user_id)
    if person.employee is not None:
        return redirect("privacy:employee_erase", employee_id=person.employee.pk)
    return _erase(request, person, back_url=reverse("home:home"))
