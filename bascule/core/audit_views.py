"""The audit log page and its CSV export (HR admins only).

Entries read in words (bascule/core/audit_registry.py); the export carries both the words and
the raw codes, so a log can be read by people and checked by tools.
"""

import csv
import datetime as dt
import json
from collections.abc import Iterator
from itertools import islice
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bascule.core import audit_registry, selectors
from bascule.core.exports import export_response
from bascule.core.forms import AccessibleFormMixin
from bascule.core.permissions import require, user_is_hr_admin
from bascule.core.tabular import safe_cell
from bascule.core.views import page_context

AUDIT_RESULTS_TARGET = "audit-results"
EXPORT_BATCH = 500


class AuditFilterFields(forms.Form):
    """The audit log's filters; the actions and object types offered are those recorded."""

    actor = forms.CharField(
        label=gettext_lazy("Who"),
        required=False,
        max_length=254,
        help_text=gettext_lazy("Part of an e-mail address"),
    )
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False)
    object_type = forms.ChoiceField(label=gettext_lazy("Object type"), required=False)
    date_from = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        actions = sorted(
            (
                (code, audit_registry.action_label(code))
                for code in selectors.audit_actions(user=user)
            ),
            key=lambda item: item[1].casefold(),
        )
        self.fields["action"].choices = [("", _("All actions")), *actions]
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
    context["rows"] = audit_registry.read_entries(
        list(context["page_obj"]), tz=request.user.zoneinfo
    )
    export_query = request.GET.copy()
    export_query.pop("page", None)
    context["export_query"] = export_query.urlencode()
    if request.htmx and request.htmx.target == AUDIT_RESULTS_TARGET:
        response = render(
            request, "core/partials/audit_results.html", {**context, "swap_count": True}
        )
    else:
        response = render(request, "core/audit_log.html", context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def csv_cell(value: Any) -> str:
    """Return `value` as CSV text a spreadsheet shows as text, never runs as a formula."""
    return safe_cell("" if value is None else str(value))


class _Echo:
    """A file-like object whose write returns the line, for csv.writer to stream."""

    def write(self, value: str) -> str:
        return value


@require(user_is_hr_admin)
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    """Return the filtered audit log as CSV: the words of the page and the raw codes."""
    form = AuditFilterForm(request.GET, user=request.user)
    form.is_valid()
    tz = request.user.zoneinfo
    entries = selectors.audit_log_search(user=request.user, filters=form.filters(), tz=tz)
    language = translation.get_language()
    stamp = timezone.localtime(timezone.now(), tz).strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        _export_lines(entries.iterator(chunk_size=EXPORT_BATCH), tz=tz, language=language),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response


def _headers(tz: dt.tzinfo) -> list[str]:
    return [
        _("When (UTC)"),
        _("When (%(zone)s)") % {"zone": str(tz)},
        _("Who (e-mail as recorded)"),
        _("Who"),
        _("Action code"),
        _("Action"),
        _("What happened"),
        _("Object type"),
        _("Object id"),
        _("Object (as recorded)"),
        _("Details"),
        _("Details (as recorded)"),
    ]


def _rows(entries: Iterator[Any], *, tz: dt.tzinfo) -> Iterator[list[Any]]:
    """Yield one row per entry, read by batches of EXPORT_BATCH (the page's words too)."""
    while batch := list(islice(entries, EXPORT_BATCH)):
        for row in audit_registry.read_entries(batch, tz=tz):
            entry = row.entry
            yield [
                entry.created_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
                timezone.localtime(entry.created_at, tz).strftime("%Y-%m-%d %H:%M"),
                entry.actor_label,
                row.actor,
                entry.action,
                row.label,
                row.sentence,
                entry.object_type,
                entry.object_id,
                entry.object_repr,
                "; ".join(f"{label}: {value}" if label else value for label, value in row.details),
                json.dumps(entry.changes, ensure_ascii=False, sort_keys=True),
            ]


def _export_lines(entries: Iterator[Any], *, tz: dt.tzinfo, language: str) -> Iterator[str]:
    # The lines are written while the response streams, after the view returned: the
    # reader's language is set again here.
    writer = csv.writer(_Echo(), delimiter=";")
    with translation.override(language):
        # A byte order mark, so spreadsheets read the accents right.
        yield "\ufeff" + writer.writerow(csv_cell(value) for value in _headers(tz))
        for values in _rows(entries, tz=tz):
            yield writer.writerow(csv_cell(value) for value in values)


@require(user_is_hr_admin)
def audit_export_xlsx(request: HttpRequest) -> HttpResponse:
    """Return the filtered audit log as an Excel workbook: the same columns as the CSV."""
    form = AuditFilterForm(request.GET, user=request.user)
    form.is_valid()
    tz = request.user.zoneinfo
    entries = selectors.audit_log_search(user=request.user, filters=form.filters(), tz=tz)
    stamp = timezone.localtime(timezone.now(), tz).strftime("%Y%m%d-%H%M")
    rows = _rows(entries.iterator(chunk_size=EXPORT_BATCH), tz=tz)
    return export_response("xlsx", f"audit-log-{stamp}", [(_("Audit log"), _headers(tz), rows)])
