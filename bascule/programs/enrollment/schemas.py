"""Schemas of the enrollment API."""

import datetime as dt
from typing import Any

from django.db.models import prefetch_related_objects
from ninja import Field, Schema

from bascule.programs.enrollment.selectors import skills_with_labels
from bascule.programs.models import Application, ApplicationStatus


class InvitationOut(Schema):
    id: int
    employee_id: int
    employee_name: str
    suggested_role: str
    created_at: dt.datetime
    sent_at: dt.datetime | None
    opened_at: dt.datetime | None

    @staticmethod
    def resolve_employee_name(obj) -> str:
        return obj.employee.full_name


class InvitationsIn(Schema):
    """Who to invite: a list of e-mail addresses or employee IDs, or departments and a
    seniority level range (everyone matching both)."""

    entries: list[str] = Field(default_factory=list, description="E-mails or employee IDs")
    department_ids: list[int] = Field(default_factory=list)
    level_min: int | None = Field(None, ge=1, le=8)
    level_max: int | None = Field(None, ge=1, le=8)
    suggested_role: str = Field("", pattern="^(|mentor|mentee)$")
    resend: bool = False


class InvitationsResultOut(Schema):
    invited: int
    resent: int
    already_invited: int
    left: int
    accounts_created: int
    unknown: list[str]


class SkillLevelIn(Schema):
    skill_id: int
    level: int = Field(..., ge=1, le=4)


class ApplicationIn(Schema):
    role: str = Field(..., pattern="^(mentor|mentee)$")
    skills_to_share: list[SkillLevelIn] = Field(default_factory=list)
    skills_to_develop: list[SkillLevelIn] = Field(default_factory=list)
    skills_to_share_text: str = Field("", max_length=1000)
    skills_to_develop_text: str = Field("", max_length=1000)
    interests: list[str] = Field(default_factory=list, max_length=20)
    hopes: str = Field("", max_length=2000)
    availability: list[str] = Field(default_factory=list, description='e.g. ["mon-am"]')
    preferred_format: str = ""
    languages: list[str] = Field(default_factory=list)
    charter_accepted: bool = False
    privacy_notice_accepted: bool = False


class ApplicationUpdateIn(ApplicationIn):
    version: int


class SkillLevelOut(Schema):
    skill_id: int
    slug: str
    label: str
    level: int


class ApplicationOut(Schema):
    id: int
    program_id: int
    program_name: str
    employee_id: int
    employee_name: str
    role: str
    status: str
    skills_to_share: list[SkillLevelOut]
    skills_to_develop: list[SkillLevelOut]
    skills_to_share_text: str
    skills_to_develop_text: str
    interests: list[str]
    hopes: str
    availability: list[str]
    preferred_format: str
    languages: list[str]
    decision_reason: str
    withdrawal_reason: str
    created_at: dt.datetime
    version: int
    replaced_skills: list[str] = Field(
        default_factory=list, description="Merged skills replaced by their successor"
    )

    @staticmethod
    def resolve_program_name(obj: Application) -> str:
        return obj.program.name

    @staticmethod
    def resolve_employee_name(obj: Application) -> str:
        return obj.employee.full_name

    @staticmethod
    def resolve_skills_to_share(obj: Application) -> list[dict[str, Any]]:
        return _skills(obj, "share")

    @staticmethod
    def resolve_skills_to_develop(obj: Application) -> list[dict[str, Any]]:
        return _skills(obj, "develop")

    @staticmethod
    def resolve_replaced_skills(obj: Application) -> list[str]:
        return getattr(obj, "replaced_skills", [])


def _skills(application: Application, direction: str) -> list[dict[str, Any]]:
    # A list's selector prefetched the skills already; one application fetches them here.
    prefetch_related_objects([application], skills_with_labels())
    return [
        {
            "skill_id": item.skill_id,
            "slug": item.skill.slug,
            "label": item.skill.label,
            "level": item.level,
        }
        for item in application.skills.all()
        if item.direction == direction
    ]


class WithdrawIn(Schema):
    reason: str = Field(..., max_length=1000)
    version: int | None = None


class DecisionIn(Schema):
    decision: ApplicationStatus = Field(..., description="approved, waitlisted or declined")
    reason: str = Field("", max_length=1000)
    version: int | None = None


class BulkDecisionIn(Schema):
    application_ids: list[int]
    decision: ApplicationStatus
    reason: str = Field("", max_length=1000)


class BulkDecisionOut(Schema):
    changed: list[int]
    skipped: list[int]


class FunnelGroupOut(Schema):
    label: str
    total: int | None
    counts: dict[str, int | None]


class FunnelOut(Schema):
    """Counts of people; for a sponsor, null where 1 to 4 people would be counted."""

    program_id: int
    invited: int | None
    opened: int | None
    applied: int | None
    statuses: dict[str, int | None]
    by_role: list[FunnelGroupOut]
    by_department: list[FunnelGroupOut]
    by_level: list[FunnelGroupOut]
    approved_mentors: int | None
    approved_mentees: int | None
    mentor_capacity: int
    capacity: int | None
    capacity_shortfall: int | None
