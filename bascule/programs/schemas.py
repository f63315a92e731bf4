"""Schemas of the programs API (/api/programs/). Every field says what it holds."""

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from bascule.programs import rules
from bascule.programs.models import Program

KindLiteral = Literal["reverse", "reciprocal"]
FormatLiteral = Literal["in_person", "virtual", "hybrid"]
StatusLiteral = Literal["draft", "enrolling", "matching", "running", "closed"]


class ProgramSummaryOut(Schema):
    """One line of the program list. The figures are left out (null) for participants."""

    id: int = Field(description="Program id")
    name: str = Field(description="Name of the program")
    status: StatusLiteral = Field(description="Lifecycle status")
    kind: KindLiteral = Field(description="reverse: the younger mentors; reciprocal: both")
    starts_on: dt.date = Field(description="First day of the program")
    ends_on: dt.date = Field(description="Last day of the program")
    enrollment_closes_on: dt.date | None = Field(description="Last day to apply, if set")
    open_enrollment: bool = Field(description="True: every eligible employee may apply")
    applications_count: int | None = Field(
        None, description="Applications, withdrawn ones excluded (managers and sponsor only)"
    )
    approved_mentors: int | None = Field(None, description="Approved mentors (idem)")
    approved_mentees: int | None = Field(None, description="Approved mentees (idem)")


class ProgramOut(Schema):
    """A program's settings, status and reverse rule. Never an individual application."""

    id: int = Field(description="Program id")
    name: str = Field(description="Name of the program")
    description: str = Field(description="What the program is about")
    objectives: list[str] = Field(description="The objectives, one string each")
    charter: str = Field(
        description="What each side commits to (paragraphs separated by blank lines)"
    )
    kind: KindLiteral = Field(description="reverse: the younger mentors; reciprocal: both")
    status: StatusLiteral = Field(description="Lifecycle status")
    allowed_transitions: list[StatusLiteral] = Field(
        description="The statuses the program may move to from its current one"
    )
    status_changed_at: dt.datetime | None = Field(description="When the status last changed")
    template: str = Field(description="Key of the template it was created from, or empty")
    starts_on: dt.date = Field(description="First day of the program")
    ends_on: dt.date = Field(description="Last day of the program")
    enrollment_closes_on: dt.date | None = Field(description="Last day to apply, if set")
    open_enrollment: bool = Field(
        description="True: every eligible employee may apply; false: invitees only"
    )
    meeting_every_weeks: int = Field(description="Pairs meet every N weeks")
    meeting_minutes: int = Field(description="Length of a meeting, in minutes")
    checkin_every_weeks: int = Field(description="Participants check in every N weeks")
    format: FormatLiteral = Field(description="Format of the meetings")
    country: str = Field(
        description="ISO 3166 code of the country whose public holidays the suggested "
        "meeting times skip; empty: none"
    )
    languages: list[str] = Field(description="ISO 639-1 codes the pairs may speak")
    mentor_capacity: int = Field(description="Mentees per mentor")
    mentor_max_level: int | None = Field(description="Mentors: highest seniority level (1-8)")
    mentor_max_experience_years: int | None = Field(description="Mentors: most years of experience")
    mentee_min_level: int | None = Field(description="Mentees: lowest seniority level (1-8)")
    mentee_min_experience_years: int | None = Field(
        description="Mentees: fewest years of experience"
    )
    min_level_gap: int = Field(description="Smallest level gap between mentee and mentor")
    mentor_department_ids: list[int] = Field(
        description="Departments mentors come from; empty: every department"
    )
    mentee_department_ids: list[int] = Field(
        description="Departments mentees come from; empty: every department"
    )
    manager_ids: list[int] = Field(description="User ids of the program managers")
    rule_summary: list[str] = Field(description="The rule in plain words, one line per side")
    version: int = Field(description="Send it back when changing the program (409 if stale)")
    created_at: dt.datetime = Field(description="When the program was created")
    updated_at: dt.datetime = Field(description="When the program last changed")

    @staticmethod
    def resolve_allowed_transitions(obj: Program) -> list[str]:
        return list(obj.allowed_transitions())

    @staticmethod
    def resolve_mentor_department_ids(obj: Program) -> list[int]:
        return sorted(obj.mentor_departments.values_list("pk", flat=True))

    @staticmethod
    def resolve_mentee_department_ids(obj: Program) -> list[int]:
        return sorted(obj.mentee_departments.values_list("pk", flat=True))

    @staticmethod
    def resolve_manager_ids(obj: Program) -> list[int]:
        return sorted(obj.managers.values_list("pk", flat=True))

    @staticmethod
    def resolve_rule_summary(obj: Program) -> list[str]:
        return rules.rule_summary(obj)


class ProgramFieldsIn(Schema):
    """Program settings; each one is optional here, only those sent are used."""

    name: str | None = Field(None, max_length=200, description="Name of the program")
    description: str | None = Field(None, description="What the program is about")
    objectives: list[str] | None = Field(None, description="The objectives, one string each")
    charter: str | None = Field(None, description="What each side commits to")
    kind: KindLiteral | None = Field(None, description="reverse or reciprocal")
    starts_on: dt.date | None = Field(None, description="First day (YYYY-MM-DD)")
    ends_on: dt.date | None = Field(None, description="Last day, on or after starts_on")
    enrollment_closes_on: dt.date | None = Field(
        None, description="Last day to apply, on or before ends_on"
    )
    open_enrollment: bool | None = Field(
        None, description="True: every eligible employee may apply; false: invitees only"
    )
    meeting_every_weeks: int | None = Field(None, description="Pairs meet every N weeks (1-52)")
    meeting_minutes: int | None = Field(None, description="Meeting length, minutes (10-480)")
    checkin_every_weeks: int | None = Field(None, description="Check-in every N weeks (1-52)")
    format: FormatLiteral | None = Field(None, description="in_person, virtual or hybrid")
    country: str | None = Field(
        None,
        max_length=2,
        description="ISO 3166 code (FR, BE, DE, …) whose public holidays the suggested meeting "
        "times skip; empty: none. Default for a new program: the server's DEFAULT_COUNTRY",
    )
    languages: list[str] | None = Field(
        None, description="ISO 639-1 codes among those offered (fr, en, de, es, it, nl, …)"
    )
    mentor_capacity: int | None = Field(None, description="Mentees per mentor (1-10)")
    mentor_max_level: int | None = Field(
        None, description="Mentors: highest seniority level (1-8); null: no limit"
    )
    mentor_max_experience_years: int | None = Field(
        None, description="Mentors: most years of experience; null: no limit"
    )
    mentee_min_level: int | None = Field(
        None, description="Mentees: lowest seniority level (1-8); null: no limit"
    )
    mentee_min_experience_years: int | None = Field(
        None, description="Mentees: fewest years of experience; null: no limit"
    )
    min_level_gap: int | None = Field(None, description="Smallest level gap (0-7)")
    mentor_departments: list[int] | None = Field(
        None, description="Department ids mentors come from; []: every department"
    )
    mentee_departments: list[int] | None = Field(
        None, description="Department ids mentees come from; []: every department"
    )
    managers: list[int] | None = Field(
        None, description="User ids of program managers (HR admins only may set them)"
    )

    def values(self) -> dict[str, Any]:
        """Return the settings the caller sent, as the services take them."""
        return self.dict(exclude_unset=True, exclude={"template", "language", "version"})


class ProgramCreateIn(ProgramFieldsIn):
    """A new program. With a template, every setting but the dates is filled in from it."""

    template: str | None = Field(
        None, description="Key of a template (see /templates), e.g. reverse-digital"
    )
    language: Literal["fr", "en"] | None = Field(
        None, description="Language of the template's texts; default: the caller's"
    )


class ProgramUpdateIn(ProgramFieldsIn):
    """Changes to a program: only the fields sent change."""

    version: int = Field(description="The version the changes are based on (409 if stale)")


class TransitionIn(Schema):
    to: StatusLiteral = Field(description="The status to move to")
    version: int = Field(description="The version the move is based on (409 if stale)")


class ProgramTemplateOut(Schema):
    key: str = Field(description="Pass it as `template` when creating a program")
    language: str = Field(description="Language of the texts below")
    name: str = Field(description="Name of the program it creates")
    summary: str = Field(description="What the template is for, in one sentence")
    fields: dict[str, Any] = Field(description="The program settings it fills in")
