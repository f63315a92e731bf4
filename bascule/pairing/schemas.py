"""Schemas of the matching API (/api/matching/). Every field says what it holds."""

import datetime as dt
from typing import Any

from ninja import Field, Schema


class PersonOut(Schema):
    application_id: int = Field(description="The person's application to the program")
    employee_id: int = Field(description="Employee id")
    name: str = Field(description="Full name")
    department: str | None = Field(None, description="Department name")
    seniority_level: int | None = Field(None, description="Career stage, 1-8")


class ProposalOut(Schema):
    id: int = Field(description="Proposal id")
    mentee: PersonOut
    mentor: PersonOut
    score: float = Field(description="Score in [0, 1]: the weighted mean of the components")
    breakdown: dict[str, float] = Field(description="Each score component, in [0, 1]")
    reasons: list[dict[str, Any]] = Field(description="Structured reasons ({code, …})")
    explanation: str = Field(description="The reasons in words, in the caller's language")
    locked: bool = Field(description="Kept by the next runs")
    manual: bool = Field(description="Paired by hand")
    warnings: list[str] = Field(description="Constraints the pair breaks, in words")
    warning_codes: list[str] = Field(description="The same, as stable codes")


class UnmatchedOut(Schema):
    application_id: int | None = Field(description="The person's application")
    side: str = Field(description="mentor or mentee")
    name: str = Field(description="Full name")
    reasons: list[dict[str, Any]] = Field(description="Structured reasons ({code, …})")
    explanation: str = Field(description="Why, in the caller's language")


class RunSummaryOut(Schema):
    id: int = Field(description="Run id")
    program_id: int = Field(description="Program id")
    status: str = Field(description="proposed or published")
    started_at: dt.datetime = Field(description="When it ran")
    run_by: str | None = Field(description="Who ran it (e-mail)")
    duration_ms: int = Field(description="Engine time, in milliseconds")
    parameters: dict[str, Any] = Field(
        description="Weights and constraints used, locks and exclusions counted, and the "
        "approved applications read ([id, version])"
    )
    mentors_count: int = Field(description="Approved mentors")
    mentees_count: int = Field(description="Approved mentees")
    capacity: int = Field(description="Places with mentors")
    matched: int = Field(description="Mentees with a mentor")
    unmatched: int = Field(description="Mentees without a mentor")
    total_score: float = Field(description="Sum of the pairs' scores")
    upper_bound: float = Field(description="No matching can score more than this")
    gap_percent: float = Field(description="Distance to the bound, in percent")
    max_matched_proven: bool = Field(description="True: no matching can pair more mentees")
    edited: bool = Field(description="Changed by hand after the run")
    certificate: str = Field(description="The certificate in words")


class RunOut(RunSummaryOut):
    proposals: list[ProposalOut] = Field(
        description="Proposed pairs, best score first: all of them, or the page asked for"
    )
    proposals_total: int = Field(description="How many proposals the run has")
    page: int | None = Field(description="The page returned (with ?page=), else null")
    pages: int | None = Field(description="How many pages of page_size there are, else null")
    unmatched_people: list[UnmatchedOut] = Field(description="Everyone without a partner")
    stale_reasons: list[str] = Field(description="Why it can no longer be published, if so")


class FairnessRowOut(Schema):
    label: str = Field(description="The group: a department, a seniority level or a location")
    mentees: int = Field(description="Approved mentees in the group")
    matched: int = Field(description="Those the run gives a mentor")
    match_rate: float = Field(description="matched / mentees, in percent")
    mean_score: float | None = Field(description="Mean score of the group's pairs")
    pooled: bool = Field(
        description="True for the row that counts together the groups too small to be shown"
    )


class FairnessTableOut(Schema):
    rows: list[FairnessRowOut] = Field(
        description="Groups of `min_group_size` mentees or more, then the pooled small ones "
        "when there are at least `min_group_size` of them"
    )
    hidden_groups: int = Field(description="How many groups were too small to be shown")


class MentorLoadOut(Schema):
    mentees: int = Field(description="A number of mentees")
    mentors: int = Field(description="How many mentors the run gives that many mentees")


class FairnessOut(Schema):
    min_group_size: int = Field(description="No group of fewer mentees is shown on its own")
    by_department: FairnessTableOut
    by_level: FairnessTableOut
    by_location: FairnessTableOut
    by_generation: FairnessTableOut = Field(description="Self-declared generations")
    mentor_load: list[MentorLoadOut]


class ManualPairIn(Schema):
    mentee_application_id: int = Field(description="An approved mentee's application")
    mentor_application_id: int = Field(description="An approved mentor's application")


class ManualPairOut(Schema):
    proposal: ProposalOut | None = Field(description="The new proposal in the latest run")
    warnings: list[str] = Field(description="Constraints the pair breaks, in words")
    warning_codes: list[str] = Field(description="The same, as stable codes")


class SwapIn(Schema):
    first_proposal_id: int = Field(description="A proposal of the program's latest run")
    second_proposal_id: int = Field(description="Another proposal of the same run")


class SwapOut(Schema):
    proposals: list[ProposalOut] = Field(
        description="The two new pairs, locked and made by hand, each with its warnings"
    )


class SettingsIn(Schema):
    weights: dict[str, float] | None = Field(
        None, description="Weight by score component (non-negative, not all zero)"
    )
    reporting_line_depth: int | None = Field(
        None, description="Levels of managers to avoid; null: the whole chain"
    )
    # Left out: unchanged. Sent: true or false, never null (these settings are never empty).
    forbid_same_manager: bool = None  # type: ignore[assignment]
    prefer_different_department: bool = None  # type: ignore[assignment]
    allow_previous_pairs: bool = None  # type: ignore[assignment]
    self_match: bool = Field(None, description="Mentees choose their mentor")  # type: ignore[assignment]


class SettingsOut(Schema):
    weights: dict[str, float] = Field(description="Weight by score component")
    reporting_line_depth: int | None = Field(description="null: the whole chain")
    forbid_same_manager: bool
    prefer_different_department: bool
    allow_previous_pairs: bool
    self_match: bool = Field(description="Mentees choose their mentor")
    min_level_gap: int = Field(description="From the program's rule")
    mentor_capacity: int = Field(description="From the program")


class PublishOut(Schema):
    pairs: int = Field(description="Pairs created")
    program_status: str = Field(description="The program's status afterwards")


class MyPairOut(Schema):
    pair_id: int
    program_id: int
    program: str = Field(description="Program name")
    role: str = Field(description="The caller's role: mentor or mentee")
    partner_name: str
    partner_job_title: str
    partner_department: str | None
    partner_email: str
    explanation: str = Field(description="Why the two were paired, in the caller's language")
    published_at: dt.datetime


class RematchPersonOut(PersonOut):
    role: str = Field(description="mentor or mentee")


class PairOut(Schema):
    id: int = Field(description="Pair id")
    mentee: RematchPersonOut
    mentor: RematchPersonOut
    score: float = Field(description="Score in [0, 1]")
    status: str = Field(description="active or ended")
    origin: str = Field(description="published (from a run) or rematch")
    published_at: dt.datetime = Field(description="When the pair was formed")
    ended_at: dt.datetime | None = Field(None, description="When it ended")
    end_cause: str = Field(description="hr or withdrawal, when ended")
    end_reason: str = Field(description="Why it ended (HR only)")
    explanation: str = Field(description="Why the two were paired, in the caller's language")


class RematchOverviewOut(Schema):
    program_status: str = Field(description="Rematching is possible while running only")
    people: list[RematchPersonOut] = Field(
        description="Approved people with room for a partner: mentees without a mentor, "
        "mentors below the program's capacity"
    )
    pairs: list[PairOut] = Field(description="Every published pair, active first")


class CandidateOut(Schema):
    person: RematchPersonOut
    score: float = Field(description="Score of the pair in [0, 1]")
    breakdown: dict[str, float] = Field(description="Each score component, in [0, 1]")
    reasons: list[dict[str, Any]] = Field(description="Structured reasons ({code, …})")
    explanation: str = Field(description="The reasons in words, in the caller's language")


class RematchCandidatesOut(Schema):
    person: RematchPersonOut
    candidates: list[CandidateOut] = Field(description="The best partners, best score first")
    reason: str = Field(description="When there is no candidate: why, in words")
    reason_codes: list[str] = Field(description="The same, as stable codes")


class RematchIn(Schema):
    application_id: int = Field(description="The person to rematch (an approved application)")
    partner_application_id: int = Field(description="The partner chosen among the candidates")


class PairEndIn(Schema):
    reason: str = Field(description="Why the pair ends; both members receive it by e-mail")


class MentorRequestIn(Schema):
    mentor_application_id: int = Field(description="One of the mentors proposed")
    message: str = Field("", description="The mentee's message to the mentor")


class MentorAnswerIn(Schema):
    decision: str = Field(description="accepted or declined")
    message: str = Field("", description="The mentor's message to the mentee")


class MentorRequestOut(Schema):
    id: int
    program_id: int
    mentee: PersonOut
    mentor: PersonOut
    status: str = Field(description="pending, accepted or declined")
    message: str = Field(description="The mentee's message")
    answer: str = Field(description="The mentor's message")
    score: float = Field(description="Score of the pair in [0, 1]")
    created_at: dt.datetime
    answered_at: dt.datetime | None = None


class MyMentorRequestsOut(Schema):
    to_me: list[MentorRequestOut] = Field(description="Requests addressed to me as a mentor")
    from_me: list[MentorRequestOut] = Field(description="Requests I sent as a mentee")
