"""Writes of HR's side of training: a program's requirements, and the reminders HR sends to
the people late. Each is atomic with one audit row; who may call them is checked by the
views and the API (`access_requirements_program`)."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.core.models import AuditEntry
from bascule.core.notify import notify
from bascule.programs.models import ParticipantRole, Program
from bascule.training.models import DueAnchor, Module, ModuleStatus, Requirement
from bascule.training.requirements.selectors import overdue_employees

MAX_DUE_DAYS = 365
# A second reminder of the same requirement's late people within this delay is refused: a
# button clicked twice, or two managers at once.
REMIND_AGAIN_AFTER = dt.timedelta(minutes=10)
FIELDS = ("module", "role", "due_days", "anchor", "gates_kickoff")


def requirement_errors(values: dict[str, Any], *, creating: bool) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if creating:
        module = values.get("module")
        if not isinstance(module, Module) or module.status != ModuleStatus.PUBLISHED:
            errors["module"] = [_("Please choose a published module.")]
        if values.get("role") not in ParticipantRole.values:
            errors["role"] = [_("Please choose mentors or mentees.")]
    days = values.get("due_days")
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DUE_DAYS:
        errors["due_days"] = [
            _("Please give a number of days between 0 and %(max)s.") % {"max": MAX_DUE_DAYS}
        ]
    if values.get("anchor") not in DueAnchor.values:
        errors["anchor"] = [_("Please choose from when the days are counted.")]
    return errors


def _changes(requirement: Requirement) -> dict[str, Any]:
    return {
        "program": requirement.program_id,
        "module": requirement.module.slug,
        "role": requirement.role,
        "due_days": requirement.due_days,
        "anchor": requirement.anchor,
        "gates_kickoff": requirement.gates_kickoff,
    }


def requirement_create(
    *,
    actor: Any,
    program: Program,
    values: dict[str, Any],
    submission: idempotency.Submission | None = None,
) -> Requirement:
    """Require a module of the program's mentors or mentees (422 for bad values, 409 when
    the program already requires it of them)."""
    errors = requirement_errors(values, creating=True)
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            claim = idempotency.claim(
                actor=actor, scope="training.requirement_create", submission=submission
            )
            requirement = Requirement.objects.create(
                program=program,
                module=values["module"],
                role=values["role"],
                due_days=values["due_days"],
                anchor=values["anchor"],
                gates_kickoff=bool(values.get("gates_kickoff")),
            )
            claim.done(requirement)
            audit_record(
                actor=actor,
                action="training.requirement_added",
                target=requirement,
                changes=_changes(requirement),
            )
    except IntegrityError:
        raise ConflictError(
            _("This program already requires this module of them."), code="already_required"
        ) from None
    return requirement


def requirement_update(
    *, actor: Any, requirement: Requirement, values: dict[str, Any]
) -> Requirement:
    """Change a requirement's days, anchor and kickoff gate (its module and role stay)."""
    errors = requirement_errors(values, creating=False)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        locked = Requirement.objects.select_for_update().filter(pk=requirement.pk).first()
        if locked is None:
            raise ConflictError(_("This requirement was removed meanwhile."), code="gone")
        changed = [
            name
            for name in ("due_days", "anchor", "gates_kickoff")
            if name in values and getattr(locked, name) != values[name]
        ]
        for name in changed:
            setattr(locked, name, values[name])
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
        locked.module = requirement.module
        audit_record(
            actor=actor,
            action="training.requirement_changed",
            target=locked,
            changes={**_changes(locked), "fields": changed},
        )
    return locked


def requirement_delete(*, actor: Any, requirement: Requirement) -> None:
    """Remove a requirement (the people's progress stays: they keep what they learnt)."""
    with transaction.atomic():
        changes = _changes(requirement)
        audit_record(
            actor=actor,
            action="training.requirement_removed",
            target=requirement,
            changes=changes,
        )
        deleted, _rows = Requirement.objects.filter(pk=requirement.pk).delete()
        if not deleted:
            raise ConflictError(_("This requirement was already removed."), code="gone")


def remind_overdue(*, actor: Any, requirement: Requirement) -> int:
    """E-mail each person late for `requirement` a reminder (one e-mail each, queued);
    return how many. Refused within 10 minutes of the last reminder of the same requirement,
    so a double click sends once."""
    with transaction.atomic():
        locked = Requirement.objects.select_for_update().filter(pk=requirement.pk).first()
        if locked is None:
            raise ConflictError(_("This requirement was removed meanwhile."), code="gone")
        recent = AuditEntry.objects.filter(
            action="training.overdue_reminded",
            object_type="training.requirement",
            object_id=str(locked.pk),
            created_at__gte=timezone.now() - REMIND_AGAIN_AFTER,
        ).exists()
        if recent:
            raise ConflictError(
                _("The people late for this module were reminded a few minutes ago."),
                code="recently_reminded",
            )
        locked.program = requirement.program
        locked.module = requirement.module
        employees = overdue_employees(locked)
        if not employees:
            raise DomainError(_("Nobody is late for this module."), code="nobody_late")
        audit_record(
            actor=actor,
            action="training.overdue_reminded",
            target=locked,
            changes={"program": locked.program_id, "count": len(employees)},
        )
        for employee in employees:
            notify(
                "training_overdue",
                requirement_id=locked.pk,
                employee_id=employee.pk,
                sender_id=getattr(actor, "pk", None),
            )
    return len(employees)
