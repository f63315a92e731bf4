"""Personal data of the people app: the directory record, and the HR files it was imported
from (see bascule/privacy/base.py for the contract, docs/privacy.md for the rules)."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bascule.people.models import EmployeeChange, EmployeeImport, HistoryField, ImportStatus
from bascule.people.views import language_name
from bascule.privacy.base import (
    ACTOR,
    ERASED_DOMAIN,
    SUBJECT,
    Audience,
    Person,
    Plan,
    Record,
    Section,
    item,
    model_items,
)

COVERS = {
    # A manager's reports are other people: their rows stay as they are.
    "people.Employee.manager": ACTOR,
    "people.EmployeeImport.created_by": ACTOR,
    "people.EmployeeImport.queued_by": ACTOR,
    "people.EmployeeChange.employee": SUBJECT,
}

KINDS = {
    "directory": gettext_lazy("directory records anonymised"),
    "imports": gettext_lazy("HR import files emptied"),
    "history": gettext_lazy("HR history entries erased"),
}
# What an erasure keeps of the HR history, with no name: counts by level and department,
# and who left when, stay right (as on the directory record).
HISTORY_KEPT = (HistoryField.SENIORITY_LEVEL, HistoryField.DEPARTMENT, HistoryField.LEFT_ON)

# Days a committed import keeps its file (the file lists everyone: it is no longer needed
# once applied, and the counts stay).
IMPORT_FILE_DAYS = 30

RECORD_FIELDS = [
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
    "created_at",
    "updated_at",
]


def export(person: Person, *, audience: Audience) -> list[Section]:
    employee = person.employee
    if employee is None:
        return []
    items = model_items(employee, RECORD_FIELDS)
    languages = [entry for entry in items if entry.key == "languages"][0]
    languages.text = ", ".join(language_name(code) for code in employee.languages or []) or "—"
    items.insert(
        4,
        item(
            "department", _("Department"), employee.department.name if employee.department else None
        ),
    )
    items.insert(
        8,
        item("manager", _("Manager"), employee.manager.full_name if employee.manager else None),
    )
    if audience == Audience.SELF:
        # Self-declared, never shown to HR on an individual page (docs/architecture.md).
        items += model_items(employee, ["generation_band"])
    section = Section(
        key="directory",
        title=_("Directory record"),
        records=[Record(title=employee.full_name, items=items)],
    )
    if audience == Audience.HR:
        section.note = _(
            "The generation the person declared themselves is left out: HR never reads it on "
            "an individual record."
        )
    sections = [section]
    changes = list(EmployeeChange.objects.filter(employee=employee).order_by("effective_on", "id"))
    if changes:
        sections.append(
            Section(
                key="history",
                title=_("HR history"),
                records=[
                    Record(
                        title=f"{change.effective_on.isoformat()} · "
                        f"{capfirst(change.get_field_display())}",
                        items=[
                            item("before", _("Before"), change.old_value or None),
                            item("after", _("After"), change.new_value or None),
                            item("source", _("Source"), change.get_source_display()),
                        ],
                    )
                    for change in changes
                ],
            )
        )
    return sections


def erasure_plan(person: Person) -> Plan:
    if person.employee is None:
        return Plan()
    return Plan(
        erase=[
            _(
                "Directory record: name, e-mail address, employee ID, job title, manager, "
                "location, languages, hire date, years of experience and self-declared "
                "generation. The person is shown as “Erased person” everywhere."
            ),
            _("The stored files of past HR imports, which list everyone (their counts stay)."),
            _(
                "HR history: the past job titles, managers and locations; their employee ID "
                "where it appears as someone else's manager."
            ),
        ],
        keep=[
            _(
                "Department and seniority level, with no name: counts by department and "
                "level stay right, and so do the dates of their past levels, departments and "
                "leaving."
            ),
        ],
        consequences=[
            _(
                "The record counts as having left today: it leaves every list of active "
                "people. If the person still appears in the HR system's export, the next "
                "import creates a new record for them, with no history."
            ),
        ],
    )


def anonymise(person: Person, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    employee = person.employee
    if employee is None or employee.erased_at is not None:
        return {}
    # The files list everyone: the person is in them.
    counts = {"imports": _empty_import_files(EmployeeImport.objects.all())}
    history = EmployeeChange.objects.filter(employee=employee).exclude(field__in=HISTORY_KEPT)
    erased = history.delete()[0]
    as_manager = EmployeeChange.objects.filter(field=HistoryField.MANAGER)
    erased += as_manager.filter(old_value=employee.employee_id).update(old_value="")
    erased += as_manager.filter(new_value=employee.employee_id).update(new_value="")
    if erased:
        counts["history"] = erased
    employee.employee_id = f"erased-{employee.pk}"
    employee.first_name = ""
    employee.last_name = ""
    employee.email = f"erased-{employee.pk}@{ERASED_DOMAIN}"
    employee.job_title = ""
    employee.manager = None
    employee.location = ""
    employee.time_zone = settings.TIME_ZONE
    employee.languages = []
    employee.generation_band = ""
    employee.hire_date = None
    employee.experience_years = None
    employee.left_on = employee.left_on or now.date()
    employee.erased_at = now
    employee.save(
        update_fields=[
            "employee_id",
            "first_name",
            "last_name",
            "email",
            "job_title",
            "manager",
            "location",
            "time_zone",
            "languages",
            "generation_band",
            "hire_date",
            "experience_years",
            "left_on",
            "erased_at",
            "updated_at",
        ]
    )
    counts["directory"] = 1
    return counts


def expire(*, now: dt.datetime, dry_run: bool) -> dict[str, int]:
    """Empty the files of the imports committed more than IMPORT_FILE_DAYS days ago."""
    old = EmployeeImport.objects.filter(committed_at__lt=now - dt.timedelta(days=IMPORT_FILE_DAYS))
    return {"imports": _empty_import_files(old, dry_run=dry_run)}


def _empty_import_files(imports: Any, *, dry_run: bool = False) -> int:
    """Empty the file, errors and samples of the committed imports among `imports` that
    still hold them; return how many. The import's page needs only its counts."""
    holding = imports.filter(status=ImportStatus.COMMITTED).exclude(
        content=b"", errors=[], sample_changes={}
    )
    if dry_run:
        return holding.count()
    return holding.update(content=b"", errors=[], sample_changes={})
