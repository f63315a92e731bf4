"""Schemas of the certificates API."""

import datetime as dt

from ninja import Field, Schema


class CertificateOut(Schema):
    id: int
    code: str = Field(description="The verification code, in groups of five")
    holder: str
    program: str
    role: str = Field(description="mentor or mentee")
    language: str = Field(description="The holder's language: fr or en")
    starts_on: dt.date
    ends_on: dt.date
    meetings_held: int
    hours: float
    issued_at: dt.datetime
    revoked_at: dt.datetime | None
    verify_url: str
    linkedin_url: str = Field(description="LinkedIn's 'Add to profile' link")


class IssuedOut(Schema):
    id: int
    code: str
    holder: str
    role: str
    issued_at: dt.datetime
    revoked_at: dt.datetime | None
    revoked_reason: str


class RoleCriteria(Schema):
    charter_confirmed: bool
    min_meetings: int = Field(ge=0, le=200)
    end_evaluation: bool
    training_done: bool
    not_ended_early: bool


class SettingsIO(Schema):
    mentor: RoleCriteria
    mentee: RoleCriteria
    issue_at_close: bool = True
    wording_fr: str = ""
    wording_en: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    company_name: str = ""
    has_logo: bool = Field(False, description="Read only: the logo is uploaded from the page")
    version: int | None = None


class CandidateOut(Schema):
    employee_id: int
    name: str
    role: str
    pair_id: int
    meetings: int
    eligible: bool
    missing: list[str]
    certificate_id: int | None


class EligibilityOut(Schema):
    eligible: int
    total: int
    to_issue_mentors: int
    to_issue_mentees: int
    warnings: list[str]
    people: list[CandidateOut]


class RunOut(Schema):
    id: int
    status: str = Field(description="queued, running, done or failed")
    total: int
    done: int
    issued: int


class RevokeIn(Schema):
    reason: str


class PreferenceIO(Schema):
    verification_allowed: bool
    endorsements_shown: bool | None = Field(
        None,
        description="Show the partners' endorsements to those who verify (left as it is when "
        "not given)",
    )


class EndorsementOut(Schema):
    name: str = Field(description="The partner who wrote it", examples=["Bernard Lefèvre"])
    text: str


class VerifyOut(Schema):
    status: str = Field(description="valid, revoked or unknown (also when not shown)")
    name: str | None = None
    program: str | None = None
    role: str | None = None
    issued_on: dt.date | None = None
    revoked_on: dt.date | None = None
    endorsements: list[EndorsementOut] = Field(
        [], description="The partners' endorsements, when the holder shows them"
    )
