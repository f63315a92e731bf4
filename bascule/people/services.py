"""Writes to the people directory: the HR file import.

An import goes: upload (`employee_import_create`, which previews), optionally a column
mapping (`employee_import_set_mapping`) or other options (`employee_import_set_options`),
then the commit. The pages and the API queue it (`employee_import_queue`) for a background
job (`employee_import_run`, bascule/people/imports/tasks.py) and return at once; the command
line commits at once (`employee_import_commit`). The preview never writes an employee; the
commit applies exactly the stored file, all or nothing, and only if that still does what the
preview showed.
By default an import only adds and updates the employees it lists, and a blank cell keeps
the stored value: marking the others as having left (a full export) and erasing stored values
with blank cells are HR's explicit choices.
"""

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.core import idempotency, jobs
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError
from bascule.people import history, selectors
from bascule.people.imports import failures
from bascule.people.imports import reading as importing
from bascule.people.models import (
    EDITABLE_STATUSES,
    IN_PROGRESS_STATUSES,
    Department,
    Employee,
    EmployeeImport,
    ImportStatus,
)

# Rows per INSERT / UPDATE: the query count grows with rows / BATCH_SIZE, never per row.
BATCH_SIZE = 500
# Errors kept on the import; the count of all of them is in counts["errors"].
MAX_STORED_ERRORS = 1000

Progress = Callable[[int, int], None]
T = TypeVar("T")

logger = logging.getLogger("bascule.jobs")


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
    # employee_id -> the compared fields before the import (HR history's "before").
    snapshot: dict[str, dict[str, Any]] = field(default_factory=dict)


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
        snapshot=snapshot,
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
    # A failed import previewed again is a preview like any other: its failure is history.
    updated = EmployeeImport.objects.filter(
        pk=employee_import.pk, status__in=EDITABLE_STATUSES
    ).update(
        status=ImportStatus.PREVIEWED,
        failure={},
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
        employee_import.refresh_from_db(fields=["status"])
        raise _not_editable(employee_import)
    employee_import.status, employee_import.failure = ImportStatus.PREVIEWED, {}
    if action:
        audit_record(actor=actor, action=action, target=employee_import, changes=changes or {})
    return employee_import


def _ensure_previewed(employee_import: EmployeeImport) -> None:
    if employee_import.status not in EDITABLE_STATUSES:
        raise _not_editable(employee_import)


def _not_editable(employee_import: EmployeeImport) -> ConflictError:
    """Return the refusal of a change to an import queued, being imported or imported."""
    if employee_import.status in IN_PROGRESS_STATUSES:
        return ConflictError(
            _("This file is being imported. Follow its progress on its page."),
            code="import_in_progress",
        )
    return ConflictError(failures.message("already_imported"), code="already_imported")


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
    """Return the import after applying it to the directory now, all or nothing (the
    command line; the pages and the API queue the commit with `employee_import_queue`).

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
    _check_no_errors(employee_import)
    # Claim the import: of two clicks or two processes, exactly one gets past this UPDATE.
    claimed = EmployeeImport.objects.filter(
        pk=employee_import.pk, status__in=EDITABLE_STATUSES
    ).update(status=ImportStatus.COMMITTING)
    if not claimed:
        employee_import.refresh_from_db(fields=["status"])
        raise _not_editable(employee_import)
    return _commit(
        employee_import, actor=actor, confirmed_leavers=confirmed_leavers, progress=progress
    )


@transaction.atomic
def employee_import_queue(
    *, employee_import: EmployeeImport, actor: Any, confirmed_leavers: int | None = None
) -> EmployeeImport:
    """Return the import queued for the background job that applies it (`commit_import`,
    bascule/people/imports/tasks.py, which calls `employee_import_run`).

    What the stored preview already refuses is refused at once, as the commit would: an
    import with errors (DomainError), one queued, being imported or imported (ConflictError
    "import_in_progress", "already_imported"), one marking more than the set share of
    active employees as left without `confirmed_leavers`, or with another number
    (ConflictError "confirmation_required", "confirmation_mismatch"). Of two clicks, one
    queues the job and the other is refused. A failed import can be queued again.
    """
    # The job's module imports this one: it is imported when a commit is queued.
    from bascule.people.imports import tasks

    _ensure_previewed(employee_import)
    _check_no_errors(employee_import)
    _check_leavers_confirmed(employee_import.counts, confirmed_leavers)
    now = timezone.now()
    queued_by = actor if getattr(actor, "is_authenticated", False) else None
    queued = EmployeeImport.objects.filter(
        pk=employee_import.pk, status__in=EDITABLE_STATUSES
    ).update(
        status=ImportStatus.QUEUED, queued_at=now, queued_by=queued_by, started_at=None, failure={}
    )
    if not queued:
        employee_import.refresh_from_db(fields=["status"])
        raise _not_editable(employee_import)
    employee_import.status, employee_import.queued_at = ImportStatus.QUEUED, now
    employee_import.queued_by, employee_import.started_at = queued_by, None
    employee_import.failure = {}
    jobs.enqueue(
        tasks.commit_import, import_id=employee_import.pk, confirmed_leavers=confirmed_leavers
    )
    return employee_import


def employee_import_run(*, import_id: int, confirmed_leavers: int | None = None) -> str:
    """Apply the queued import `import_id` (the background job's work); return its status.

    The import goes from queued to committing in a transaction of its own, so that every
    server shows it running; then the commit holds the import's row (SELECT … FOR UPDATE)
    for its one transaction: a second run of the job waits for the first one's end, then
    finds the import committed or failed and does nothing. A run whose worker was killed
    wrote nothing (its transaction is rolled back) and left the import committing: running
    the job again commits it. A refusal (the directory changed, too many leavers, a
    conflict) leaves the directory as it was and marks the import failed with the reason,
    for HR to read and try again; so does an unexpected error, raised again for the log.
    The progress goes to the shared cache (selectors.employee_import_progress).
    """
    EmployeeImport.objects.filter(pk=import_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.COMMITTING, started_at=timezone.now()
    )
    try:
        with transaction.atomic():
            employee_import = (
                EmployeeImport.objects.select_for_update(of=("self",))
                .select_related("queued_by")
                .filter(pk=import_id, status=ImportStatus.COMMITTING)
                .first()
            )
            if employee_import is None:  # committed or failed by an earlier run
                return _status_of(import_id)
            _commit(
                employee_import,
                actor=employee_import.queued_by,
                confirmed_leavers=confirmed_leavers,
                progress=_progress_in_cache(import_id),
            )
    except DomainError as exc:
        _employee_import_fail(import_id, code=exc.code, params=exc.details)
        return ImportStatus.FAILED
    except Exception:
        _employee_import_fail(import_id, code=failures.UNEXPECTED, params={})
        raise
    return ImportStatus.COMMITTED


def _status_of(import_id: int) -> str:
    return EmployeeImport.objects.filter(pk=import_id).values_list("status", flat=True).first()


def _progress_in_cache(import_id: int) -> Progress:
    """Return the progress callback of a job: the shared cache, where every server reads it
    (the import's row is held by the commit until its end)."""
    key = selectors.import_progress_key(import_id)

    def progress(done: int, total: int) -> None:
        cache.set(key, {"done": done, "total": total}, selectors.IMPORT_PROGRESS_TIMEOUT)

    return progress


def _employee_import_fail(import_id: int, *, code: str, params: dict[str, Any]) -> None:
    """Mark the import being committed as failed, with why, in a transaction of its own. An
    import the directory's changes made out of date is previewed again, so that its page
    shows what it would do now."""
    with transaction.atomic():
        employee_import = (
            EmployeeImport.objects.select_for_update()
            .filter(pk=import_id, status=ImportStatus.COMMITTING)
            .first()
        )
        if employee_import is None:
            return
        fields: dict[str, Any] = {
            "status": ImportStatus.FAILED,
            "failure": {"code": code, "params": params},
        }
        if code == "import_outdated":
            fields.update(_fresh_preview_fields(employee_import))
        EmployeeImport.objects.filter(pk=import_id).update(**fields)


def _fresh_preview_fields(employee_import: EmployeeImport) -> dict[str, Any]:
    try:
        preview = _preview(
            _read(bytes(employee_import.content)),
            employee_import.column_mapping,
            full_export=employee_import.full_export,
            clear_blank_cells=employee_import.clear_blank_cells,
        )
    except Exception:
        # The failure is recorded all the same; the preview stays the one HR saw.
        logger.exception("import %s: previewing again after the failure failed", employee_import.pk)
        return {}
    return {
        "column_mapping": preview.column_mapping,
        "total_rows": preview.total_rows,
        "counts": preview.counts,
        "errors": preview.errors,
        "sample_changes": preview.sample_changes,
        "plan_digest": preview.digest,
    }


def _check_no_errors(employee_import: EmployeeImport) -> None:
    if employee_import.errors:
        raise DomainError(failures.message("import_has_errors"), code="import_has_errors")


def _commit(
    employee_import: EmployeeImport,
    *,
    actor: Any,
    confirmed_leavers: int | None,
    progress: Progress | None,
) -> EmployeeImport:
    """Apply the import claimed by the caller's transaction; see employee_import_commit."""
    _check_no_errors(employee_import)
    table = _read(bytes(employee_import.content))
    preview = _preview(
        table,
        employee_import.column_mapping,
        full_export=employee_import.full_export,
        clear_blank_cells=employee_import.clear_blank_cells,
    )
    if preview.errors:
        details = {"invalid_rows": preview.counts["errors"]}
        raise DomainError(
            failures.message("import_outdated", details), code="import_outdated", details=details
        )
    _check_same_as_previewed(employee_import, preview)
    _check_leavers_confirmed(preview.counts, confirmed_leavers)
    try:
        _apply(preview, progress=progress, employee_import=employee_import)
    except IntegrityError as exc:
        # Someone else wrote the same employee ID or e-mail since the checks above.
        raise ConflictError(failures.message("import_conflict"), code="import_conflict") from exc

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
    details = (
        {"leaving": leaving, "previewed": previewed_leaving} if leaving != previewed_leaving else {}
    )
    raise DomainError(
        failures.message("import_outdated", details), code="import_outdated", details=details
    )


def _check_leavers_confirmed(counts: Mapping[str, int], confirmed_leavers: int | None) -> None:
    leaving, active = counts.get("left", 0), counts.get("active", 0)
    details = {"leaving": leaving, "active_employees": active}
    if confirmed_leavers is not None and confirmed_leavers != leaving:
        details["confirmed"] = confirmed_leavers
        raise ConflictError(
            failures.message("confirmation_mismatch", details),
            code="confirmation_mismatch",
            details=details,
        )
    if confirmed_leavers is None and importing.leaving_needs_confirmation(leaving, active):
        raise ConflictError(
            failures.message("confirmation_required", details),
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


def _apply(
    preview: ImportPreview,
    *,
    progress: Progress | None,
    employee_import: EmployeeImport | None = None,
) -> None:
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

    # HR history: what changed for whom, dated today (bascule/people/history.py).
    before = {
        preview.existing_pks[employee_id]: values
        for employee_id, values in preview.snapshot.items()
    }
    history.record_import_changes(
        updates=plan.updates,
        manager_changes=(
            (pk_of[employee_id], manager_id) for employee_id, manager_id in plan.manager_changes
        ),
        leavers=plan.leavers,
        before=before,
        day=today,
        employee_import=employee_import,
    )


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
