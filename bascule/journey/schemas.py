"""Schemas of the journey API (/api/pairs/). Private notes have no schema: no API returns them."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

DirectionLiteral = Literal["learning", "growth"]
GoalStatusLiteral = Literal["not_started", "in_progress", "achieved", "dropped"]
FrequencyLiteral = Literal["weekly", "fortnightly", "three_weeks", "monthly"]
ChannelLiteral = Literal["in_person", "video", "phone", "mixed"]


class SkillOut(Schema):
    id: int = Field(description="Skill id (the taxonomy, /api/skills/)")
    label: str = Field(description="Label in the caller's language")


class MilestoneIn(Schema):
    title: str = Field(description="The step, 200 characters at most")
    due_on: dt.date | None = Field(
        None, description="Due date, within the program and not after the goal's target date"
    )
    done: bool = Field(False, description="True once the step is done")


class MilestoneOut(Schema):
    title: str = Field(description="The step")
    due_on: dt.date | None = Field(description="Due date, if any")
    done: bool = Field(description="True once the step is done")


class GoalIn(Schema):
    """A goal proposed by either member. Errors answer 400 with the reasons in words."""

    direction: DirectionLiteral = Field(
        description="learning: the mentee's learning goal; growth: the mentor's growth goal"
    )
    title: str = Field(description="The goal in a few words, 200 characters at most")
    success_criteria: str = Field(description="What success looks like: something measurable")
    target_date: dt.date = Field(description="Target date, within the program's dates")
    status: GoalStatusLiteral = Field("not_started", description="Where the goal stands")
    progress: int = Field(0, description="Progress in percent, a whole number from 0 to 100")
    skill_ids: list[int] = Field(
        default_factory=list, description="Skills of the taxonomy this goal works on"
    )
    milestones: list[MilestoneIn] = Field(
        default_factory=list, description="The steps, in order (10 at most)"
    )


class GoalUpdateIn(GoalIn):
    """The whole goal as it should be; skills and milestones are replaced by those sent."""

    version: int = Field(description="The version the changes are based on (409 if stale)")


class GoalOut(Schema):
    id: int = Field(description="Goal id")
    direction: DirectionLiteral = Field(description="learning (mentee) or growth (mentor)")
    title: str = Field(description="The goal")
    success_criteria: str = Field(description="What success looks like")
    target_date: dt.date = Field(description="Target date")
    status: GoalStatusLiteral = Field(description="Where the goal stands")
    progress: int = Field(description="Progress in percent (0 to 100)")
    skills: list[SkillOut] = Field(description="Skills this goal works on")
    milestones: list[MilestoneOut] = Field(description="The steps, in order")
    version: int = Field(description="Send it back when changing the goal (409 if stale)")
    created_at: dt.datetime = Field(description="When it was proposed")
    updated_at: dt.datetime = Field(description="When it last changed")


class SharedNoteIn(Schema):
    body: str = Field(description="The note, read by both members (5,000 characters at most)")


class SharedNoteUpdateIn(Schema):
    body: str = Field(description="The new text (5,000 characters at most)")
    version: int = Field(description="The note's version the change is based on (409 if stale)")


class SharedNoteOut(Schema):
    id: int = Field(description="Note id")
    author_name: str = Field(description="Who wrote it")
    mine: bool = Field(description="True when the caller wrote it")
    body: str = Field(description="The note")
    created_at: dt.datetime = Field(description="When it was written")
    edited_at: dt.datetime | None = Field(description="When its author last changed it")
    version: int = Field(description="Send it back to change or delete the note")


class KickoffIn(Schema):
    charter_accepted: bool = Field(description="Must be true: the caller accepts the charter")
    meeting_frequency: FrequencyLiteral = Field(description="How often the pair will meet")
    channel: ChannelLiteral = Field(description="How the pair will meet")
    confidentiality: bool = Field(description="Must be true: what is shared stays confidential")


class KickoffMemberOut(Schema):
    role: Literal["mentor", "mentee"] = Field(description="The member's role in the pair")
    name: str = Field(description="The member's name")
    is_me: bool = Field(description="True for the caller")
    confirmed_at: dt.datetime | None = Field(description="When they confirmed, or null")
    meeting_frequency: FrequencyLiteral | None = Field(description="Their agreement, or null")
    channel: ChannelLiteral | None = Field(description="Their agreement, or null")


class KickoffOut(Schema):
    pair_id: int = Field(description="Pair id")
    program: str = Field(description="Name of the program")
    charter: str = Field(description="The program's charter")
    started: bool = Field(description="True once both members confirmed")
    started_at: dt.datetime | None = Field(description="When the second member confirmed")
    members: list[KickoffMemberOut] = Field(description="The mentor, then the mentee")
