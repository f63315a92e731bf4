import json
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bascule.core import home_selectors, selectors
from bascule.core.forms import AccessibleFormMixin
from bascule.core.permissions import require, user_is_hr_admin
from bascule.programs import enrollment_selectors

AUDIT_RESULTS_TARGET = "audit-results"


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


class AuditFilterFields(forms.Form):
    """The audit log's filters; the actions and object types offered are those recorded."""

    actor = forms.CharField(
        label=_("Who"),
        required=False,
        max_length=254,
        help_text=_("Part of an e-mail address"),
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        actions = selectors.audit_actions(user=user)
        self.fields["action"].choices = [("", _("All actions"))] + [(a, a) for a in actions]
        self.fields["object_type"].choices = [("", _("All types"))] + list(
            selectors.audit_object_types(user=user)
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned

    def filters(self) -> selectors.AuditFilters:
        """Return the filters that validated; an invalid one is left out, not applied."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return selectors.AuditFilters(
            actor=(data.get("actor") or "").strip(),
            action=data.get("action") or "",
            object_type=data.get("object_type") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class AuditFilterForm(AccessibleFormMixin, AuditFilterFields):
    """AuditFilterFields with accessible markup.

    The mixin validates a bound form as soon as it is built, so it comes first in the MRO:
    the recorded choices are in place before it runs.
    """


def audit_details(changes: Any) -> list[tuple[str, str]]:
    """Return an audit entry's recorded changes as (label, readable value) pairs.

    A value recorded as {"old": …, "new": …} reads "old → new"; other nested values are shown
    as compact JSON.
    """
    if not isinstance(changes, dict):
        return [("", readable_value(changes))] if changes else []
    return [(str(key), readable_value(value)) for key, value in changes.items()]


def readable_value(value: Any) -> str:
    """Return one recorded value as short text."""
    if isinstance(value, dict) and set(value) == {"old", "new"}:
        return f"{readable_value(value['old'])} → {readable_value(value['new'])}"
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return ", ".join(str(item) for item in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@require(user_is_hr_admin)
def audit_log(request: HttpRequest) -> HttpResponse:
    """Return the audit log page (HR admins only), or only its results for htmx."""
    form = AuditFilterForm(request.GET, user=request.user)
    form.is_valid()
    entries = selectors.audit_log_search(
        user=request.user, filters=form.filters(), tz=request.user.zoneinfo
    )
    context: dict[str, Any] = {
        "form": form,
        **page_context(request, entries, per_page=selectors.AUDIT_PAGE_SIZE),
    }
    context["rows"] = [
        {
            "entry": entry,
            "object_type_name": selectors.object_type_name(entry.object_type)
            if entry.object_type
            else "",
            "details": audit_details(entry.changes),
        }
        for entry in context["page_obj"]
    ]
    if request.htmx and request.htmx.target == AUDIT_RESULTS_TARGET:
        response = render(
            request, "core/partials/audit_results.html", {**context, "swap_count": True}
        )
    else:
        response = render(request, "core/audit_log.html", context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response
