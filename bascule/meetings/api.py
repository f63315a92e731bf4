"""The meetings API, /api/meetings/: the same services and selectors as the pages.

A pair's meetings are for its two members only (anyone else: 404). The calendar feed is the
one operation without authentication: its private token is the key (unknown or revoked: 404).
"""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from bascule.core import idempotency
from bascule.core.api_errors import ERRORS, ErrorOut
from bascule.core.permissions import require, user_has_pairs
from bascule.meetings import selectors, services, views
from bascule.meetings.models import Meeting
from bascule.meetings.schemas import (
    CancelIn,
    MeetingIn,
    MeetingOut,
    OutcomeIn,
    RescheduleIn,
    SlotOut,
)

router = Router(tags=["meetings"])


def _out(meeting: Meeting) -> dict[str, Any]:
    pair = meeting.pair
    return {
        "id": meeting.pk,
        "pair_id": pair.pk,
        "program": pair.program.name,
        "mentor": {"employee_id": pair.mentor_id, "name": pair.mentor.full_name},
        "mentee": {"employee_id": pair.mentee_id, "name": pair.mentee.full_name},
        "organiser_email": meeting.organiser.email if meeting.organiser else None,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "local_start": meeting.local_start,
        "time_zone": meeting.time_zone,
        "duration_minutes": meeting.duration_minutes,
        "location": meeting.location,
        "video_url": meeting.video_url,
        "agenda": meeting.agenda,
        "status": meeting.status,
        "cancel_message": meeting.cancel_message,
        "outcome": meeting.outcome,
        "outcome_log": meeting.outcome_log,
        "uid": meeting.uid,
        "sequence": meeting.sequence,
        "version": meeting.version,
    }


def _values(request: HttpRequest, payload: MeetingIn) -> services.MeetingValues:
    return services.MeetingValues(
        date=payload.date,
        time=payload.time,
        time_zone=payload.time_zone or request.user.time_zone,
        duration_minutes=payload.duration_minutes,
        location=payload.location,
        video_url=payload.video_url,
        agenda=payload.agenda,
    )


@router.get(
    "/pairs/{pair_id}/meetings",
    response={200: list[MeetingOut], **ERRORS},
    summary="A pair's meetings",
)
def list_pair_meetings(request: HttpRequest, pair_id: int):
    """Every meeting of the pair, oldest first. Members of the pair only."""
    pair = selectors.access_member_pair(user=request.user, pair_id=pair_id)
    return [_out(m) for m in selectors.pair_meetings(pair=pair)]


@router.get(
    "/pairs/{pair_id}/slots",
    response={200: list[SlotOut], **ERRORS},
    summary="Times both members are available",
)
def list_pair_slots(request: HttpRequest, pair_id: int):
    """The next concrete times matching both members' weekday half-day slots, in the
    caller's time zone, within the program's dates."""
    pair = selectors.access_member_pair(user=request.user, pair_id=pair_id, active=True)
    slots = selectors.suggested_slots(pair=pair, zone=request.user.zoneinfo)
    return [{"starts_at": s.starts_at, "slot": s.code, "label": str(s.label)} for s in slots]


@router.post(
    "/pairs/{pair_id}/meetings",
    response={201: MeetingOut, **ERRORS},
    summary="Schedule a meeting",
)
@idempotency.api_create()
def create_meeting(request: HttpRequest, pair_id: int, payload: MeetingIn):
    """Schedule a meeting of the pair; both members receive the invitation (.ics).
    422 with the reasons by field."""
    pair = selectors.access_member_pair(user=request.user, pair_id=pair_id, active=True)
    meeting = services.meeting_schedule(
        actor=request.user,
        pair=pair,
        values=_values(request, payload),
        submission=idempotency.submission(request),
    )
    return Status(201, _out(meeting))


class CalendarOut(Schema):
    exists: bool = Field(description="True when the caller has a private calendar address")
    created_at: dt.datetime | None = Field(description="When the current address was made")
    last_used_at: dt.datetime | None = Field(description="When a calendar app last read it")


class CalendarUrlOut(Schema):
    url: str = Field(description="The new private address: shown once, only its hash is kept")


@router.get(
    "/calendar",
    response={200: CalendarOut, **ERRORS},
    summary="My private calendar address",
    url_name="calendar_status",
)
@require(user_has_pairs)
def calendar_status(request: HttpRequest):
    """Whether the caller has a private calendar address, and when it was last read."""
    feed = selectors.user_feed(user=request.user)
    return {
        "exists": feed is not None,
        "created_at": feed.created_at if feed else None,
        "last_used_at": feed.last_used_at if feed else None,
    }


@router.post(
    "/calendar",
    response={201: CalendarUrlOut, **ERRORS},
    summary="Make a new private calendar address",
    url_name="calendar_create",
)
@require(user_has_pairs)
@idempotency.api_create(keep_response=False)
def calendar_create(request: HttpRequest):
    """A new private address for calendar apps; the previous one stops working. The address
    is shown once: a retry with the same Idempotency-Key gets a 409 already_submitted (make a
    new address with a new key)."""
    token = services.feed_regenerate(actor=request.user, submission=idempotency.submission(request))
    return Status(201, {"url": views.feed_url(token)})


@router.delete(
    "/calendar",
    response={204: None, **ERRORS},
    summary="Revoke my private calendar address",
    url_name="calendar_delete",
)
@require(user_has_pairs)
def calendar_delete(request: HttpRequest):
    """Revoke the caller's address: it answers 404 from now on (404 if there was none)."""
    if not services.feed_revoke(actor=request.user):
        raise Http404
    return Status(204, None)


@router.get("/{meeting_id}", response={200: MeetingOut, **ERRORS}, summary="One meeting")
def get_meeting(request: HttpRequest, meeting_id: int):
    return _out(selectors.access_meeting(user=request.user, meeting_id=meeting_id))


@router.post(
    "/{meeting_id}/reschedule",
    response={200: MeetingOut, **ERRORS},
    summary="Reschedule a meeting",
)
def reschedule_meeting(request: HttpRequest, meeting_id: int, payload: RescheduleIn):
    """Change the date, time, place or agenda; both members receive the update (same UID,
    SEQUENCE one higher). 409 stale_version when the meeting changed since `version`."""
    meeting = selectors.access_meeting(user=request.user, meeting_id=meeting_id, active=True)
    meeting = services.meeting_reschedule(
        actor=request.user,
        meeting=meeting,
        values=_values(request, payload),
        version=payload.version,
    )
    return _out(meeting)


@router.post(
    "/{meeting_id}/cancel", response={200: MeetingOut, **ERRORS}, summary="Cancel a meeting"
)
def cancel_meeting(request: HttpRequest, meeting_id: int, payload: CancelIn):
    """Cancel the meeting; both members receive a METHOD:CANCEL with the optional message.
    409 when it is cancelled already."""
    meeting = selectors.access_meeting(user=request.user, meeting_id=meeting_id, active=True)
    meeting = services.meeting_cancel(
        actor=request.user, meeting=meeting, message=payload.message, version=payload.version
    )
    return _out(meeting)


@router.post(
    "/{meeting_id}/outcome",
    response={200: MeetingOut, **ERRORS},
    summary="Record what happened",
)
def record_meeting_outcome(request: HttpRequest, meeting_id: int, payload: OutcomeIn):
    """Held, cancelled or no-show, with a short log; once the meeting has started."""
    meeting = selectors.access_meeting(user=request.user, meeting_id=meeting_id, active=True)
    meeting = services.meeting_record_outcome(
        actor=request.user,
        meeting=meeting,
        outcome=payload.outcome,
        log=payload.log,
        version=payload.version,
    )
    return _out(meeting)


@router.get(
    "/feed/{token}.ics",
    auth=None,
    response={200: str, 404: ErrorOut},
    summary="Private calendar feed",
    openapi_extra={
        "responses": {
            200: {
                "description": "The user's meetings (RFC 5545)",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def meeting_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The meetings of the token's owner as an iCalendar feed, for calendar subscriptions.
    No authentication: the private token is the key; unknown or revoked: 404."""
    user = selectors.feed_user(token=token)
    if not user_has_pairs(user):
        raise Http404
    return views.feed_response(user)
