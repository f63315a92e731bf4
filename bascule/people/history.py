"""HR history: when each employee's level, job title, department, manager, location changed
and when they left (docs/admin-guide.md, "HR history").

Two writers. Each committed HR import records what it changes, dated the day it is applied
(`record_import_changes`, called by the import in its transaction): the directory only learns
of a change when the HR system's export shows it. For the past, a one-off history file gives
the dates (`read_history` then `apply_history`, `manage.py import_hr_history`): one row per
employee and date, an `effective date` column and any of the tracked columns, a blank cell
meaning "unchanged". The same fact on the same day is kept once, so loading a file twice adds
nothing.

Insights read it to date promotions and moves and to know who was where at a program's
start (`state_on`).
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from bascule.core import tabular
from bascule.core.audit import audit_record
from bascule.core.errors import ValidationFailed
from bascule.people.imports import reading
from bascule.people.models import (
    Employee,
    EmployeeChange,
    EmployeeImport,
    HistoryField,
    HistorySource,
)

TRACKED = tuple(HistoryField.values)
DATE_HEADERS = tabular.HeaderMap(
    {
        "effective_on": [
            "effective date",
            "effective on",
            "effective from",
            "date",
            "date d effet",
            "date effet",
            "a compter du",
            "depuis le",
        ]
    }
)
MAX_ROWS = 200_000
VALUE_MAX = 200


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:VALUE_MAX]


def record_import_changes(
    *,
    updates: Iterable[tuple[int, Mapping[str, Any]]],
    manager_changes: Iterable[tuple[int, str | None]],
    leavers: Iterable[int],
    before: Mapping[int, Mapping[str, Any]],
    day: dt.date,
    employee_import: EmployeeImport | None,
) -> int:
    """Record the tracked facts an import changes for employees already in the directory:
    `updates` (pk, new values), `manager_changes` (pk, manager's employee ID), `leavers`
    (pks marked as left on `day`); `before` gives each pk's values before the import (the
    preview's snapshot). New employees start their history with their first row. Return
    the number of changes recorded."""
    rows: dict[tuple[int, str], EmployeeChange] = {}

    def add(pk: int, name: str, new: Any, effective_on: dt.date) -> None:
        old = _text((before.get(pk) or {}).get(name))
        if old == _text(new):
            return
        rows[(pk, name)] = EmployeeChange(
            employee_id=pk,
            field=name,
            old_value=old,
            new_value=_text(new),
            effective_on=effective_on,
            source=HistorySource.IMPORT,
            employee_import=employee_import,
        )

    for pk, changes in updates:
        for name in TRACKED:
            if name in changes and name != "manager_id":
                new = changes[name]
                # A leave date given in the file is the day they left, not the import's.
                when = new if name == "left_on" and isinstance(new, dt.date) else day
                add(pk, name, new, when)
    for pk, manager in manager_changes:
        if pk in before:
            add(pk, "manager_id", manager, day)
    for pk in leavers:
        add(pk, "left_on", day, day)
    _save(rows.values())
    return len(rows)


def _save(rows: Iterable[EmployeeChange]) -> None:
    rows = list(rows)
    if rows:
        # Two imports the same day: the later one's value stands, the first one's "before".
        EmployeeChange.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["employee", "field", "effective_on"],
            update_fields=["new_value", "source", "employee_import"],
        )


@dataclass
class HistoryPlan:
    """What a history file would record: its changes and the problems found, row by row."""

    changes: list[EmployeeChange] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    rows: int = 0
    employees: int = 0

    def error_messages(self, limit: int = 20) -> list[str]:
        return [
            _("Line %(line)s, %(column)s: %(message)s")
            % {"line": e["line"], "column": e["column"], "message": e["message"]}
            for e in self.errors[:limit]
        ]


def _columns(headers: list[str]) -> tuple[int | None, int | None, dict[str, int]]:
    employee_column = date_column = None
    tracked: dict[str, int] = {}
    for index, header in enumerate(headers):
        if date_column is None and DATE_HEADERS.recognise(header) == "effective_on":
            date_column = index
            continue
        name = reading.recognise_header(header)
        if name == "employee_id" and employee_column is None:
            employee_column = index
        elif name in TRACKED and name not in tracked:
            tracked[name] = index
    return employee_column, date_column, tracked


def read_history(content: bytes) -> HistoryPlan:
    """Read a history file (CSV or XLSX) against the directory, writing nothing. Raise
    ValidationFailed when the file as a whole cannot be used; row problems are listed in
    the plan's `errors` (nothing is recorded while there are any)."""
    try:
        table = reading.read_table(content, max_rows=MAX_ROWS)
    except reading.ImportFileError as exc:
        message = reading.error_message({"code": exc.code, "params": exc.params})
        raise ValidationFailed({"file": [message]}, message=message) from exc
    employee_column, date_column, tracked = _columns(table.headers)
    missing = []
    if employee_column is None:
        missing.append(_("an employee ID column"))
    if date_column is None:
        missing.append(_("an effective date column"))
    if not tracked:
        missing.append(
            _("at least one of level, job title, department, manager, location, left on")
        )
    if missing:
        message = _("The history file needs %(what)s.") % {"what": ", ".join(missing)}
        raise ValidationFailed({"file": [message]}, message=message)

    ids = {
        _text(row.values[employee_column]).strip()
        for row in table.rows
        if employee_column < len(row.values)
    }
    pks = dict(Employee.objects.filter(employee_id__in=ids).values_list("employee_id", "pk"))
    plan = HistoryPlan(rows=len(table.rows))
    parsed: list[tuple[int, dt.date, str, str]] = []  # pk, day, field, value
    headers = table.headers

    def problem(line: int, index: int, message: str) -> None:
        plan.errors.append({"line": line, "column": headers[index], "message": message})

    for row in table.rows:
        cells = list(row.values) + [None] * (len(headers) - len(row.values))
        employee_id = _text(cells[employee_column]).strip()
        pk = pks.get(employee_id)
        if pk is None:
            problem(row.line, employee_column, _("No employee has this ID."))
            continue
        try:
            day = reading.parse_date(cells[date_column])
        except (ValueError, reading.CellError):
            day = None
        if day is None:
            problem(row.line, date_column, _("This is not a date (e.g. 2024-03-31)."))
            continue
        for name, index in tracked.items():
            value = cells[index]
            if reading.is_blank(value):
                continue
            try:
                clean = reading.PARSERS[name](value)
            except reading.CellError as exc:
                problem(
                    row.line, index, reading.error_message({"code": exc.code, "params": exc.params})
                )
                continue
            except ValueError:
                problem(row.line, index, _("Invalid value."))
                continue
            parsed.append((pk, day, name, _text(clean)))
    plan.employees = len({pk for pk, *_rest in parsed})
    plan.changes = _as_changes(parsed)
    return plan


def _as_changes(parsed: list[tuple[int, dt.date, str, str]]) -> list[EmployeeChange]:
    """Each fact's successive values, in date order, as changes from the value before (the
    first one known has none); a value repeated from one date to the next is no change."""
    by_fact: dict[tuple[int, str], dict[dt.date, str]] = {}
    for pk, day, name, value in parsed:
        by_fact.setdefault((pk, name), {})[day] = value
    changes = []
    for (pk, name), values in by_fact.items():
        previous = ""
        for day in sorted(values):
            value = values[day]
            if value != previous:
                changes.append(
                    EmployeeChange(
                        employee_id=pk,
                        field=name,
                        old_value=previous,
                        new_value=value,
                        effective_on=day,
                        source=HistorySource.HISTORY,
                    )
                )
            previous = value
    return changes


@transaction.atomic
def apply_history(*, plan: HistoryPlan, actor: Any, filename: str = "") -> int:
    """Record a history file's changes (refused while it has errors); the same fact on the
    same day already known is left as it is. Return how many were added."""
    if plan.errors:
        messages = plan.error_messages()
        raise ValidationFailed(
            {"file": messages},
            message=_("Nothing was recorded: %(count)s problems in the file.")
            % {"count": len(plan.errors)},
        )
    before = EmployeeChange.objects.count()
    EmployeeChange.objects.bulk_create(plan.changes, batch_size=2000, ignore_conflicts=True)
    added = EmployeeChange.objects.count() - before
    audit_record(
        actor=actor,
        action="people.history_imported",
        target=None,
        changes={"filename": filename, "rows": plan.rows, "changes": added},
    )
    return added


def employee_history(employee: Employee) -> QuerySet[EmployeeChange]:
    """An employee's changes, the latest first."""
    return EmployeeChange.objects.filter(employee=employee).order_by("-effective_on", "-id")


def state_on(day: dt.date, names: Iterable[str] = TRACKED) -> dict[int, dict[str, str]]:
    """Each employee's value of `names` on `day` as the history knows it (the latest change
    effective on or before `day`), for those whose history says anything; pk -> field ->
    value."""
    state: dict[int, dict[str, str]] = {}
    rows = (
        EmployeeChange.objects.filter(field__in=list(names), effective_on__lte=day)
        .order_by("employee_id", "field", "effective_on", "id")
        .values_list("employee_id", "field", "new_value")
    )
    for pk, name, value in rows:
        state.setdefault(pk, {})[name] = value
    return state
