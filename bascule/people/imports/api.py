"""API of the HR file import: upload and preview, read, commit. HR admins only.

The handlers share the services with the pages; domain errors become 400 / 409 in
config/api.py. As on the pages, an upload only adds and updates the employees it lists and
keeps stored values for blank cells unless told otherwise (`full_export`,
`clear_blank_cells`), and a commit marking more than the set share of active employees as
having left needs `confirm_leavers`. A commit is queued for a background job and answered at
once (202): read the import (its `url`) until its status is `committed` or `failed`.
"""

import datetime as dt
import json
from typing import Annotated, Any, Literal

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from bascule.core import idempotency
from bascule.core.api_errors import ERRORS, ErrorOut
from bascule.core.errors import DomainError
from bascule.core.permissions import require, user_is_hr_admin
from bascule.people import selectors, services
from bascule.people.imports import failures
from bascule.people.imports import reading as importing
from bascule.people.models import EmployeeImport, ImportStatus

router = Router(tags=["imports"])


class ImportErrorOut(Schema):
    line: int
    column: str
    value: str
    message: str


class ImportCountsOut(Schema):
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    left: int = 0
    errors: int = 0


class FieldChangeOut(Schema):
    field: str
    action: Literal["changed", "cleared", "kept"]
    before: str
    after: str


class RowChangesOut(Schema):
    employee_id: str
    name: str
    changes: list[FieldChangeOut]


class LeaverOut(Schema):
    employee_id: str
    name: str
    left_on: str | None = Field(
        description="The leave date the file gives; null for someone missing from a full "
        "export, who leaves on the day of the commit."
    )


class BlankCellsOut(Schema):
    kept: dict[str, int] = Field(description="field -> rows whose blank cell keeps the value")
    cleared: dict[str, int] = Field(description="field -> rows whose blank cell erases it")


class ImportProgressOut(Schema):
    done: int = Field(description="Changes written so far.")
    total: int = Field(description="Changes the commit writes in all.")


class ImportFailureOut(Schema):
    code: str = Field(
        description="import_outdated (the directory changed since the preview: read the "
        "import again for the new preview), confirmation_required, confirmation_mismatch, "
        "import_conflict, import_has_errors or unexpected."
    )
    message: str = Field(description="Why, in the caller's language.")


class ImportOut(Schema):
    id: int
    url: str = Field(description="This import in the API: read it to follow a commit.")
    filename: str
    status: Literal["previewed", "queued", "committing", "committed", "failed"] = Field(
        description="previewed: nothing written yet; queued: the commit waits for a "
        "background worker; committing: it is being written; committed; failed: nothing "
        "was written (see `failure`), the import can be committed again."
    )
    queued_at: dt.datetime | None = Field(description="When its commit was asked for.")
    committed_at: dt.datetime | None
    progress: ImportProgressOut | None = Field(
        description="While committing: the changes written so far (null until the first "
        "batch, and in every other status)."
    )
    failure: ImportFailureOut | None = Field(description="Why the commit failed, when it did.")
    full_export: bool = Field(
        description="Whether active employees missing from the file are marked as having left."
    )
    clear_blank_cells: bool = Field(
        description="Whether a blank cell erases the stored value (otherwise it keeps it)."
    )
    total_rows: int
    column_mapping: dict[str, str]
    counts: ImportCountsOut
    active_employees: int = Field(description="Active employees before the import.")
    confirmation_required: bool = Field(
        description="Whether the commit marks more than the set share of active employees "
        "as having left, and so needs `confirm_leavers` (the number in counts.left)."
    )
    confirm_above_percent: float = Field(
        description="The share of active employees (in %) above which a confirmation is needed."
    )
    summary: str = Field(description="What the commit does, in words.")
    errors: list[ImportErrorOut]
    changes: list[RowChangesOut] = Field(
        description="The first 1,000 employees whose record changes, field by field."
    )
    leavers: list[LeaverOut] = Field(description="The first 1,000 employees marked as having left.")
    blank_cells: BlankCellsOut


class ConfirmationErrorOut(ErrorOut):
    leaving: int | None = None
    active_employees: int | None = None


def _import_out(employee_import: EmployeeImport) -> dict[str, Any]:
    counts = employee_import.counts
    samples = employee_import.sample_changes
    blank_cells = samples.get("blank_cells", {})
    progress = selectors.employee_import_progress(employee_import=employee_import)
    failure = employee_import.failure or {}
    return {
        "id": employee_import.pk,
        "url": reverse("api:import_detail", kwargs={"import_id": employee_import.pk}),
        "filename": employee_import.filename,
        "status": employee_import.status,
        "queued_at": employee_import.queued_at,
        "committed_at": employee_import.committed_at,
        "progress": {"done": progress[0], "total": progress[1]} if progress else None,
        "failure": {
            "code": failure.get("code", failures.UNEXPECTED),
            "message": failures.message(failure.get("code", ""), failure.get("params")),
        }
        if employee_import.status == ImportStatus.FAILED
        else None,
        "full_export": employee_import.full_export,
        "clear_blank_cells": employee_import.clear_blank_cells,
        "total_rows": employee_import.total_rows,
        "column_mapping": employee_import.column_mapping,
        "counts": counts,
        "active_employees": counts.get("active", 0),
        "confirmation_required": importing.leaving_needs_confirmation(
            counts.get("left", 0), counts.get("active", 0)
        ),
        "confirm_above_percent": settings.IMPORT_LEAVERS_CONFIRM_PERCENT,
        "summary": importing.action_summary(counts),
        "changes": [
            {
                "employee_id": row["employee_id"],
                "name": row["name"],
                "changes": [
                    {
                        "field": change["field"],
                        "action": change.get("action", importing.CHANGED),
                        "before": change["old"],
                        "after": change["new"],
                    }
                    for change in row["changes"]
                ],
            }
            for row in samples.get("updated", [])
        ],
        "leavers": [
            {
                "employee_id": leaver["employee_id"],
                "name": leaver["name"],
                "left_on": leaver.get("left_on") or None,
            }
            for leaver in samples.get("left", [])
        ],
        "blank_cells": {
            "kept": blank_cells.get("kept", {}),
            "cleared": blank_cells.get("cleared", {}),
        },
        "errors": [
            {
                "line": error.get("line", 0),
                "column": error.get("column", ""),
                "value": error.get("value", ""),
                "message": importing.error_message(error),
            }
            for error in employee_import.errors
        ],
    }


def _parse_mapping(mapping: str | None) -> dict[str, str] | None:
    if not mapping:
        return None
    try:
        parsed = json.loads(mapping)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict) or not all(
        isinstance(key, str) and isinstance(value, str | None) for key, value in parsed.items()
    ):
        raise DomainError(
            _('The mapping must be a JSON object such as {"Column": "email"}.'),
            code="invalid_mapping",
        )
    return {key: value or importing.IGNORE for key, value in parsed.items()}


@router.post("/", response={201: ImportOut, **ERRORS}, summary="Upload and preview a file")
@require(user_is_hr_admin)
@idempotency.api_create()
def import_create(
    request,
    file: File[UploadedFile],
    full_export: Form[bool] = False,
    clear_blank_cells: Form[bool] = False,
    mapping: Form[str | None] = None,
):
    """Upload the HR system's export (CSV or XLSX) and return its preview; nothing is
    imported yet. `full_export=true` also marks the active employees missing from the file
    as having left; `clear_blank_cells=true` makes a blank cell erase the stored value
    (otherwise it keeps it). `mapping` is a JSON object: column header -> field name ("" ignores
    it)."""
    employee_import = services.employee_import_create(
        actor=request.user,
        filename=file.name or "upload",
        content=file.read(),
        full_export=full_export,
        clear_blank_cells=clear_blank_cells,
        mapping=_parse_mapping(mapping),
        submission=idempotency.submission(request),
    )
    return Status(201, _import_out(employee_import))


@router.get("/{import_id}", response={200: ImportOut, **ERRORS}, summary="Read an import")
@require(user_is_hr_admin)
def import_detail(request, import_id: int):
    """Return an import: its status, counts and errors."""
    return _import_out(selectors.access_employee_import(user=request.user, import_id=import_id))


@router.post(
    "/{import_id}/commit",
    response={202: ImportOut, 409: ConfirmationErrorOut, **ERRORS},
    summary="Apply an import",
)
@require(user_is_hr_admin)
def import_commit(
    request,
    response: HttpResponse,
    import_id: int,
    confirm_leavers: Annotated[
        int | None,
        Form(
            None,
            description="The number of employees the commit marks as having left "
            "(counts.left): required when confirmation_required, refused when it is not "
            "that number.",
        ),
    ] = None,
):
    """Queue the commit of a previewed import, and answer at once (202) with the import,
    its `url` in the Location header: read it until its status is `committed` or `failed`.

    The commit applies the file all or nothing, as the preview showed it, in a background
    job; while it runs, `progress` says how many changes are written. When the directory
    changed since the preview in a way that changes what the import does, nothing is
    written: the status becomes `failed` (`failure.code` `import_outdated`) and the import
    holds the new preview, which can be committed again. Refused at once: 400 when the file
    has errors; 409 when it is already queued, being imported or imported
    (`import_in_progress`, `already_imported`), when it marks more than the set share of
    active employees as having left and `confirm_leavers` is missing
    (`confirmation_required`, with `leaving` and `active_employees`), or when
    `confirm_leavers` is not the number marked as having left (`confirmation_mismatch`).
    Send `confirm_leavers` as a form field, like the upload's options."""
    employee_import = selectors.access_employee_import(user=request.user, import_id=import_id)
    services.employee_import_queue(
        employee_import=employee_import, actor=request.user, confirmed_leavers=confirm_leavers
    )
    # Read again: a backend running jobs at once has already applied it.
    employee_import = selectors.access_employee_import(user=request.user, import_id=import_id)
    body = _import_out(employee_import)
    response["Location"] = body["url"]
    return Status(202, body)
