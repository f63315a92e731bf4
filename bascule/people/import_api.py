"""API of the HR file import: upload and preview, read, commit. HR admins only.

The handlers share the services with the pages; domain errors become 400 / 409 in
config/api.py.
"""

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from bascule.core import idempotency
from bascule.core.errors import DomainError
from bascule.core.permissions import user_is_hr_admin
from bascule.people import importing, selectors, services
from bascule.people.models import EmployeeImport

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


class ImportOut(Schema):
    id: int
    filename: str
    status: str
    full_export: bool
    total_rows: int
    column_mapping: dict[str, str]
    counts: ImportCountsOut
    errors: list[ImportErrorOut]


class ErrorOut(Schema):
    detail: str
    code: str | None = None


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _import_out(employee_import: EmployeeImport) -> dict[str, Any]:
    return {
        "id": employee_import.pk,
        "filename": employee_import.filename,
        "status": employee_import.status,
        "full_export": employee_import.full_export,
        "total_rows": employee_import.total_rows,
        "column_mapping": employee_import.column_mapping,
        "counts": employee_import.counts,
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


def _check_hr_admin(request) -> None:
    if not user_is_hr_admin(request.auth):
        raise PermissionDenied


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
@idempotency.api_create()
def import_create(
    request,
    file: File[UploadedFile],
    full_export: Form[bool] = True,
    mapping: Form[str | None] = None,
):
    """Upload the HR system's export (CSV or XLSX) and return its preview; nothing is
    imported yet. `mapping` is a JSON object: column header -> field name ("" ignores it)."""
    _check_hr_admin(request)
    employee_import = services.employee_import_create(
        actor=request.auth,
        filename=file.name or "upload",
        content=file.read(),
        full_export=full_export,
        mapping=_parse_mapping(mapping),
        submission=idempotency.submission(request),
    )
    return Status(201, _import_out(employee_import))


@router.get("/{import_id}", response={200: ImportOut, **ERRORS}, summary="Read an import")
def import_detail(request, import_id: int):
    """Return an import: its status, counts and errors."""
    _check_hr_admin(request)
    return _import_out(selectors.access_employee_import(user=request.auth, import_id=import_id))


@router.post(
    "/{import_id}/commit",
    response={200: ImportOut, 409: ErrorOut, **ERRORS},
    summary="Apply an import",
)
def import_commit(request, import_id: int):
    """Apply a previewed import to the directory, all or nothing. 400 when the file has
    errors, 409 when it was already imported."""
    _check_hr_admin(request)
    employee_import = selectors.access_employee_import(user=request.auth, import_id=import_id)
    try:
        employee_import = services.employee_import_commit(
            employee_import=employee_import, actor=request.auth
        )
    except DomainError as exc:
        if exc.code == "import_outdated":
            # Store the rows the directory's changes made invalid, for GET to show.
            employee_import.refresh_from_db()
            services.employee_import_refresh(employee_import=employee_import, actor=request.auth)
        raise
    return _import_out(employee_import)
