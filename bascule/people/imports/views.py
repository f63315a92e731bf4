"""Pages of the HR file import: upload, column mapping, preview and options, commit with
progress, result.

HR admins only. The commit is queued for a background job and the request returns at once:
the import's page then says what will happen and shows the job's progress (the status from
the import's row, the changes written from the shared cache; an htmx partial polled every
second, a page refreshing itself without JavaScript), then the result, or why it failed and
that nothing was changed, with the button to try again. Above the set share of leavers the
commit form asks HR to type how many people will be marked as having left.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from bascule.core import idempotency
from bascule.core.errors import ConflictError, DomainError
from bascule.core.forms import add_errors
from bascule.core.permissions import require, user_is_hr_admin
from bascule.people import selectors, services
from bascule.people.imports import failures
from bascule.people.imports import reading as importing
from bascule.people.imports.forms import (
    ImportCommitForm,
    ImportMappingForm,
    ImportOptionsForm,
    ImportUploadForm,
)
from bascule.people.models import (
    EDITABLE_STATUSES,
    IN_PROGRESS_STATUSES,
    EmployeeImport,
    ImportStatus,
)

ERRORS_PER_PAGE = 100
ROWS_PER_PAGE = 50
# Without JavaScript, the page of an import being applied reloads itself this often (s).
REFRESH_SECONDS = 5


def _uploaded_url(employee_import: Any) -> str:
    if employee_import is None:
        return reverse("people:import_upload")
    return reverse("people:import_preview", kwargs={"import_id": employee_import.pk})


@require(user_is_hr_admin)
@idempotency.form_view(url=_uploaded_url)
def import_upload(request: HttpRequest) -> HttpResponse:
    """Return the upload page; on a valid upload, go on to the mapping or the preview."""
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                employee_import = services.employee_import_create(
                    actor=request.user,
                    filename=upload.name,
                    content=upload.read(),
                    full_export=form.cleaned_data["full_export"],
                    submission=idempotency.submission(request),
                    clear_blank_cells=form.cleaned_data["clear_blank_cells"],
                )
            except DomainError as exc:
                add_errors(form, exc, field="file")
            else:
                if services.employee_import_unrecognised_headers(
                    employee_import=employee_import
                ) or services.employee_import_missing_fields(employee_import=employee_import):
                    return redirect("people:import_mapping", import_id=employee_import.pk)
                return redirect("people:import_preview", import_id=employee_import.pk)
    else:
        form = ImportUploadForm()
    context = {
        "form": form,
        "recent_imports": selectors.employee_imports_recent(),
        "accepted_headers": _accepted_headers(),
    }
    return render(request, "people/imports/import_upload.html", context)


@require(user_is_hr_admin)
def import_mapping(request: HttpRequest, import_id: int) -> HttpResponse:
    """Return the mapping page: HR says what each unrecognised column holds."""
    employee_import = selectors.access_employee_import(user=request.user, import_id=import_id)
    if employee_import.status not in EDITABLE_STATUSES:
        return redirect("people:import_preview", import_id=employee_import.pk)
    unrecognised = services.employee_import_unrecognised_headers(employee_import=employee_import)
    form = ImportMappingForm(
        request.POST if request.method == "POST" else None,
        headers=unrecognised,
        mapping=employee_import.column_mapping,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.employee_import_set_mapping(
                employee_import=employee_import,
                actor=request.user,
                mapping=form.cleaned_data["mapping"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("people:import_preview", import_id=employee_import.pk)
    recognised = [
        (header, importing.field_label(name))
        for header, name in employee_import.column_mapping.items()
        if name and header not in unrecognised
    ]
    missing = [
        importing.field_label(name)
        for name in services.employee_import_missing_fields(employee_import=employee_import)
    ]
    context = {
        "employee_import": employee_import,
        "form": form,
        "recognised": recognised,
        "missing": missing,
    }
    return render(request, "people/imports/import_mapping.html", context)


@require(user_is_hr_admin)
def import_preview(request: HttpRequest, import_id: int) -> HttpResponse:
    """Return the page of an import: its preview (with why it failed, if it did), what it
    will do and its progress while its job runs, or its result once committed."""
    employee_import = selectors.access_employee_import(user=request.user, import_id=import_id)
    if employee_import.status == ImportStatus.COMMITTED:
        return render(
            request, "people/imports/import_result.html", {"employee_import": employee_import}
        )
    if employee_import.status in IN_PROGRESS_STATUSES:
        context = {**_progress_context(employee_import), "refresh_seconds": REFRESH_SECONDS}
        return render(request, "people/imports/import_running.html", context)
    return render(
        request, "people/imports/import_preview.html", _preview_context(request, employee_import)
    )


@require(user_is_hr_admin)
@require_POST
def import_options(request: HttpRequest, import_id: int) -> HttpResponse:
    """Preview the import again with other options (full export, blank cells), then show it."""
    employee_import = selectors.access_employee_import(user=request.user, import_id=import_id)
    form = ImportOptionsForm(request.POST)
    if not form.is_valid():
        context = _preview_context(request, employee_import, options_form=form)
        return render(request, "people/imports/import_preview.html", context, status=400)
    try:
        services.employee_import_set_options(
            employee_import=employee_import,
            actor=request.user,
            full_export=form.cleaned_data["full_export"],
            clear_blank_cells=form.cleaned_data["clear_blank_cells"],
        )
    except DomainError as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, _("The preview has been updated with your choices."))
    return redirect("people:import_preview", import_id=employee_import.pk)


@require(user_is_hr_admin)
@require_POST
def import_commit(request: HttpRequest, import_id: int) -> HttpResponse:
    """Queue the import's commit, then go to its page, which follows the job; htmx gets the
    commit partial back when the confirmation is wrong.

    Above the set share of leavers, the typed number must match before anything is queued.
    """
    employee_import = selectors.access_employee_import(user=request.user, import_id=import_id)
    page_url = reverse("people:import_preview", args=[employee_import.pk])
    form = _commit_form(employee_import, data=request.POST)
    valid = form.is_valid()
    if employee_import.status in EDITABLE_STATUSES and not valid:
        if request.htmx:
            context = {**_commit_context(employee_import), "commit_form": form}
            return render(request, "people/imports/partials/import_commit.html", context)
        context = _preview_context(request, employee_import, commit_form=form)
        return render(request, "people/imports/import_preview.html", context, status=400)
    try:
        services.employee_import_queue(
            employee_import=employee_import,
            actor=request.user,
            confirmed_leavers=form.cleaned_data.get("confirm_leavers") if valid else None,
        )
    except ConflictError as exc:
        # A second click, or another HR admin's: the page shows the import where it is.
        messages.info(request, exc.message)
    except DomainError as exc:
        messages.error(request, exc.message)
    if request.htmx:
        return HttpResponseClientRedirect(page_url)
    return redirect(page_url)


@require(user_is_hr_admin)
def import_progress(request: HttpRequest, import_id: int) -> HttpResponse:
    """Return the progress partial, which polls itself every second while the job waits or
    runs; once it ended, htmx is sent to the import's page (the result, or the failure)."""
    employee_import = selectors.access_employee_import(user=request.user, import_id=import_id)
    if request.htmx and employee_import.status not in IN_PROGRESS_STATUSES:
        return HttpResponseClientRedirect(
            reverse("people:import_preview", args=[employee_import.pk])
        )
    return render(
        request,
        "people/imports/partials/import_progress.html",
        _progress_context(employee_import),
    )


def _progress_context(employee_import: EmployeeImport) -> dict[str, Any]:
    progress = selectors.employee_import_progress(employee_import=employee_import)
    done, total = progress or (0, 0)
    return {
        "employee_import": employee_import,
        "counts": employee_import.counts,
        "in_progress": employee_import.status in IN_PROGRESS_STATUSES,
        "queued": employee_import.status == ImportStatus.QUEUED,
        "failed": employee_import.status == ImportStatus.FAILED,
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 0,
    }


def _needs_confirmation(employee_import: EmployeeImport) -> bool:
    counts = employee_import.counts
    return importing.leaving_needs_confirmation(counts.get("left", 0), counts.get("active", 0))


def _commit_form(employee_import: EmployeeImport, data: Any = None) -> ImportCommitForm:
    return ImportCommitForm(
        data,
        leaving=employee_import.counts.get("left", 0),
        required=_needs_confirmation(employee_import),
    )


def _commit_context(
    employee_import: EmployeeImport, commit_form: ImportCommitForm | None = None
) -> dict[str, Any]:
    return {
        "employee_import": employee_import,
        "can_commit": employee_import.status in EDITABLE_STATUSES and not employee_import.errors,
        "commit_label": importing.action_summary(employee_import.counts),
        "commit_form": commit_form or _commit_form(employee_import),
        "needs_confirmation": _needs_confirmation(employee_import),
    }


def _preview_context(
    request: HttpRequest,
    employee_import: EmployeeImport,
    *,
    options_form: ImportOptionsForm | None = None,
    commit_form: ImportCommitForm | None = None,
) -> dict[str, Any]:
    counts = employee_import.counts
    errors = Paginator(employee_import.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    error_count = counts.get("errors", len(employee_import.errors))
    samples = employee_import.sample_changes
    changed_rows = samples.get("updated", [])
    changes = Paginator(changed_rows, ROWS_PER_PAGE).get_page(request.GET.get("changes_page"))
    leavers = Paginator(samples.get("left", []), ROWS_PER_PAGE).get_page(
        request.GET.get("leavers_page")
    )
    leaving, active = counts.get("left", 0), counts.get("active", 0)
    changing = samples.get("updated_total", len(changed_rows))
    failed = employee_import.status == ImportStatus.FAILED
    failure = employee_import.failure or {}
    return {
        "employee_import": employee_import,
        "failed": failed,
        "failure_message": failures.message(failure.get("code", ""), failure.get("params"))
        if failed
        else "",
        "page_obj": errors,
        "error_rows": [_error_row(error) for error in errors.object_list],
        "error_count": error_count,
        "errors_truncated": error_count > len(employee_import.errors),
        "querystring_without_page": _querystring_without(request, "page"),
        "changes_page": changes,
        "change_rows": [_change_row(row) for row in changes.object_list],
        "changes_truncated": changing > len(changed_rows),
        "changes_total": changing,
        "changes_querystring": _querystring_without(request, "changes_page"),
        "leavers_page": leavers,
        "leavers_truncated": leaving > len(samples.get("left", [])),
        "leavers_querystring": _querystring_without(request, "leavers_page"),
        "blank_kept": _blank_cells(samples, "kept"),
        "blank_cleared": _blank_cells(samples, "cleared"),
        "leaving": leaving,
        "active": active,
        "leaving_percent": importing.leaving_percent(leaving, active),
        "confirm_percent": settings.IMPORT_LEAVERS_CONFIRM_PERCENT,
        "options_form": options_form
        or ImportOptionsForm(
            initial=ImportOptionsForm.initial_for(
                full_export=employee_import.full_export,
                clear_blank_cells=employee_import.clear_blank_cells,
            )
        ),
        "unrecognised": services.employee_import_unrecognised_headers(
            employee_import=employee_import
        ),
        **_commit_context(employee_import, commit_form),
    }


def _querystring_without(request: HttpRequest, name: str) -> str:
    """Return the query string without parameter `name`, ready for "name=N" to be added."""
    params = request.GET.copy()
    params.pop(name, None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


def _blank_cells(samples: dict[str, Any], outcome: str) -> list[dict[str, Any]]:
    cells = samples.get("blank_cells", {}).get(outcome, {})
    return [
        {"label": importing.field_label(name), "rows": rows}
        for name, rows in sorted(cells.items(), key=lambda item: importing.FIELDS.index(item[0]))
    ]


CHANGE_ACTIONS = {
    importing.CHANGED: gettext_lazy("Changed"),
    importing.CLEARED: gettext_lazy("Erased"),
    importing.KEPT: gettext_lazy("Kept (empty in the file)"),
}


def _change_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "changes": [
            {
                **change,
                "label": importing.field_label(change["field"]),
                "action_label": CHANGE_ACTIONS.get(change.get("action"), CHANGE_ACTIONS["changed"]),
            }
            for change in row.get("changes", [])
        ],
    }


def _error_row(error: dict[str, Any]) -> dict[str, Any]:
    return {
        "line": error.get("line"),
        "column": error.get("column", ""),
        "value": error.get("value", ""),
        "message": importing.error_message(error),
    }


def _accepted_headers() -> list[dict[str, Any]]:
    """Return each field with a few of the header names recognised for it."""
    return [
        {
            "label": importing.field_label(name),
            "required": name in importing.REQUIRED_FIELDS,
            "examples": importing.header_examples(name),
        }
        for name in importing.FIELDS
    ]
