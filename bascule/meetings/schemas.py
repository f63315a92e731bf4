"""Schemas of the meetings API (/api/meetings/). Every field says what it holds."""

import datetime as dt

from ninja import Field, Schema

from bascule.meetings.models import MAX_MINUTES, MIN_MINUTES


class MeetingIn(Schema):
    date: dt.date = Field(description="Local date, in `time_zone`")
    time: dt.time = Field(description="Local start time, in `time_zone` (HH:MM)")
    time_zone: str | None = Field(
        None, description="IANA time zone, e.g. Europe/Paris; the caller's when left out"
    )
    duration_minutes: int = Field(
        description=f"Between {MIN_MINUTES} and {MAX_MINUTES} minutes", examples=[45]
    )
    location: str = Field("", max_length=200, description="A room or an address")
    video_url: str = Field("", max_length=500, description="Video call link (https://…)")
    agenda: str = Field("", description="What the meeting is about")


class RescheduleIn(MeetingIn):
    version: int = Field(description="The version read: 409 stale_version when it changed")


class CancelIn(Schema):
    message: str = Field("", max_length=2000, description="Optional message to the partner")
    version: int | None = Field(None, description="The version read, when known")


class OutcomeIn(Schema):
    outcome: str = Field(description="held, cancelled or no_show")
    log: str = Field("", max_length=2000, description="A short log of the meeting")
    version: int | None = Field(None, description="The version read, when known")


class PersonOut(Schema):
    employee_id: int = Field(description="Employee id")
    name: str = Field(description="Full name")


class MeetingOut(Schema):
    id: int = Field(description="Meeting id")
    pair_id: int = Field(description="The pair's id")
    program: str = Field(description="The program's name")
    mentor: PersonOut
    mentee: PersonOut
    organiser_email: str | None = Field(description="Who scheduled it")
    starts_at: dt.datetime = Field(description="Start, in UTC")
    ends_at: dt.datetime = Field(description="End, in UTC")
    local_start: dt.datetime = Field(description="Start in the meeting's time zone")
    time_zone: str = Field(description="The time zone it was planned in (IANA)")
    duration_minutes: int = Field(description="Duration in minutes")
    location: str = Field(description="Place")
    video_url: str = Field(description="Video link")
    agenda: str = Field(description="Agenda")
    status: str = Field(description="scheduled or cancelled")
    cancel_message: str = Field(description="The message sent with the cancellation")
    outcome: str = Field(description="held, cancelled, no_show, or empty until recorded")
    outcome_log: str = Field(description="The short log recorded with the outcome")
    uid: str = Field(description="The calendar UID, stable for the meeting's life")
    sequence: int = Field(description="The calendar SEQUENCE, one more at each change")
    version: int = Field(description="Send it back to reschedule, cancel or record")


class SlotOut(Schema):
    starts_at: dt.datetime = Field(description="A proposed start, in the caller's time zone")
    slot: str = Field(description="The weekday half-day slot, e.g. tue-am")
    label: str = Field(description="The slot in words, in the caller's language")
