"""Schemas of the recognition API."""

import datetime as dt

from ninja import Field, Schema

from bascule.core.api_input import MAX_OFFSET

WALL_LIMIT = 25
WALL_MAX_LIMIT = 100


class KudosOut(Schema):
    id: int
    program_id: int
    pair_id: int | None
    sender: str | None = Field(description="The sender's name")
    sender_kind: str = Field(description="partner, hr, manager or sponsor")
    recipient: str = Field(description="The recipient's name")
    message: str
    skill: str | None = Field(description="The skill's code")
    visibility: str = Field(description="What the sender chose: private, program or company")
    on_wall: bool = Field(description="The recipient shows it on the wall")
    created_at: dt.datetime


class MyKudosOut(KudosOut):
    shown_to: str = Field(description="Who sees it now: private, program or company")
    hidden: bool
    hidden_reason: str = Field(description="Why HR hid it (the recipient and HR only)")


class MyKudosListOut(Schema):
    received: list[MyKudosOut]
    sent: list[KudosOut]
    cap: str = Field(description="Who may see the kudos I receive")


class KudosIn(Schema):
    message: str = Field(max_length=2000)
    visibility: str = Field("program", description="private, program or company")
    pair_id: int | None = Field(None, description="A pair: thanks to my partner, or both")
    program_id: int | None = Field(None, description="HR, managers, sponsors: the program")
    employee_id: int | None = Field(None, description="HR, managers, sponsors: one person")
    skill_id: int | None = None


class PreferenceIn(Schema):
    cap: str = Field(description="private, program or company")


class WallChoiceIn(Schema):
    on_wall: bool


class HideIn(Schema):
    reason: str = Field(max_length=2000)


class WallPageIn(Schema):
    """Limit and offset, as the other list operations take them (25 entries by default)."""

    limit: int = Field(WALL_LIMIT, ge=1, le=WALL_MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class WallOut(Schema):
    program_id: int
    count: int = Field(description="How many entries the wall has (all pages)")
    entries: list[KudosOut] = Field(description="The page asked for, newest first")
    counts: dict[str, int | None] | None = Field(
        description="HR only: kudos by kind of sender (null: fewer than 5)"
    )
