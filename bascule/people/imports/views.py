"""Pages of the HR file import: upload, column mapping, preview and options, commit with
progress, result.

HR admins only. The commit runs in the request; its progress goes to the cache, where the
progress partial, polled by htmx, reads it. Above the set share of leavers the commit form
asks HR to type how many people will be marked as having left.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
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
from bascule.people.imports import reading as importing
from bascule.people.imports.forms import (
    ImportCommitForm,
    ImportMappingForm,
    ImportOptionsForm,
    ImportUploadForm,
)
from bascule.people.models import EmployeeImport, ImportStatus

ERRORS_PER_PAGE = 100
ROWS_PER_PAGE = 50
PROGRESS_TIMEOUT = 60 * 60


def progress_key(import_id: int) -> str:
    """Return the cache key holding the progress of an import's commit."""
    return f"people:import:{import_id}:progress"


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
    if employee_import.status != ImportStatus.PREVIEWED:
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
    """Return the preview of an import, or its result once committed."""
    employee_import = selectors.access_employee_import(user=request.user, import_id=import_id)
    if employee_import.status == ImportStatus.COMMITTED:
        return render(
            request, "people/imports/import_result.html", {"employee_import": employee_import}
        )
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
    """Apply the import, then go to its result; htmx gets the commit partial on failure.

    Above the set share of leavers, the typed number must match before anything starts.
    """
    employee_import = selectors.access_employee_import(user=request.user, import_id=import_id)
    key = progress_key(employee_import.pk)
    result_url = reverse("people:import_preview", args=[employee_import.pk])
    form = _commit_form(employee_import, data=request.POST)
    valid = form.is_valid()
    if employee_import.status == ImportStatus.PREVIEWED and not valid:
        if request.htmx:
            context = {**_commit_context(employee_import), "commit_form": form}
            return render(request, "people/imports/partials/import_commit.html", context)
        context = _preview_context(request, employee_import, commit_form=form)
        return render(request, "people/imports/import_preview.html", context, status=400)
    confirmed = form.cleaned_data.get("confirm_leavers") if valid else None

    def progress(done: int, total: int) -> None:
        cache.set(key, {"state": "running", "done": done, "total": total}, PROGRESS_TIMEOUT)

    cache.set(key, {"state": "running"}, PROGRESS_TIMEOUT)
    try:
        services.employee_import_commit(
            employee_import=employee_import,
            actor=request.user,
            confirmed_leavers=confirmed,
            progress=progress,
        )
    except ConflictError as exc:
        cache.set(key, {"state": "failed"}, PROGRESS_TIMEOUT)
        messages.info(request, exc.message)
    except DomainError as exc:
        cache.set(key, {"state": "failed"}, PROGRESS_TIMEOUT)
        if exc.code == "import_outdated":
            # Show what the import would do now, and the rows the changes made invalid.
            employee_import.refresh_from_db()
            employee_import = services.employee_import_refresh(
                employee_import=employee_import, actor=request.user
            )
        if request.htmx:
            # The whole preview may have changed: show it again with the reason on top.
            messages.error(request, exc.message)
            return HttpResponseClientRedirect(result_url)
        messages.error(request, exc.message)
    except Exception:
        # Stop the progress partial's polling; the error itself is Django's to report.
        cache.set(key, {"state": "failed"}, PROGRESS_TIMEOUT)
        raise
    else:
        cache.set(key, {"state": "done"}, PROGRESS_TIMEOUT)
        messages.success(request, _("The file has been imported."))
    if request.htmx:
        return HttpResponseClientRedirect(result_url)
    return redirect(result_url)


@require(user_is_hr_admin)
def import_progress(request: HttpRequest, import_id: int) -> HttpResponse:
    """Return the progress partial; it polls itself every 500 ms until the commit ends."""
    employee_import = selectors.access_employee_import(user=request.user, import_id=import_id)
    state = cache.get(progress_key(employee_import.pk)) or {}
    done, total = state.get("done", 0), state.get("total", 0)
    context = {
        "employee_import": employee_import,
        "finished": employee_import.status == ImportStatus.COMMITTED
        or state.get("state") in ("done", "failed"),
        "failed": state.get("state") == "failed"
        and employee_import.status != ImportStatus.COMMITTED,
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 0,
    }
    return render(request, "people/imports/partials/import_progress.html", context)


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
        "can_commit": employee_import.status == ImportStatus.PREVIEWED
        and not employee_import.errors,
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
    return {
        "employee_import": employee_import,
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
