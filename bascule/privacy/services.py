"""Writes on personal data: HR's erasure of a person, the retention rule, and the record of
HR reading someone's export. Each app's part is in its `privacy.py` (registry.py)."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.accounts.models import User
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError
from bascule.people.models import Employee
from bascule.people.selectors import fold_text
from bascule.privacy import selectors
from bascule.privacy.base import Person
from bascule.privacy.registry import providers
from bascule.programs.models import Program


def confirmation_matches(person: Person, typed: str) -> bool:
    """Return True when `typed` is the person's name (or e-mail address), whatever the case,
    accents and spaces: HR proves they erase the person they mean."""
    expected = " ".join(fold_text(person.confirmation_text).split())
    return bool(expected) and " ".join(fold_text(typed or "").split()) == expected


def _add(total: dict[str, int], counts: dict[str, int]) -> None:
    for key, value in counts.items():
        total[key] = total.get(key, 0) + value


@transaction.atomic
def person_erase(*, actor: Any, person: Person, confirmation: str) -> dict[str, int]:
    """Erase `person`'s personal data in every app and return the rows changed per kind.

    Irreversible. Their rows stay, anonymous, so that pairs, counts and survey results add up;
    what they wrote goes; their account is deactivated, its tokens and sessions revoked. One
    audit entry, with the counts only. Refused (DomainError) unless `confirmation` is the
    person's name, for the actor's own account, and (ConflictError) when already done.
    """
    if not confirmation_matches(person, confirmation):
        raise DomainError(
            _("Type the name exactly as shown to confirm: %(name)s.")
            % {"name": person.confirmation_text},
            code="confirmation_mismatch",
        )
    if person.user_id is not None and person.user_id == getattr(actor, "pk", None):
        raise DomainError(
            _("You cannot erase your own data: ask another HR admin."), code="own_data"
        )
    # The rows are locked: of two erasures of the same person at once, the second waits, then
    # finds it done.
    employee = (
        Employee.objects.select_for_update().filter(pk=person.employee_id).first()
        if person.employee_id is not None
        else None
    )
    user = (
        User.objects.select_for_update().filter(pk=person.user_id).first()
        if person.user_id is not None
        else None
    )
    locked = Person(employee=employee, user=user, identifiers=person.identifiers)
    if locked.is_erased:
        raise ConflictError(_("This person's data has already been erased."), code="already_erased")
    # Read which rows are about the person before anything changes: the logs about them are
    # anonymised last, from this list.
    locked.subjects  # noqa: B018
    now = timezone.now()
    counts: dict[str, int] = {}
    for module in providers():
        _add(counts, module.anonymise(locked, actor=actor, now=now))
    audit_record(
        actor=actor,
        action="privacy.erase",
        target=employee or user,
        changes={"counts": {key: value for key, value in counts.items() if value}},
    )
    return counts


@transaction.atomic
def person_export_record(*, actor: Any, person: Person, export_format: str) -> None:
    """Record in the audit log that `actor` (HR) read `person`'s export."""
    audit_record(
        actor=actor,
        action="privacy.export",
        target=person.employee or person.user,
        changes={"format": export_format},
    )


@dataclass
class ProgramRetention:
    program: Program
    closed_on: dt.date
    counts: dict[str, int]


@dataclass
class RetentionReport:
    dry_run: bool
    cutoff: dt.datetime
    programs: list[ProgramRetention] = field(default_factory=list)
    other: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(sum(p.counts.values()) for p in self.programs) + sum(self.other.values())


def _expire_program(program: Program, *, dry_run: bool) -> dict[str, int]:
    counts: dict[str, int] = {}
    for module in providers():
        if hasattr(module, "expire_program"):
            _add(counts, module.expire_program(program, dry_run=dry_run))
    return counts


def retention_apply(*, now: dt.datetime | None = None, dry_run: bool = False) -> RetentionReport:
    """Apply the retention rule of the privacy notice and return what it deleted (or, with
    `dry_run`, would delete) per program and kind of data.

    RETENTION_MONTHS after a program closed, what its people wrote goes (answers, goals'
    wording, notes, comments, free-text survey answers); the rows, the scores and the dates
    stay. Safe to run again, or from two schedulers at once: every step only touches the rows
    that still hold something (a conditional UPDATE or DELETE claims them), under the
    program's row lock, so that a program is done by one run and the next finds nothing.
    """
    now = now or timezone.now()
    report = RetentionReport(dry_run=dry_run, cutoff=selectors.retention_cutoff(now))
    for program_id in selectors.program_ids_past_retention(now=now):
        with transaction.atomic():
            programs = Program.objects if dry_run else Program.objects.select_for_update()
            program = programs.get(pk=program_id)
            counts = _expire_program(program, dry_run=dry_run)
            done = {key: value for key, value in counts.items() if value}
            if done and not dry_run:
                audit_record(
                    actor=None, action="privacy.retention", target=program, changes={"counts": done}
                )
        report.programs.append(
            ProgramRetention(program, selectors.program_closed_on(program), counts)
        )
    with transaction.atomic():
        for module in providers():
            if hasattr(module, "expire"):
                _add(report.other, module.expire(now=now, dry_run=dry_run))
        if any(report.other.values()) and not dry_run:
            audit_record(
                actor=None,
                action="privacy.retention",
                changes={"counts": {k: v for k, v in report.other.items() if v}},
            )
    return report
