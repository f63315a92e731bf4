"""Schemas of the workshops API. Feedback is never given per person: the roster says who is
registered and their attendance, nothing of what they answered."""

import datetime as dt

from ninja import Field, Schema


class MyPlaceOut(Schema):
    status: str = Field(description="registered, waitlisted or cancelled")
    waitlist_position: int | None = Field(description="1 for the first person waiting")
    attendance: str = Field(description="present, absent, excused, or empty")


class WorkshopOut(Schema):
    id: int
    title: str
    description: str = Field(description="Plain text or Markdown")
    audience: str = Field(description="mentor, mentee or both")
    starts_at: dt.datetime = Field(description="In UTC")
    ends_at: dt.datetime
    time_zone: str = Field(description="The zone the workshop was planned in")
    place: str
    video_url: str = Field(description="Given to the people registered only")
    capacity: int
    seats_left: int
    status: str = Field(description="scheduled or cancelled")
    facilitator: str | None = Field(description="The facilitator's name")
    modules: list[str] = Field(description="Identifiers of the modules attending completes")
    mine: MyPlaceOut | None = Field(description="The caller's place, if any")


class RosterRowOut(Schema):
    registration_id: int
    employee_id: str = Field(description="The person's employee ID")
    name: str
    status: str = Field(description="registered, waitlisted or cancelled")
    waitlist_position: int | None
    attendance: str = Field(description="present, absent, excused, or empty")


class RosterOut(Schema):
    workshop_id: int
    capacity: int
    registered: int
    waitlisted: int
    rows: list[RosterRowOut]


class MarkIn(Schema):
    registration_id: int
    attendance: str = Field(description="present, absent or excused")


class AttendanceIn(Schema):
    marks: list[MarkIn] = Field(max_length=1000)


class AttendanceOut(Schema):
    changed: int = Field(description="How many registrations changed")


class RegisterPeopleIn(Schema):
    employee_ids: list[str] | None = Field(
        None, max_length=1000, description="Employee IDs or e-mail addresses, in order"
    )
    program_id: int | None = Field(
        None, description="Instead of a list: the members of this program (approved)"
    )
    role: str = Field("both", description="With program_id: mentor, mentee or both")
    only_new: bool = Field(True, description="With program_id: only those without a place yet")
    only_not_completed: bool = Field(
        False,
        description="With program_id: only those who have not completed the workshop's modules",
    )
    dry_run: bool = Field(False, description="Say what would happen; register nobody")


class PersonOut(Schema):
    employee_id: str
    name: str


class RefusedOut(PersonOut):
    reason: str = Field(description="left (the company) or inactive (no active account)")


class RegisteredOut(Schema):
    registration_id: int
    employee_id: str
    name: str
    status: str = Field(description="registered or waitlisted")
    waitlist_position: int | None


class RegisterPeopleOut(Schema):
    dry_run: bool
    free_seats: int = Field(description="The seats free before registering")
    seated: int = Field(description="People given a seat (or who would be)")
    waitlisted: int = Field(description="People put on the waiting list (or who would be)")
    already: int = Field(description="People who already had a place, left as it was")
    refused: list[RefusedOut] = Field(description="People who cannot be registered")
    registrations: list[RegisteredOut] = Field(
        description="The registrations made (empty for a dry run)"
    )
