"""Writes of workshops: HR's workshops, registrations and the waiting list, attendance,
feedback.

Seats are counted under a row lock on the workshop (`SELECT … FOR UPDATE`): every change of
its registrations (a registration, a cancellation, a promotion, a new capacity) takes it
first, so two people taking the last seat at once get one seat and one waiting-list place.
A cancelled seat goes, in the same transaction, to the first person waiting, who is told
by e-mail. Lowering the capacity below the people registered is refused (nobody loses a
seat they were given); raising it gives the new seats to the waiting list.

Who may call what is checked by the views and API handlers (`access_*` selectors); the
services check the rules. Each write is one transaction with one audit entry; e-mails go
with `notify` (sent once the transaction commits).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.core.notify import notify
from bascule.core.time_zones import zone_names
from bascule.people.models import Employee
from bascule.training.models import Module, Progress
from bascule.workshops import selectors
from bascule.workshops.models import (
    MAX_CAPACITY,
    MAX_MINUTES,
    MIN_MINUTES,
    Attendance,
    Feedback,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopAudience,
    WorkshopStatus,
)

TITLE_MAX = 200
TEXT_MAX = 10000
COMMENT_MAX = 2000
# The most people a list registers at once (a workshop has at most MAX_CAPACITY seats).
PEOPLE_MAX = MAX_CAPACITY
# The fields whose change sends everyone registered an updated invitation.
CALENDAR_FIELDS = ("title", "starts_at", "time_zone", "duration_minutes", "place", "video_url")
FIELDS = (
    "title",
    "description",
    "audience",
    "starts_at",
    "time_zone",
    "duration_minutes",
    "place",
    "video_url",
    "capacity",
    "facilitator",
)


def _lock(workshop_id: int) -> Workshop:
    return Workshop.objects.select_for_update().get(pk=workshop_id)


def _registered(workshop: Workshop) -> int:
    return workshop.registrations.filter(status=RegistrationStatus.REGISTERED).count()


def _waiting(workshop: Workshop):
    return workshop.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
        "queued_at", "id"
    )


def _tell(registrations: Iterable[Registration], kind: str) -> None:
    ids = [r.pk for r in registrations]
    if ids:
        notify("workshop_invitation", registration_ids=ids, kind=kind)


# --- Workshops ----------------------------------------------------------------------------------


def _clean(data: dict[str, Any], *, actor: Any, creating: bool) -> dict[str, Any]:
    """Check a workshop's values; raise ValidationFailed with every problem by field."""
    errors: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    title = (data.get("title") or "").strip()
    if not title:
        refuse("title", _("Give the workshop a title."))
    elif len(title) > TITLE_MAX:
        refuse(
            "title", _("The title is too long (%(max)s characters at most).") % {"max": TITLE_MAX}
        )
    description = (data.get("description") or "").strip()
    if len(description) > TEXT_MAX:
        refuse("description", _("The description is too long."))
    audience = data.get("audience") or WorkshopAudience.BOTH
    if audience not in WorkshopAudience.values:
        refuse("audience", _("Choose who the workshop is for."))
    starts_at = data.get("starts_at")
    if not isinstance(starts_at, dt.datetime) or timezone.is_naive(starts_at):
        refuse("starts_at", _("Give the date and time the workshop starts."))
    elif creating and starts_at <= timezone.now():
        refuse("starts_at", _("The workshop must start in the future."))
    time_zone = data.get("time_zone") or ""
    if time_zone not in zone_names():
        refuse("time_zone", _("Choose a time zone from the list."))
    minutes = data.get("duration_minutes")
    if not isinstance(minutes, int) or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        refuse(
            "duration_minutes",
            _("The duration is %(min)s to %(max)s minutes.")
            % {"min": MIN_MINUTES, "max": MAX_MINUTES},
        )
    place = (data.get("place") or "").strip()
    video_url = (data.get("video_url") or "").strip()
    if video_url and urlsplit(video_url).scheme != "https":
        refuse("video_url", _("The video link must start with https://."))
    if not place and not video_url:
        refuse("place", _("Give a place, a video link or both."))
    capacity = data.get("capacity")
    if not isinstance(capacity, int) or not 1 <= capacity <= MAX_CAPACITY:
        refuse("capacity", _("The seats are 1 to %(max)s.") % {"max": MAX_CAPACITY})
    programs = list(data.get("programs") or [])
    managed = set(selectors.managed_programs(actor).values_list("pk", flat=True))
    if any(p.pk not in managed for p in programs):
        refuse("programs", _("You may only choose programs you manage."))
    if not actor.is_hr_admin and not programs:
        refuse("programs", _("Choose at least one of your programs."))
    if errors:
        raise ValidationFailed(errors)
    return {
        "title": title,
        "description": description,
        "audience": audience,
        "starts_at": starts_at,
        "time_zone": time_zone,
        "duration_minutes": minutes,
        "place": place,
        "video_url": video_url,
        "capacity": capacity,
        "facilitator": data.get("facilitator"),
        "programs": programs,
        "modules": list(data.get("modules") or []),
    }


@transaction.atomic
def workshop_create(*, actor: Any, data: dict[str, Any], submission=None) -> Workshop:
    values = _clean(data, actor=actor, creating=True)
    claim = idempotency.claim(actor=actor, scope="workshops.create", submission=submission)
    programs, modules = values.pop("programs"), values.pop("modules")
    workshop = Workshop.objects.create(created_by=actor, **values)
    workshop.programs.set(programs)
    workshop.modules.set(modules)
    audit_record(
        actor=actor,
        action="workshops.created",
        target=workshop,
        changes={
            "starts_at": workshop.starts_at.isoformat(),
            "capacity": workshop.capacity,
            "programs": [p.pk for p in programs],
            "modules": [m.pk for m in modules],
        },
    )
    claim.done(workshop)
    return workshop


def _promote(workshop: Workshop, seats: int) -> list[Registration]:
    """Give up to `seats` seats to the first people waiting, in order (workshop locked)."""
    promoted = []
    for registration in _waiting(workshop)[: max(seats, 0)]:
        registration.status = RegistrationStatus.REGISTERED
        registration.sequence += 1
        registration.save(update_fields=["status", "sequence", "updated_at"])
        promoted.append(registration)
    return promoted


@transaction.atomic
def workshop_update(*, actor: Any, workshop_id: int, data: dict[str, Any]) -> Workshop:
    """Change a workshop; a new time, place or link sends everyone registered an updated
    invitation (SEQUENCE + 1). The capacity cannot go below the people registered."""
    workshop = _lock(workshop_id)
    if workshop.is_cancelled:
        raise ConflictError(
            _("This workshop is cancelled: it cannot be changed."), code="cancelled"
        )
    values = _clean(data, actor=actor, creating=False)
    registered = _registered(workshop)
    if values["capacity"] < registered:
        raise ValidationFailed(
            {
                "capacity": [
                    _(
                        "%(count)s people are registered: the seats cannot be fewer. Cancel "
                        "registrations first if the room is smaller."
                    )
                    % {"count": registered}
                ]
            }
        )
    changed = [name for name in FIELDS if getattr(workshop, name) != values[name]]
    moved = any(name in CALENDAR_FIELDS for name in changed)
    for name in changed:
        setattr(workshop, name, values[name])
    if moved:
        workshop.sequence += 1
    workshop.save(update_fields=[*changed, "sequence", "updated_at"])
    workshop.programs.set(values["programs"])
    workshop.modules.set(values["modules"])
    promoted = _promote(workshop, workshop.capacity - registered)
    if moved:
        _tell(
            workshop.registrations.filter(status=RegistrationStatus.REGISTERED).exclude(
                pk__in=[r.pk for r in promoted]
            ),
            "update",
        )
    _tell(promoted, "promotion")
    audit_record(
        actor=actor,
        action="workshops.updated",
        target=workshop,
        changes={"fields": changed, "promoted": len(promoted)},
    )
    return workshop


@transaction.atomic
def workshop_cancel(*, actor: Any, workshop_id: int) -> Workshop:
    """Cancel a workshop: everyone registered or waiting is told (METHOD:CANCEL,
    SEQUENCE + 1)."""
    workshop = _lock(workshop_id)
    if workshop.is_cancelled:
        raise ConflictError(_("This workshop is already cancelled."), code="already_cancelled")
    workshop.status = WorkshopStatus.CANCELLED
    workshop.cancelled_at = timezone.now()
    workshop.sequence += 1
    workshop.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
    told = list(workshop.registrations.filter(status__in=selectors.ACTIVE))
    _tell(told, "cancellation")
    audit_record(
        actor=actor, action="workshops.cancelled", target=workshop, changes={"told": len(told)}
    )
    return workshop


# --- Registrations ------------------------------------------------------------------------------


def _take_place(
    workshop: Workshop, employee: Employee, now: dt.datetime
) -> tuple[Registration, bool]:
    """Register `employee` (workshop locked): a seat if one is left, else the waiting list.
    Return the registration and whether it changed (False: they already had a place)."""
    registration = Registration.objects.filter(workshop=workshop, employee=employee).first()
    if registration is not None and registration.status in selectors.ACTIVE:
        return registration, False
    status = (
        RegistrationStatus.REGISTERED
        if _registered(workshop) < workshop.capacity
        else RegistrationStatus.WAITLISTED
    )
    if registration is None:
        registration = Registration.objects.create(
            workshop=workshop, employee=employee, status=status, queued_at=now
        )
    else:
        registration.status = status
        registration.queued_at = now
        registration.attendance = ""
        registration.attendance_marked_at = None
        registration.sequence += 1
        registration.save(
            update_fields=[
                "status",
                "queued_at",
                "attendance",
                "attendance_marked_at",
                "sequence",
                "updated_at",
            ]
        )
    return registration, True


def _open_for_registration(workshop: Workshop, now: dt.datetime) -> None:
    if workshop.is_cancelled:
        raise DomainError(_("This workshop is cancelled."), code="cancelled")
    if workshop.starts_at <= now:
        raise DomainError(_("This workshop has started: registrations are closed."), code="started")


def _kind(registration: Registration) -> str:
    if registration.status == RegistrationStatus.WAITLISTED:
        return "waitlisted"
    return "invitation"


@transaction.atomic
def registration_create(
    *, actor: Any, workshop_id: int, submission=None, now: dt.datetime | None = None
) -> Registration:
    """Register the caller: a seat, or a place on the waiting list when the workshop is full.
    Sent twice (a double click, a retry): one registration, the first one's."""
    now = now or timezone.now()
    workshop = _lock(workshop_id)
    claim = idempotency.claim(actor=actor, scope="workshops.register", submission=submission)
    _open_for_registration(workshop, now)
    employee = Employee.objects.get(pk=actor.employee_id)
    registration, changed = _take_place(workshop, employee, now)
    if changed:
        _tell([registration], _kind(registration))
        audit_record(
            actor=actor,
            action="workshops.registered",
            target=registration,
            changes={"status": registration.status},
        )
    claim.done(registration)
    return registration


@dataclass
class BulkResult:
    """What registering a list of people did: the registrations given a seat and those put on
    the waiting list, the people who already had a place (left as it was) and those refused
    (`reasons`: selectors.LEFT or INACTIVE)."""

    free_seats: int = 0
    seated: list[Registration] = field(default_factory=list)
    waitlisted: list[Registration] = field(default_factory=list)
    already: list[Employee] = field(default_factory=list)
    refused: list[Employee] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)

    @property
    def changed(self) -> list[Registration]:
        return [*self.seated, *self.waitlisted]


def registrations_open(workshop: Workshop, *, now: dt.datetime | None = None) -> None:
    """Raise DomainError when nobody can be registered for `workshop` any more (cancelled,
    started)."""
    _open_for_registration(workshop, now or timezone.now())


def registrations_preview(
    *, workshop: Workshop, employees: Iterable[Employee], now: dt.datetime | None = None
) -> selectors.BulkPlan:
    """What `registrations_add` would do now, without writing anything; refused like it for a
    cancelled or started workshop."""
    _open_for_registration(workshop, now or timezone.now())
    return selectors.bulk_plan(workshop, employees)


@transaction.atomic
def registrations_add(
    *,
    actor: Any,
    workshop_id: int,
    employees: Iterable[Employee],
    submission=None,
    now: dt.datetime | None = None,
) -> BulkResult:
    """HR registers a list of people, in the order given: seats first, then the waiting list.
    People who already have a place keep it; people who left the company or have no active
    account are refused (listed in the result). Each person registered gets their invitation
    (or their place on the waiting list) by e-mail. Sent twice with the same submission: done
    once."""
    now = now or timezone.now()
    workshop = _lock(workshop_id)
    claim = idempotency.claim(actor=actor, scope="workshops.register_people", submission=submission)
    _open_for_registration(workshop, now)
    plan = selectors.bulk_plan(workshop, employees)
    result = BulkResult(
        free_seats=plan.free_seats, already=plan.already, refused=plan.refused, reasons=plan.reasons
    )
    for offset, employee in enumerate([*plan.seat, *plan.waitlist]):
        # Distinct times keep the order given on the waiting list.
        registration, done = _take_place(
            workshop, employee, now + dt.timedelta(microseconds=offset)
        )
        if not done:
            result.already.append(employee)
        elif registration.status == RegistrationStatus.REGISTERED:
            result.seated.append(registration)
        else:
            result.waitlisted.append(registration)
    _tell(result.seated, "invitation")
    _tell(result.waitlisted, "waitlisted")
    if result.changed:
        audit_record(
            actor=actor,
            action="workshops.registrations_added",
            target=workshop,
            changes={
                "registered": len(result.seated),
                "waitlisted": len(result.waitlisted),
                "already": len(result.already),
                "refused": len(result.refused),
            },
        )
    claim.done(workshop)
    return result


@transaction.atomic
def registration_cancel(
    *, actor: Any, registration_id: int, now: dt.datetime | None = None
) -> Registration:
    """Cancel a place (the person's own, or HR's decision). A seat freed goes to the first
    person waiting, in the same transaction, with an e-mail."""
    now = now or timezone.now()
    workshop_id = Registration.objects.values_list("workshop_id", flat=True).get(pk=registration_id)
    workshop = _lock(workshop_id)
    registration = Registration.objects.get(pk=registration_id)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ConflictError(_("This registration is already cancelled."), code="already_cancelled")
    if workshop.starts_at <= now:
        raise DomainError(
            _("This workshop has started: the registration can no longer be cancelled."),
            code="started",
        )
    had_seat = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.sequence += 1
    registration.save(update_fields=["status", "sequence", "updated_at"])
    promoted = _promote(workshop, 1) if had_seat and not workshop.is_cancelled else []
    if had_seat:
        _tell([registration], "cancellation")
    _tell(promoted, "promotion")
    audit_record(
        actor=actor,
        action="workshops.registration_cancelled",
        target=registration,
        changes={
            "by": "self" if actor.employee_id == registration.employee_id else "manager",
            "promoted": promoted[0].pk if promoted else None,
        },
    )
    return registration


# --- Attendance and feedback --------------------------------------------------------------------


def _complete_modules(workshop: Workshop, employee_ids: list[int], now: dt.datetime) -> int:
    """Mark the workshop's modules done for the people present; return the progress rows
    completed."""
    done = 0
    modules = [m for m in Module.objects.filter(workshops=workshop) if m.published_id]
    for module in modules:
        existing = {
            p.employee_id: p
            for p in Progress.objects.filter(module=module, employee_id__in=employee_ids)
        }
        for employee_id in employee_ids:
            progress = existing.get(employee_id)
            if progress is None:
                Progress.objects.create(
                    employee_id=employee_id,
                    module=module,
                    version_id=module.published_id,
                    completed_at=now,
                    passed=True,
                )
                done += 1
            elif progress.completed_at is None or not progress.passed:
                progress.completed_at = progress.completed_at or now
                progress.passed = True
                progress.save(update_fields=["completed_at", "passed", "updated_at"])
                done += 1
    return done


@transaction.atomic
def attendance_mark(
    *, actor: Any, workshop_id: int, marks: dict[int, str], now: dt.datetime | None = None
) -> int:
    """Record present / absent / excused for registrations of the workshop (others are
    ignored: 404 is the caller's). Being present completes the workshop's modules. Return
    the number of registrations changed."""
    now = now or timezone.now()
    workshop = _lock(workshop_id)
    if workshop.is_cancelled:
        raise ConflictError(_("This workshop is cancelled."), code="cancelled")
    if workshop.starts_at > now:
        raise DomainError(
            _("Attendance can be taken once the workshop has started."), code="not_started"
        )
    bad = [value for value in marks.values() if value not in Attendance.values]
    if bad:
        raise ValidationFailed({"attendance": [_("Choose present, absent or excused.")]})
    rows = Registration.objects.filter(
        workshop=workshop, pk__in=list(marks), status=RegistrationStatus.REGISTERED
    )
    changed = []
    for row in rows:
        value = marks[row.pk]
        if row.attendance == value:
            continue
        row.attendance = value
        row.attendance_marked_at = now
        row.save(update_fields=["attendance", "attendance_marked_at", "updated_at"])
        changed.append(row)
    present = [r.employee_id for r in changed if r.attendance == Attendance.PRESENT]
    completed = _complete_modules(workshop, present, now) if present else 0
    if changed:
        audit_record(
            actor=actor,
            action="workshops.attendance_marked",
            target=workshop,
            changes={
                "present": sum(r.attendance == Attendance.PRESENT for r in changed),
                "absent": sum(r.attendance == Attendance.ABSENT for r in changed),
                "excused": sum(r.attendance == Attendance.EXCUSED for r in changed),
                "modules_completed": completed,
            },
        )
    return len(changed)


@transaction.atomic
def feedback_give(
    *,
    actor: Any,
    workshop_id: int,
    rating: Any,
    comment: str = "",
    submission=None,
    now: dt.datetime | None = None,
) -> Feedback:
    """A participant's feedback, once, after attending."""
    workshop = _lock(workshop_id)
    claim = idempotency.claim(actor=actor, scope="workshops.feedback", submission=submission)
    registration = Registration.objects.filter(
        workshop=workshop, employee_id=actor.employee_id
    ).first()
    if not selectors.can_give_feedback(workshop, registration, now=now):
        raise DomainError(
            _("Feedback is for the people who attended the workshop."), code="not_attended"
        )
    if Feedback.objects.filter(workshop=workshop, employee_id=actor.employee_id).exists():
        raise ConflictError(_("You have already given your feedback."), code="already_given")
    errors: dict[str, list[str]] = {}
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        errors["rating"] = [_("Choose a rating from 1 to 5.")]
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [
            _("The comment is too long (%(max)s characters at most).") % {"max": COMMENT_MAX}
        ]
    if errors:
        raise ValidationFailed(errors)
    feedback = Feedback.objects.create(
        workshop=workshop, employee_id=actor.employee_id, rating=rating, comment=comment
    )
    audit_record(actor=actor, action="workshops.feedback_given", target=feedback)
    claim.done(feedback)
    return feedback
