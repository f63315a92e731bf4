"""The workshops API, /api/workshops/.

Participants: the workshops open to me, one workshop with my place, registering (a seat, or
the waiting list when full; sent twice with the same Idempotency-Key: one registration) and
cancelling (the seat goes to the first person waiting). Managers and the facilitator: the
roster and attendance. A workshop the caller may not see: 404.
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Router, Status

from bascule.core import idempotency
from bascule.core.api_errors import ERRORS
from bascule.core.errors import ValidationFailed
from bascule.core.permissions import (
    require,
    user_can_apply,
    user_can_manage_programs,
    user_is_not_sponsor,
)
from bascule.workshops import selectors, services
from bascule.workshops.models import RegistrationStatus, Workshop
from bascule.workshops.schemas import (
    AttendanceIn,
    AttendanceOut,
    MyPlaceOut,
    RegisterPeopleIn,
    RegisterPeopleOut,
    RosterOut,
    WorkshopOut,
)

router = Router(tags=["workshops"])


def _place(registration) -> dict[str, Any] | None:
    if registration is None:
        return None
    return {
        "status": registration.status,
        "waitlist_position": selectors.waitlist_position(registration),
        "attendance": registration.attendance,
    }


def _out(workshop: Workshop) -> dict[str, Any]:
    mine = selectors.my_registration(workshop)
    seated = mine is not None and mine.status == RegistrationStatus.REGISTERED
    return {
        "id": workshop.pk,
        "title": workshop.title,
        "description": workshop.description,
        "audience": workshop.audience,
        "starts_at": workshop.starts_at,
        "ends_at": workshop.ends_at,
        "time_zone": workshop.time_zone,
        "place": workshop.place,
        "video_url": workshop.video_url if seated else "",
        "capacity": workshop.capacity,
        "seats_left": selectors.seats_left(workshop),
        "status": workshop.status,
        "facilitator": workshop.facilitator.full_name if workshop.facilitator else None,
        "modules": [m.slug for m in workshop.modules.all()],
        "mine": _place(mine),
    }


@router.get("/", response={200: list[WorkshopOut], **ERRORS}, summary="Workshops open to me")
@require(user_can_apply)
def list_workshops(request: HttpRequest):
    """The upcoming workshops the caller may register for or has a place in, nearest first."""
    return [_out(w) for w in selectors.workshops_for(request.user).upcoming]


@router.get("/{workshop_id}", response={200: WorkshopOut, **ERRORS}, summary="One workshop")
@require(user_can_apply)
def get_workshop(request: HttpRequest, workshop_id: int):
    return _out(selectors.access_workshop(user=request.user, workshop_id=workshop_id))


@router.post(
    "/{workshop_id}/registration",
    response={201: MyPlaceOut, **ERRORS},
    summary="Register for a workshop",
)
@require(user_can_apply)
@idempotency.api_create()
def register_for_workshop(request: HttpRequest, workshop_id: int):
    """A seat, or a place on the waiting list when the workshop is full (`status`,
    `waitlist_position`). Already registered or waiting: the same place again. 400 `started`
    once the workshop has started, `cancelled` for a cancelled workshop."""
    workshop = selectors.access_workshop(user=request.user, workshop_id=workshop_id)
    registration = services.registration_create(
        actor=request.user, workshop_id=workshop.pk, submission=idempotency.submission(request)
    )
    return Status(201, _place(registration))


@router.delete(
    "/{workshop_id}/registration",
    response={200: MyPlaceOut, **ERRORS},
    summary="Cancel my registration",
)
@require(user_can_apply)
def cancel_workshop_registration(request: HttpRequest, workshop_id: int):
    """Cancel the caller's seat or waiting-list place; a seat freed goes to the first person
    waiting. 404 without a place, 409 when already cancelled."""
    workshop = selectors.access_workshop(user=request.user, workshop_id=workshop_id)
    mine = selectors.my_registration(workshop)
    if mine is None:
        raise Http404
    registration = services.registration_cancel(actor=request.user, registration_id=mine.pk)
    return _place(registration)


@router.get(
    "/{workshop_id}/roster", response={200: RosterOut, **ERRORS}, summary="A workshop's roster"
)
@require(user_is_not_sponsor)
def get_workshop_roster(request: HttpRequest, workshop_id: int):
    """For HR, the managers of its programs and its facilitator (404 for anyone else)."""
    workshop = selectors.access_roster(user=request.user, workshop_id=workshop_id)
    rows = selectors.roster(workshop)
    return {
        "workshop_id": workshop.pk,
        "capacity": workshop.capacity,
        "registered": workshop.registered_count,
        "waitlisted": workshop.waitlisted_count,
        "rows": [
            {
                "registration_id": row.pk,
                "employee_id": row.employee.employee_id,
                "name": row.employee.full_name,
                "status": row.status,
                "waitlist_position": row.position,
                "attendance": row.attendance,
            }
            for row in rows
        ],
    }


@router.put(
    "/{workshop_id}/attendance",
    response={200: AttendanceOut, **ERRORS},
    summary="Record attendance",
)
@require(user_is_not_sponsor)
def mark_workshop_attendance(request: HttpRequest, workshop_id: int, payload: AttendanceIn):
    """Present, absent or excused per registration (others are ignored), once the workshop
    has started; present completes the workshop's modules for the person."""
    workshop = selectors.access_roster(user=request.user, workshop_id=workshop_id)
    marks = {mark.registration_id: mark.attendance for mark in payload.marks}
    changed = services.attendance_mark(actor=request.user, workshop_id=workshop.pk, marks=marks)
    return {"changed": changed}


def _people_asked(user: Any, workshop: Workshop, payload: RegisterPeopleIn) -> list:
    """The people a bulk registration names: a list, or a program's members; ValidationFailed
    for anything else (entries matching nobody are all listed)."""
    if (payload.employee_ids is None) == (payload.program_id is None):
        raise ValidationFailed(
            {"employee_ids": [_("Give either employee_ids or program_id (with a role).")]}
        )
    if payload.employee_ids is not None:
        entries = [e.strip() for e in payload.employee_ids if e and e.strip()]
        if not entries or len(entries) > services.PEOPLE_MAX:
            raise ValidationFailed(
                {
                    "employee_ids": [
                        _("Give 1 to %(max)s employee IDs or e-mail addresses.")
                        % {"max": services.PEOPLE_MAX}
                    ]
                }
            )
        found, unknown = selectors.find_people(entries)
        if unknown:
            raise ValidationFailed(
                {
                    "employee_ids": [
                        ngettext(
                            "No employee has this ID or e-mail address: %(entries)s.",
                            "No employee has these IDs or e-mail addresses: %(entries)s.",
                            len(unknown),
                        )
                        % {"entries": ", ".join(unknown)}
                    ]
                }
            )
        return found
    program = selectors.programs_to_pick(user, workshop).filter(pk=payload.program_id).first()
    errors: dict[str, list[str]] = {}
    if program is None:
        errors["program_id"] = [_("Choose one of the workshop's programs or a program you manage.")]
    if payload.role not in selectors.BULK_ROLES:
        errors["role"] = [_("Choose mentors, mentees or both.")]
    if errors:
        raise ValidationFailed(errors)
    return selectors.program_members(
        workshop=workshop,
        program=program,
        role=payload.role,
        only_new=payload.only_new,
        only_not_completed=payload.only_not_completed,
    )


def _refused(people: list, reasons: dict[int, str]) -> list[dict[str, Any]]:
    return [
        {"employee_id": p.employee_id, "name": p.full_name, "reason": reasons[p.pk]} for p in people
    ]


@router.post(
    "/{workshop_id}/registrations",
    response={200: RegisterPeopleOut, 201: RegisterPeopleOut, **ERRORS},
    summary="Register people for a workshop",
)
@require(user_can_manage_programs)
@idempotency.api_create()
def register_people_for_workshop(request: HttpRequest, workshop_id: int, payload: RegisterPeopleIn):
    """HR and the managers of the workshop's programs register a list of people
    (`employee_ids`: employee IDs or e-mail addresses) or the members of a program
    (`program_id`, `role`, `only_new`, `only_not_completed`): seats in the order given, then
    the waiting list; people with a place keep it; people who left the company or have no
    active account are refused (listed in `refused`). `dry_run`: the same counts, nobody
    registered (200); otherwise 201, whatever changed. Each person registered gets an e-mail.
    400 `started` or `cancelled` for a workshop closed to registrations; sent again with the
    same Idempotency-Key: done once."""
    workshop = selectors.access_managed_workshop(user=request.user, workshop_id=workshop_id)
    services.registrations_open(workshop)
    people = _people_asked(request.user, workshop, payload)
    if payload.dry_run:
        plan = services.registrations_preview(workshop=workshop, employees=people)
        return {
            "dry_run": True,
            "free_seats": plan.free_seats,
            "seated": len(plan.seat),
            "waitlisted": len(plan.waitlist),
            "already": len(plan.already),
            "refused": _refused(plan.refused, plan.reasons),
            "registrations": [],
        }
    result = services.registrations_add(
        actor=request.user,
        workshop_id=workshop.pk,
        employees=people,
        submission=idempotency.submission(request),
    )
    first = selectors.waitlist_position(result.waitlisted[0]) if result.waitlisted else 0
    positions = {r.pk: first + n for n, r in enumerate(result.waitlisted)}
    return Status(
        201,
        {
            "dry_run": False,
            "free_seats": result.free_seats,
            "seated": len(result.seated),
            "waitlisted": len(result.waitlisted),
            "already": len(result.already),
            "refused": _refused(result.refused, result.reasons),
            "registrations": [
                {
                    "registration_id": r.pk,
                    "employee_id": r.employee.employee_id,
                    "name": r.employee.full_name,
                    "status": r.status,
                    "waitlist_position": positions.get(r.pk),
                }
                for r in result.changed
            ],
        },
    )
