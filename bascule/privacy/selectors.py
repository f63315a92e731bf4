"""Reads of personal data: whose, for whom, and what an erasure or the retention rule would
do. The apps' own parts are in their `privacy.py` (registry.py lists them)."""

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bascule.accounts.models import User
from bascule.core.permissions import user_is_hr_admin
from bascule.people.models import Employee
from bascule.privacy.base import Audience, Person, Plan, Section, as_json
from bascule.privacy.notice import RETENTION_MONTHS
from bascule.privacy.registry import providers
from bascule.programs.models import Program, ProgramStatus


@dataclass
class Export:
    person: Person
    audience: Audience
    generated_at: dt.datetime
    sections: list[Section]


def person_of(*, user: Any) -> Person:
    """Return the person `user` is: their account, and their employee record if linked."""
    return Person.of(user=user)


def access_person(
    *, user: Any, employee_id: int | None = None, user_id: int | None = None
) -> Person:
    """Return the person of employee `employee_id` or account `user_id`, for an HR admin.

    Every other role gets a 403 (exporting or erasing someone is HR's work); a missing
    employee or account is a 404.
    """
    if not user_is_hr_admin(user):
        raise PermissionDenied
    if employee_id is not None:
        employee = (
            Employee.objects.select_related("department", "manager").filter(pk=employee_id).first()
        )
        if employee is None:
            raise Http404
        return Person.of(employee=employee)
    account = User.objects.filter(pk=user_id).first()
    if account is None:
        raise Http404
    return Person.of(user=account)


def person_export(*, person: Person, audience: Audience) -> Export:
    """Return everything the apps hold about `person`, as `audience` may read it."""
    sections: list[Section] = []
    for module in providers():
        sections += module.export(person, audience=audience)
    return Export(person=person, audience=audience, generated_at=timezone.now(), sections=sections)


def export_as_json(export: Export) -> dict[str, Any]:
    """Return the export as plain JSON: sections of records of {key: value}, with the labels."""
    return {
        "generated_at": export.generated_at.isoformat(),
        "audience": str(export.audience),
        "person": {
            "name": export.person.name,
            "employee_id": export.person.employee_id,
            "user_id": export.person.user_id,
        },
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "note": section.note,
                "labels": {
                    entry.key: entry.label for record in section.records for entry in record.items
                },
                "records": [
                    {
                        "title": record.title,
                        "data": {entry.key: as_json(entry.value) for entry in record.items},
                    }
                    for record in section.records
                ],
            }
            for section in export.sections
        ],
    }


def erasure_plan(*, person: Person) -> Plan:
    """Return, in words and with counts, what erasing `person` deletes and keeps."""
    plan = Plan()
    for module in providers():
        plan.extend(module.erasure_plan(person))
    return plan


def kind_labels() -> dict[str, str]:
    """Return the words of every kind of data the apps count, {key: label}."""
    labels: dict[str, str] = {}
    for module in providers():
        labels.update({key: str(label) for key, label in getattr(module, "KINDS", {}).items()})
    return labels


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """Return `moment` `months` months earlier, on the same day or the month's last one."""
    index = moment.month - 1 - months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def retention_cutoff(now: dt.datetime) -> dt.datetime:
    """Return the moment a program must have closed before for its people's words to go."""
    return months_before(now, RETENTION_MONTHS)


def programs_past_retention(*, now: dt.datetime) -> QuerySet[Program]:
    """Return the programs closed RETENTION_MONTHS months ago or more, oldest first.

    A program records when it closed (`status_changed_at`); one closed without that date (an
    old row) counts from its end date.
    """
    cutoff = retention_cutoff(now)
    return (
        Program.objects.filter(status=ProgramStatus.CLOSED)
        .filter(
            Q(status_changed_at__lte=cutoff)
            | Q(status_changed_at__isnull=True, ends_on__lte=timezone.localdate(cutoff))
        )
        .order_by("status_changed_at", "ends_on", "id")
    )


def program_ids_past_retention(*, now: dt.datetime) -> list[int]:
    """Return the ids of `programs_past_retention`, oldest first."""
    return list(programs_past_retention(now=now).values_list("pk", flat=True))


def program_closed_on(program: Program) -> dt.date:
    if program.status_changed_at is not None:
        return timezone.localdate(program.status_changed_at)
    return program.ends_on
