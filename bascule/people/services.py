"""Writes to the people directory: the HR file import.

An import goes: upload (`employee_import_create`, which previews), optionally a column
mapping (`employee_import_set_mapping`) or other options (`employee_import_set_options`),
then `employee_import_commit`. The preview never writes an employee; the commit applies
exactly the stored file, all or nothing, and only if that still does what the preview showed.
By default an import only adds and updates the employees it lists, and a blank cell keeps
the stored value: marking the others as having left (a full export) and erasing stored values
with blank cells are HR's explicit choices.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError
from bascule.people.imports import reading as importing
from bascule.people.models import Department, Employee, EmployeeImport, ImportStatus

# Rows per INSERT / UPDATE: the query count grows with rows / BATCH_SIZE, never per row.
BATCH_SIZE = 500
# Errors kept on the import; the count of all of them is in counts["errors"].
MAX_STORED_ERRORS = 1000

Progress = Callable[[int, int], None]
T = TypeVar("T")


def employee_import_unrecognised_headers(*, employee_import: EmployeeImport) -> list[str]:
    """Return the file's headers that were not recognised and need HR's decision."""
    return importing.unrecognised_headers(employee_import.headers)


def employee_import_missing_fields(*, employee_import: EmployeeImport) -> list[str]:
    """Return the required fields that no column is mapped to."""
    return importing.missing_required(employee_import.headers, employee_import.column_mapping)


# --- Preview ---------------------------------------------------------------------------------


@dataclass
class ImportPreview:
    """The outcome of reading a file against the directory, before anything is written."""

    headers: list[str]
    column_mapping: dict[str, str]
    total_rows: int
    counts: dict[str, int]
    errors: list[dict[str, Any]]
    sample_changes: dict[str, list[dict[str, Any]]]
    validation: importing.Validation
    plan: importing.Plan
    # employee_id -> primary key of everyone already in the directory.
    existing_pks: dict[str, int]
    # Fingerprint of the writes planned (importing.Plan.digest).
    digest: str


def _read(content: bytes) -> importing.Table:
    if len(content) > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise DomainError(
            importing.error_message(
                {
                    "code": "too_large",
                    "params": {"max_mb": settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)},
                }
            ),
            code="too_large",
        )
    try:
        return importing.read_table(content)
    except importing.ImportFileError as exc:
        raise DomainError(exc.message, code=exc.code) from exc


def _merge_mapping(
    headers: list[str], mapping: dict[str, str], overrides: dict[str, str]
) -> dict[str, str]:
    """Return `mapping` with HR's `overrides`; raise DomainError for an impossible one."""
    for header, name in overrides.items():
        if header not in headers:
            raise DomainError(
                _("There is no column “%(header)s” in this file.") % {"header": header},
                code="invalid_mapping",
            )
        if name and name not in importing.FIELD_LABELS:
            raise DomainError(
                _("“%(field)s” is not a field of an employee.") % {"field": name},
                code="invalid_mapping",
            )
    merged = {**mapping, **overrides}
    chosen = [name for name in merged.values() if name]
    duplicates = sorted({name for name in chosen if chosen.count(name) > 1})
    if duplicates:
        raise DomainError(
            _("Several columns are mapped to %(field)s; choose one.")
            % {"field": importing.field_label(duplicates[0])},
            code="invalid_mapping",
        )
    return merged


def _directory_snapshot() -> dict[str, dict[str, Any]]:
    """Return employee_id -> the employee's compared fields, in one query."""
    rows = Employee.objects.values(
        "id",
        "employee_id",
        "first_name",
        "last_name",
        "email",
        "job_title",
        "seniority_level",
        "experience_years",
        "hire_date",
        "location",
        "time_zone",
        "languages",
        "left_on",
        "department__name",
        "manager__employee_id",
    )
    snapshot = {}
    for row in rows:
        row["department"] = row.pop("department__name")
        row["manager_id"] = row.pop("manager__employee_id")
        snapshot[row["employee_id"]] = row
    return snapshot


def _preview(
    table: importing.Table,
    mapping: dict[str, str],
    *,
    full_export: bool,
    clear_blank_cells: bool,
    snapshot: dict[str, dict[str, Any]] | None = None,
) -> ImportPreview:
    if snapshot is None:
        snapshot = _directory_snapshot()
    directory = importing.Directory(
        managers={employee_id: row["manager_id"] for employee_id, row in snapshot.items()},
        emails={row["email"].casefold(): employee_id for employee_id, row in snapshot.items()},
    )
    validation = importing.validate(table, mapping, directory, clear_blank_cells=clear_blank_cells)
    plan = importing.plan_import(
        validation, snapshot, full_export=full_export, clear_blank_cells=clear_blank_cells
    )
    counts = {**plan.counts, "errors": len(validation.errors), "active": plan.active}
    return ImportPreview(
        headers=table.headers,
        column_mapping=mapping,
        total_rows=len(table.rows),
        counts=counts,
        errors=validation.errors[:MAX_STORED_ERRORS],
        sample_changes={
            "updated": plan.samples,
            "updated_total": len(plan.updates),
            "left": plan.leaver_samples,
            "blank_cells": plan.blank_cells,
        },
        validation=validation,
        plan=plan,
        existing_pks={employee_id: row["id"] for employee_id, row in snapshot.items()},
        digest=plan.digest(),
    )


def employee_import_preview(
    *,
    content: bytes,
    full_export: bool = False,
    clear_blank_cells: bool = False,
    mapping: dict[str, str] | None = None,
) -> ImportPreview:
    """Return what importing `content` would do, writing nothing.

    `full_export` marks the active employees missing from the file as having left;
    `clear_blank_cells` makes a blank cell erase the stored value instead of keeping it.
    `mapping` (header -> field, or "" to ignore the column) overrides the headers that
    were recognised. Raise DomainError when the file cannot be read at all.
    """
    table = _read(content)
    column_mapping = _merge_mapping(
        table.headers, importing.guess_mapping(table.headers), mapping or {}
    )
    return _preview(
        table, column_mapping, full_export=full_export, clear_blank_cells=clear_blank_cells
    )


def employee_import_create(
    *,
    actor: Any,
    filename: str,
    content: bytes,
    full_export: bool = False,
    clear_blank_cells: bool = False,
    mapping: dict[str, str] | None = None,
    submission: idempotency.Submission | None = None,
) -> EmployeeImport:
    """Return a new import of `content`, previewed against the directory.

    The file is kept so that the commit applies exactly what was previewed. Nobody is
    marked as having left unless `full_export`, and blank cells keep the stored values
    unless `clear_blank_cells`. Raise DomainError when the file cannot be read at all (not
    a spreadsheet, a zip bomb, empty), AlreadySubmitted when the same `submission` was sent
    before.
    """
    # Reading a large file takes a while; it happens before the transaction so that the
    # write lock (SQLite) is held only for the two small inserts below.
    preview = employee_import_preview(
        content=content,
        full_export=full_export,
        clear_blank_cells=clear_blank_cells,
        mapping=mapping,
    )
    return _employee_import_save_new(
        actor=actor,
        filename=filename,
        content=content,
        full_export=full_export,
        clear_blank_cells=clear_blank_cells,
        preview=preview,
        submission=submission,
    )


@transaction.atomic
def _employee_import_save_new(
    *,
    actor: Any,
    filename: str,
    content: bytes,
    full_export: bool,
    clear_blank_cells: bool,
    preview: ImportPreview,
    submission: idempotency.Submission | None,
) -> EmployeeImport:
    claim = idempotency.claim(actor=actor, scope="people.import", submission=submission)
    employee_import = EmployeeImport.objects.create(
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        filename=filename[:255],
        content=content,
        full_export=full_export,
        clear_blank_cells=clear_blank_cells,
        plan_digest=preview.digest,
        headers=preview.headers,
        column_mapping=preview.column_mapping,
        total_rows=preview.total_rows,
        counts=preview.counts,
        errors=preview.errors,
        sample_changes=preview.sample_changes,
    )
    claim.done(employee_import)
    audit_record(
        actor=actor,
        action="people.import_uploaded",
        target=employee_import,
        changes={
            "filename": employee_import.filename,
            "rows": preview.total_rows,
            "full_export": full_export,
            "clear_blank_cells": clear_blank_cells,
        },
    )
    return employee_import


def employee_import_set_mapping(
    *, employee_import: EmployeeImport, actor: Any, mapping: dict[str, str]
) -> EmployeeImport:
    """Return the import previewed again with HR's column mapping applied.

    `mapping` is header -> field ("" ignores the column) for the headers HR decided on.
    """
    _ensure_previewed(employee_import)
    table = _read(bytes(employee_import.content))
    column_mapping = _merge_mapping(table.headers, employee_import.column_mapping, mapping)
    preview = _preview(
        table,
        column_mapping,
        full_export=employee_import.full_export,
        clear_blank_cells=employee_import.clear_blank_cells,
    )
    return _employee_import_save_preview(
        employee_import=employee_import,
        actor=actor,
        preview=preview,
        action="people.import_mapped",
        changes={"column_mapping": preview.column_mapping},
    )


def employee_import_set_options(
    *, employee_import: EmployeeImport, actor: Any, full_export: bool, clear_blank_cells: bool
) -> EmployeeImport:
    """Return the import previewed again with HR's choices: whether the file lists everyone
    employed (`full_export`) and whether its blank cells erase the stored values."""
    _ensure_previewed(employee_import)
    table = _read(bytes(employee_import.content))
    preview = _preview(
        table,
        employee_import.column_mapping,
        full_export=full_export,
        clear_blank_cells=clear_blank_cells,
    )
    employee_import.full_export = full_export
    employee_import.clear_blank_cells = clear_blank_cells
    return _employee_import_save_preview(
        employee_import=employee_import,
        actor=actor,
        preview=preview,
        action="people.import_options_changed",
        changes={"full_export": full_export, "clear_blank_cells": clear_blank_cells},
    )


def employee_import_refresh(*, employee_import: EmployeeImport, actor: Any) -> EmployeeImport:
    """Return the import previewed again against the directory as it is now."""
    _ensure_previewed(employee_import)
    table = _read(bytes(employee_import.content))
    preview = _preview(
        table,
        employee_import.column_mapping,
        full_export=employee_import.full_export,
        clear_blank_cells=employee_import.clear_blank_cells,
    )
    return _employee_import_save_preview(
        employee_import=employee_import, actor=actor, preview=preview, action=None
    )


@transaction.atomic
def _employee_import_save_preview(
    *,
    employee_import: EmployeeImport,
    actor: Any,
    preview: ImportPreview,
    action: str | None,
    changes: dict[str, Any] | None = None,
) -> EmployeeImport:
    employee_import.column_mapping = preview.column_mapping
    employee_import.total_rows = preview.total_rows
    employee_import.counts = preview.counts
    employee_import.errors = preview.errors
    employee_import.sample_changes = preview.sample_changes
    employee_import.plan_digest = preview.digest
    updated = EmployeeImport.objects.filter(
        pk=employee_import.pk, status=ImportStatus.PREVIEWED
    ).update(
        full_export=employee_import.full_export,
        clear_blank_cells=employee_import.clear_blank_cells,
        column_mapping=preview.column_mapping,
        total_rows=preview.total_rows,
        counts=preview.counts,
        errors=preview.errors,
        sample_changes=preview.sample_changes,
        plan_digest=preview.digest,
    )
    if not updated:
        raise ConflictError(_("This file has already been imported."), code="already_imported")
    if action:
        audit_record(actor=actor, action=action, target=employee_import, changes=changes or {})
    return employee_import


def _ensure_previewed(employee_import: EmployeeImport) -> None:
    if employee_import.status != ImportStatus.PREVIEWED:
        raise ConflictError(_("This file has already been imported."), code="already_imported")


# --- Commit ----------------------------------------------------------------------------------


def _chunks(items: Sequence[T], size: int = BATCH_SIZE) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def employee_import_commit(
    *,
    employee_import: EmployeeImport,
    actor: Any,
    confirmed_leavers: int | None = None,
    progress: Progress | None = None,
) -> EmployeeImport:
    """Return the import after applying it to the directory, all or nothing.

    The file is validated and compared again with the directory as it is now, and applied
    only if that does exactly what the preview showed. Refuse (DomainError) an import with
    errors, or whose preview is out of date (code "import_outdated": preview it again);
    refuse (ConflictError) one already committed or being committed by someone else, and
    one marking more than the set share of active employees as left unless
    `confirmed_leavers` is that number ("confirmation_required"); a `confirmed_leavers`
    that is not the number is refused whatever the share ("confirmation_mismatch").
    `progress(done, total)` is called after each batch of writes.
    """
    _ensure_previewed(employee_import)
    if employee_import.errors:
        raise DomainError(
            _("This file has errors. Correct them and upload the file again."),
            code="import_has_errors",
        )
    # Claim the import: of two clicks or two processes, exactly one gets past this UPDATE.
    claimed = EmployeeImport.objects.filter(
        pk=employee_import.pk, status=ImportStatus.PREVIEWED
    ).update(status=ImportStatus.COMMITTING)
    if not claimed:
        raise ConflictError(_("This file has already been imported."), code="already_imported")

    table = _read(bytes(employee_import.content))
    preview = _preview(
        table,
        employee_import.column_mapping,
        full_export=employee_import.full_export,
        clear_blank_cells=employee_import.clear_blank_cells,
    )
    if preview.errors:
        raise DomainError(
            _(
                "The directory changed since the preview and %(count)s rows are no longer "
                "valid. Check the preview again."
            )
            % {"count": preview.counts["errors"]},
            code="import_outdated",
        )
    _check_same_as_previewed(employee_import, preview)
    _check_leavers_confirmed(preview, confirmed_leavers)
    try:
        _apply(preview, progress=progress)
    except IntegrityError as exc:
        # Someone else wrote the same employee ID or e-mail since the checks above.
        raise ConflictError(
            _("The directory changed during the import, so nothing was imported. Try again."),
            code="import_conflict",
        ) from exc

    counts = {**preview.counts}
    employee_import.status = ImportStatus.COMMITTED
    employee_import.committed_at = timezone.now()
    employee_import.counts = counts
    employee_import.total_rows = preview.total_rows
    employee_import.sample_changes = preview.sample_changes
    employee_import.save(
        update_fields=["status", "committed_at", "counts", "total_rows", "sample_changes"]
    )
    audit_record(
        actor=actor,
        action="people.import_committed",
        target=employee_import,
        changes={
            "filename": employee_import.filename,
            "full_export": employee_import.full_export,
            "clear_blank_cells": employee_import.clear_blank_cells,
            "confirmed_leavers": confirmed_leavers,
            "rows": preview.total_rows,
            "counts": counts,
        },
    )
    return employee_import


def _check_same_as_previewed(employee_import: EmployeeImport, preview: ImportPreview) -> None:
    """Refuse a commit that would not do what HR saw: the directory changed since the
    preview (an old preview, someone else's edit or import) in a way that matters."""
    if preview.digest == employee_import.plan_digest:
        return
    previewed_leaving = employee_import.counts.get("left", 0)
    leaving = preview.counts["left"]
    if leaving != previewed_leaving:
        message = ngettext(
            "The directory changed since the preview: this file would now mark %(count)s "
            "employee as having left, not %(previewed)s. Check the preview again.",
            "The directory changed since the preview: this file would now mark %(count)s "
            "employees as having left, not %(previewed)s. Check the preview again.",
            leaving,
        ) % {"count": leaving, "previewed": previewed_leaving}
    else:
        message = _(
            "The directory changed since the preview, so this file would no longer do what "
            "the preview showed. Check the preview again."
        )
    raise DomainError(message, code="import_outdated")


def _check_leavers_confirmed(preview: ImportPreview, confirmed_leavers: int | None) -> None:
    leaving, active = preview.counts["left"], preview.counts["active"]
    details = {"leaving": leaving, "active_employees": active}
    if confirmed_leavers is not None and confirmed_leavers != leaving:
        raise ConflictError(
            ngettext(
                "This import would mark %(count)s employee as having left, not "
                "%(confirmed)s. Nothing was imported.",
                "This import would mark %(count)s employees as having left, not "
                "%(confirmed)s. Nothing was imported.",
                leaving,
            )
            % {"count": leaving, "confirmed": confirmed_leavers},
            code="confirmation_mismatch",
            details=details,
        )
    if confirmed_leavers is None and importing.leaving_needs_confirmation(leaving, active):
        raise ConflictError(
            ngettext(
                "This import would mark %(count)s of %(active)s active employees as having "
                "left (%(percent)s%%), more than the %(limit)s%% allowed without confirmation. "
                "Nothing was imported. Give the number of employees who will be marked as "
                "having left to confirm.",
                "This import would mark %(count)s of %(active)s active employees as having "
                "left (%(percent)s%%), more than the %(limit)s%% allowed without confirmation. "
                "Nothing was imported. Give the number of employees who will be marked as "
                "having left to confirm.",
                leaving,
            )
            % {
                "count": leaving,
                "active": active,
                "percent": importing.leaving_percent(leaving, active),
                "limit": settings.IMPORT_LEAVERS_CONFIRM_PERCENT,
            },
            code="confirmation_required",
            details=details,
        )


# Fields copied from a row to the model; manager and department are set separately.
PLAIN_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "job_title",
    "seniority_level",
    "experience_years",
    "hire_date",
    "location",
    "time_zone",
    "languages",
    "left_on",
)


def _apply(preview: ImportPreview, *, progress: Progress | None) -> None:
    plan = preview.plan
    total = len(plan.creates) + len(plan.updates) + len(plan.manager_changes) + len(plan.leavers)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None and count:
            progress(done, total)

    if progress is not None:
        progress(0, total)
    now = timezone.now()
    departments = _departments_for(plan)

    fields = preview.validation.fields
    created: dict[str, int] = {}
    for chunk in _chunks(plan.creates):
        employees = [
            _new_employee(importing.new_employee_values(record, fields), departments)
            for record in chunk
        ]
        Employee.objects.bulk_create(employees)
        created.update((employee.employee_id, employee.pk) for employee in employees)
        advance(len(chunk))

    # Each row writes only the fields it changes: a field kept by a blank cell is never
    # written back. Rows changing the same fields share one statement per batch.
    by_fields: dict[tuple[str, ...], list[tuple[int, dict[str, Any]]]] = {}
    managers_only = 0  # written in the manager pass below
    for pk, changes in plan.updates:
        names = tuple(sorted(name for name in changes if name != "manager_id"))
        if names:
            by_fields.setdefault(names, []).append((pk, changes))
        else:
            managers_only += 1
    advance(managers_only)
    for names, updates in by_fields.items():
        for chunk in _chunks(updates):
            rows = []
            for pk, changes in chunk:
                employee = Employee(pk=pk, updated_at=now)
                _copy_values(employee, changes, departments)
                rows.append((pk, employee))
            _write_rows([*names, "updated_at"], rows)
            advance(len(chunk))

    # Second pass: a manager may come after their reports in the file, so every new
    # employee exists before anyone's manager is set.
    pk_of = {**preview.existing_pks, **created}
    for chunk in _chunks(plan.manager_changes):
        rows = [
            (
                pk_of[employee_id],
                Employee(manager_id=pk_of[manager_id] if manager_id else None, updated_at=now),
            )
            for employee_id, manager_id in chunk
        ]
        _write_rows(["manager", "updated_at"], rows)
        advance(len(chunk))

    today = timezone.localdate()
    for chunk in _chunks(plan.leavers):
        Employee.objects.filter(pk__in=chunk, left_on__isnull=True).update(
            left_on=today, updated_at=now
        )
        advance(len(chunk))


def _write_rows(field_names: list[str], rows: list[tuple[int, Employee]]) -> None:
    """Write `field_names` of each (primary key, employee) with one statement for all rows.

    Django's bulk_update builds a CASE expression per field and row, which takes seconds
    for a few thousand employees; executemany sends one prepared UPDATE with each row's
    values instead (a single pipelined round trip on PostgreSQL).
    """
    if not rows or not field_names:
        return
    fields = [Employee._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    # Table and column names come from the model, never from the file.
    sql = (
        f"UPDATE {quote(Employee._meta.db_table)} SET {assignments} "  # noqa: S608
        f"WHERE {quote(Employee._meta.pk.column)} = %s"
    )
    params = [
        [field.get_db_prep_save(getattr(employee, field.attname), connection) for field in fields]
        + [pk]
        for pk, employee in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _departments_for(plan: importing.Plan) -> dict[str, int]:
    """Return casefolded department name -> primary key, creating the missing departments."""
    names = {
        values["department"]
        for values in [*plan.creates, *(changes for _pk, changes in plan.updates)]
        if values.get("department")
    }
    if not names:
        return {}
    existing = {name.casefold(): pk for pk, name in Department.objects.values_list("pk", "name")}
    missing: dict[str, str] = {}
    for name in sorted(names):
        if name.casefold() not in existing:
            missing.setdefault(name.casefold(), name)
    if missing:
        # ignore_conflicts: a department created meanwhile by someone else is simply reused.
        Department.objects.bulk_create(
            [Department(name=name) for name in missing.values()],
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )
        existing.update(
            (name.casefold(), pk)
            for pk, name in Department.objects.filter(name__in=missing.values()).values_list(
                "pk", "name"
            )
        )
    return existing


def _copy_values(employee: Employee, values: dict[str, Any], departments: dict[str, int]) -> None:
    """Set on `employee` the fields of `values` (field -> value), managers excepted."""
    for name in PLAIN_FIELDS:
        if name in values:
            setattr(employee, name, _model_value(name, values[name]))
    if "department" in values:
        name = values["department"]
        employee.department_id = departments[name.casefold()] if name else None


def _model_value(name: str, value: Any) -> Any:
    if value is None and name in importing.TEXT_FIELDS:
        return ""
    if name == "languages":
        return list(value or [])
    return value


def _new_employee(values: dict[str, Any], departments: dict[str, int]) -> Employee:
    employee = Employee(employee_id=values["employee_id"])
    _copy_values(employee, values, departments)
    return employee
