"""The matching API, /api/matching/: the same services and selectors as the workbench.

HR admins and the program's managers run matching, lock, exclude, pair by hand and publish
(another program is a 404, other roles a 403). A participant reads their own pairs.
Domain errors become 400 / 409 in config/api.py.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from bascule.core import idempotency
from bascule.core.api_errors import ERRORS
from bascule.core.errors import ConflictError
from bascule.core.permissions import require, user_has_pairs
from bascule.pairing import explain, inputs, lifecycle, selectors, services
from bascule.pairing.models import MatchRun, MentorRequest, Pair, Proposal, RunStatus
from bascule.pairing.rematch import selectors as rematch_selectors
from bascule.pairing.rematch import services as rematch_services
from bascule.pairing.schemas import (
    FairnessOut,
    ManualPairIn,
    ManualPairOut,
    MentorAnswerIn,
    MentorRequestIn,
    MentorRequestOut,
    MyMentorRequestsOut,
    MyPairOut,
    PairEndIn,
    PairOut,
    ProposalOut,
    PublishOut,
    RematchCandidatesOut,
    RematchIn,
    RematchOverviewOut,
    RunOut,
    RunSummaryOut,
    SettingsIn,
    SettingsOut,
    SwapIn,
    SwapOut,
)
from bascule.pairing.selfmatch import selectors as selfmatch_selectors
from bascule.pairing.selfmatch import services as selfmatch_services
from bascule.programs.models import Program, ProgramStatus

router = Router(tags=["matching"])


def _language() -> str:
    return explain.reader_language(get_language())


def _person(application: Any) -> dict[str, Any]:
    employee = application.employee
    return {
        "application_id": application.pk,
        "employee_id": employee.pk,
        "name": employee.full_name,
        "department": employee.department.name if employee.department_id else None,
        "seniority_level": employee.seniority_level,
    }


def _proposal(proposal: Proposal, explanation: str | None = None) -> dict[str, Any]:
    """A proposal as the API gives it; `explanation` when the caller already rendered it."""
    mentee = proposal.mentee_application.employee
    mentor = proposal.mentor_application.employee
    if explanation is None:
        explainer = explain.Explainer([proposal.reasons], _language())
        explanation = explainer.sentence(proposal.reasons, mentor.first_name, mentee.first_name)
    return {
        "id": proposal.pk,
        "mentee": _person(proposal.mentee_application),
        "mentor": _person(proposal.mentor_application),
        "score": proposal.score,
        "breakdown": proposal.breakdown or {},
        "reasons": proposal.reasons or [],
        "explanation": explanation,
        "locked": proposal.locked,
        "manual": proposal.manual,
        "warnings": explain.warnings_text(proposal.warnings),
        "warning_codes": [w.get("code", "") for w in proposal.warnings or []],
    }


def _summary(run: MatchRun) -> dict[str, Any]:
    out = {
        name: getattr(run, name)
        for name in (
            "id",
            "program_id",
            "status",
            "started_at",
            "duration_ms",
            "parameters",
            "mentors_count",
            "mentees_count",
            "capacity",
            "matched",
            "unmatched",
            "total_score",
            "upper_bound",
            "gap_percent",
            "max_matched_proven",
            "edited",
        )
    }
    out["run_by"] = run.run_by.email if run.run_by_id else None
    out["certificate"] = selectors.certificate_text(run)
    return out


def _run(run: MatchRun, page: int | None = None, page_size: int | None = None) -> dict[str, Any]:
    view = selectors.run_view(run=run, language=_language(), page=page, per_page=page_size)
    return {
        **_summary(run),
        # run_view explained them already, in the caller's language.
        "proposals": [_proposal(row.proposal, row.explanation) for row in view.proposals],
        "proposals_total": view.total,
        "page": view.page_obj.number if view.page_obj else None,
        "pages": view.page_obj.paginator.num_pages if view.page_obj else None,
        "unmatched_people": [
            {
                "application_id": row.application.pk if row.application else None,
                "side": row.side,
                "name": row.application.employee.full_name if row.application else "",
                "reasons": next(
                    (
                        u.get("reasons", [])
                        for u in run.unmatched_people
                        if row.application and u.get("application_id") == row.application.pk
                    ),
                    [],
                ),
                "explanation": row.explanation,
            }
            for row in view.unmatched
        ],
        "stale_reasons": selectors.stale_reasons(run) if run.status == RunStatus.PROPOSED else [],
    }


def _settings(program: Program) -> dict[str, Any]:
    return {
        "weights": inputs.program_weights(program),
        "reporting_line_depth": program.reporting_line_depth,
        "forbid_same_manager": program.forbid_same_manager,
        "prefer_different_department": program.prefer_different_department,
        "allow_previous_pairs": program.allow_previous_pairs,
        "self_match": program.self_match,
        "min_level_gap": program.min_level_gap,
        "mentor_capacity": program.mentor_capacity,
    }


# --- Settings ----------------------------------------------------------------------------------


@router.get(
    "/programs/{program_id}/settings",
    response={200: SettingsOut, **ERRORS},
    summary="Get a program's matching settings",
)
def get_matching_settings(request: HttpRequest, program_id: int):
    """The weights (the kind's defaults where not set) and the constraints of matching."""
    program = selectors.access_matching_program(user=request.user, program_id=program_id)
    return _settings(program)


@router.put(
    "/programs/{program_id}/settings",
    response={200: SettingsOut, **ERRORS},
    summary="Change a program's matching settings",
)
def update_matching_settings(request: HttpRequest, program_id: int, payload: SettingsIn):
    """Change the weights (non-negative, not all zero) and constraints sent; refused once
    the pairs are published."""
    program = selectors.access_matching_program(user=request.user, program_id=program_id)
    values = payload.dict(exclude_unset=True)
    if "weights" in values and values["weights"] is not None:
        values["weights"] = {**inputs.program_weights(program), **values["weights"]}
    elif "weights" in values:
        values.pop("weights")
    return _settings(
        services.matching_settings_update(actor=request.user, program=program, values=values)
    )


# --- Runs --------------------------------------------------------------------------------------


@router.post(
    "/programs/{program_id}/runs",
    response={201: RunOut, **ERRORS},
    summary="Run matching on a program",
)
@idempotency.api_create()
def run_matching(request: HttpRequest, program_id: int):
    """Run the engine on the approved applications (program in the "matching" status);
    locks are kept, exclusions never proposed."""
    program = selectors.access_matching_program(user=request.user, program_id=program_id)
    run = services.run_matching(
        actor=request.user, program=program, submission=idempotency.submission(request)
    )
    return Status(201, _run(run))


@router.get(
    "/programs/{program_id}/runs",
    response={200: list[RunSummaryOut], **ERRORS},
    summary="List a program's runs",
)
def list_runs(request: HttpRequest, program_id: int):
    """Every run of the program, newest first, with its parameters and figures."""
    program = selectors.access_matching_program(user=request.user, program_id=program_id)
    return [_summary(run) for run in selectors.program_runs(program=program)]


@router.get("/runs/{run_id}", response={200: RunOut, **ERRORS}, summary="Get a run")
def get_run(
    request: HttpRequest,
    run_id: int,
    page: int | None = Query(None, ge=1, description="A page of proposals (past the end: last)"),
    page_size: int = Query(selectors.PROPOSALS_PER_PAGE, ge=1, le=1000, description="Per page"),
):
    """One run with its proposals (best first), the people left aside and, when it can no
    longer be published, why. A large program's run has thousands of proposals: `page` (and
    `page_size`, 100 by default) returns them a page at a time."""
    run = selectors.access_run(user=request.user, run_id=run_id)
    return _run(run, page, page_size if page is not None else None)


@router.get(
    "/runs/{run_id}/fairness", response={200: FairnessOut, **ERRORS}, summary="A run's fairness"
)
def get_run_fairness(request: HttpRequest, run_id: int):
    """Match rate and mean score of the mentees by department, seniority level, location and
    self-declared generation, and the mentors' load: counts and means only. No group of fewer
    than `min_group_size` mentees is shown on its own: the small groups of a breakdown are
    pooled in one row when they are that many together, left out otherwise (`hidden_groups`
    says how many). Who is left without a partner, and why, is in the run itself."""
    report = selectors.fairness(run=selectors.access_run(user=request.user, run_id=run_id))

    def table(breakdown: selectors.FairnessTable) -> dict[str, Any]:
        rows = [
            {
                "label": row.label,
                "mentees": row.mentees,
                "matched": row.matched,
                "match_rate": round(row.rate, 1),
                "mean_score": row.mean_score,
                "pooled": row.pooled,
            }
            for row in breakdown.rows
        ]
        return {"rows": rows, "hidden_groups": breakdown.hidden_groups}

    return {
        "min_group_size": report.min_group_size,
        "by_department": table(report.by_department),
        "by_level": table(report.by_level),
        "by_location": table(report.by_location),
        "by_generation": table(report.by_generation),
        "mentor_load": [{"mentees": n, "mentors": count} for n, count in report.load],
    }


@router.post(
    "/runs/{run_id}/publish",
    response={200: PublishOut, **ERRORS},
    summary="Publish a run",
)
@idempotency.api_create()
def publish_run(request: HttpRequest, run_id: int):
    """Create the pairs, start the program, e-mail both members of each pair. 409 when the
    pairs are already published or the run is out of date. Unlike the page, there is no
    confirmation step: this call is the confirmation, so ask your user first."""
    run = selectors.access_run(user=request.user, run_id=run_id)
    pairs = services.publish_run(
        actor=request.user, run=run, submission=idempotency.submission(request)
    )
    run.program.refresh_from_db()
    return {"pairs": len(pairs), "program_status": run.program.status}


# --- Proposals ---------------------------------------------------------------------------------


@router.post(
    "/proposals/{proposal_id}/lock",
    response={200: ProposalOut, **ERRORS},
    summary="Lock a proposal",
)
def lock_proposal(request: HttpRequest, proposal_id: int):
    """Keep this pair in every later run."""
    proposal = selectors.access_proposal(user=request.user, proposal_id=proposal_id)
    return _proposal(services.proposal_lock(actor=request.user, proposal=proposal))


@router.post(
    "/proposals/{proposal_id}/unlock",
    response={200: ProposalOut, **ERRORS},
    summary="Unlock a proposal",
)
def unlock_proposal(request: HttpRequest, proposal_id: int):
    """Let the next run choose freely for this mentee."""
    proposal = selectors.access_proposal(user=request.user, proposal_id=proposal_id)
    return _proposal(services.proposal_unlock(actor=request.user, proposal=proposal))


@router.post(
    "/proposals/{proposal_id}/exclude",
    response={204: None, **ERRORS},
    summary="Exclude a pair",
)
@idempotency.api_create()
def exclude_proposal(request: HttpRequest, proposal_id: int):
    """Never propose this pair again; it leaves the latest run."""
    proposal = selectors.access_proposal(user=request.user, proposal_id=proposal_id)
    services.proposal_exclude(
        actor=request.user, proposal=proposal, submission=idempotency.submission(request)
    )
    return Status(204, None)


@router.post(
    "/programs/{program_id}/manual-pairs",
    response={201: ManualPairOut, **ERRORS},
    summary="Pair two people by hand",
)
@idempotency.api_create()
def create_manual_pair(request: HttpRequest, program_id: int, payload: ManualPairIn):
    """Pair an approved mentee and mentor by hand, even against a constraint: the answer
    lists each constraint broken (reporting line, language, level gap, capacity, exclusion)."""
    program = selectors.access_matching_program(user=request.user, program_id=program_id)
    proposal, warnings = services.manual_pair(
        actor=request.user,
        program=program,
        mentee_application_id=payload.mentee_application_id,
        mentor_application_id=payload.mentor_application_id,
        submission=idempotency.submission(request),
    )
    return Status(
        201,
        {
            "proposal": _proposal(proposal) if proposal else None,
            "warnings": explain.warnings_text(warnings),
            "warning_codes": [w["code"] for w in warnings],
        },
    )


@router.post(
    "/programs/{program_id}/swaps",
    response={200: SwapOut, **ERRORS},
    summary="Swap the mentors of two proposals",
)
@idempotency.api_create()
def swap_mentees(request: HttpRequest, program_id: int, payload: SwapIn):
    """Each of two mentees of the latest run takes the other's mentor; both pairs become
    locked pairs made by hand, with the constraints each breaks. 404 when a proposal belongs
    to another program; 409 when the run is not the latest; 400 when the two share a mentor."""
    program = selectors.access_matching_program(user=request.user, program_id=program_id)
    first, second = (
        selectors.access_program_proposal(user=request.user, program=program, proposal_id=pk)
        for pk in (payload.first_proposal_id, payload.second_proposal_id)
    )
    a, b = services.swap_mentees(
        actor=request.user,
        program=program,
        first=first,
        second=second,
        submission=idempotency.submission(request),
    )
    return {"proposals": [_proposal(a), _proposal(b)]}


# --- Rematching, once published ---------------------------------------------------------------


def _member(application: Any) -> dict[str, Any]:
    return {**_person(application), "role": application.role}


def _pair(pair: Pair, explainer: explain.Explainer | None = None) -> dict[str, Any]:
    explainer = explainer or explain.Explainer([pair.reasons], _language())
    return {
        "id": pair.pk,
        "mentee": _member(pair.mentee_application),
        "mentor": _member(pair.mentor_application),
        "score": pair.score,
        "status": pair.status,
        "origin": pair.origin,
        "published_at": pair.published_at,
        "ended_at": pair.ended_at,
        "end_cause": pair.end_cause,
        "end_reason": pair.end_reason,
        "explanation": explainer.sentence(
            pair.reasons, pair.mentor.first_name, pair.mentee.first_name
        ),
    }


def _pairs_with_applications(program: Program) -> list[Pair]:
    return list(
        selectors.program_pairs(program=program).select_related(
            "mentee_application__employee__department",
            "mentor_application__employee__department",
        )
    )


@router.get(
    "/programs/{program_id}/rematch",
    response={200: RematchOverviewOut, **ERRORS},
    summary="Pairs and people without a partner",
)
def rematch_overview(request: HttpRequest, program_id: int):
    """Every published pair (active first) and, while the program is running, the approved
    people who may take a new partner."""
    program = selectors.access_matching_program(user=request.user, program_id=program_id)
    pairs = _pairs_with_applications(program)
    explainer = explain.Explainer([p.reasons for p in pairs], _language())
    running = program.status == ProgramStatus.RUNNING
    return {
        "program_status": program.status,
        "people": [_member(a) for a in selectors.people_with_room(program)] if running else [],
        "pairs": [_pair(p, explainer) for p in pairs],
    }


@router.get(
    "/programs/{program_id}/rematch/{application_id}",
    response={200: RematchCandidatesOut, **ERRORS},
    summary="The best partners for one person",
)
def rematch_candidates(request: HttpRequest, program_id: int, application_id: int):
    """The engine's five best partners for one person of a running program, with score and
    reasons, every hard constraint applied; with none, the reason. 409 when the person
    already has a partner (or a mentor has no room left)."""
    program = selectors.access_matching_program(user=request.user, program_id=program_id)
    application = selectors.access_program_application(
        program=program, application_id=application_id
    )
    options = rematch_selectors.rematch_options(program=program, application_id=application.pk)
    explainer = explain.Explainer(
        [c.reasons for c in options.candidates] + [options.reasons], _language()
    )
    person = options.person.employee
    candidates = []
    for candidate in options.candidates:
        mentor, mentee = (
            (person, candidate.employee) if options.is_mentor else (candidate.employee, person)
        )
        candidates.append(
            {
                "person": _member(candidate.application),
                "score": candidate.score,
                "breakdown": candidate.breakdown,
                "reasons": candidate.reasons,
                "explanation": explainer.sentence(
                    candidate.reasons, mentor.first_name, mentee.first_name
                ),
            }
        )
    reason = ""
    if not candidates:
        reason = explainer.sentence(
            options.reasons,
            mentor=person.first_name if options.is_mentor else "",
            mentee="" if options.is_mentor else person.first_name,
        )
    return {
        "person": _member(options.person),
        "candidates": candidates,
        "reason": reason,
        "reason_codes": [] if candidates else [r.get("code", "") for r in options.reasons],
    }


@router.post(
    "/programs/{program_id}/rematch",
    response={201: PairOut, **ERRORS},
    summary="Rematch one person",
)
@idempotency.api_create()
def create_rematch(request: HttpRequest, program_id: int, payload: RematchIn):
    """Create an active pair for a person without a partner and the partner chosen; both are
    told by e-mail. 400 when the pair breaks a constraint of the program; 409 when one of
    them has no room left (a second identical request creates nothing)."""
    program = selectors.access_matching_program(user=request.user, program_id=program_id)
    application = selectors.access_program_application(
        program=program, application_id=payload.application_id
    )
    pair = rematch_services.rematch_pair(
        actor=request.user,
        program=program,
        application_id=application.pk,
        partner_application_id=payload.partner_application_id,
        submission=idempotency.submission(request),
    )
    pair = Pair.objects.select_related(
        "mentor", "mentee", "mentee_application__employee__department",
        "mentor_application__employee__department",
    ).get(pk=pair.pk)  # fmt: skip
    return Status(201, _pair(pair))


@router.post("/pairs/{pair_id}/end", response={200: PairOut, **ERRORS}, summary="End a pair")
def end_pair(request: HttpRequest, pair_id: int, payload: PairEndIn):
    """End an active pair of a running program with a reason; both members are told by
    e-mail in their language. 409 when it has already ended."""
    pair = selectors.access_pair(user=request.user, pair_id=pair_id)
    lifecycle.pair_end(actor=request.user, pair=pair, reason=payload.reason)
    pair = Pair.objects.select_related(
        "mentor", "mentee", "mentee_application__employee__department",
        "mentor_application__employee__department",
    ).get(pk=pair.pk)  # fmt: skip
    return _pair(pair)


# --- Participants ------------------------------------------------------------------------------


@router.get("/me/pairs", response={200: list[MyPairOut], **ERRORS}, summary="My pairs")
@require(user_has_pairs)
def list_my_pairs(request: HttpRequest):
    """The caller's active pairs: the partner and why, in the caller's language."""
    user = request.user
    return [
        {
            "pair_id": item.pair.pk,
            "program_id": item.program.pk,
            "program": item.program.name,
            "role": item.role,
            "partner_name": item.partner.full_name,
            "partner_job_title": item.partner.job_title,
            "partner_department": item.partner.department.name
            if item.partner.department_id
            else None,
            "partner_email": item.partner.email,
            "explanation": item.explanation,
            "published_at": item.pair.published_at,
        }
        for item in selectors.my_pairs(user=user, language=_language())
    ]


# --- Self-match ----------------------------------------------------------------------------------


def _request(item: MentorRequest) -> dict[str, Any]:
    return {
        "id": item.pk,
        "program_id": item.program_id,
        "mentee": _person(item.mentee_application),
        "mentor": _person(item.mentor_application),
        "status": item.status,
        "message": item.message,
        "answer": item.answer,
        "score": item.score,
        "created_at": item.created_at,
        "answered_at": item.answered_at,
    }


def _request_full(pk: int) -> dict[str, Any]:
    return _request(
        MentorRequest.objects.select_related(
            "mentee_application__employee__department",
            "mentor_application__employee__department",
        ).get(pk=pk)
    )


@router.get(
    "/programs/{program_id}/mentor-choices",
    response={200: RematchCandidatesOut, **ERRORS},
    summary="My best mentors (self-match)",
)
def list_mentor_choices(request: HttpRequest, program_id: int):
    """For an approved mentee of a self-match program in the "matching" status: their five
    best mentors with room, explained (or the reason when there is none). 409 when they
    already asked a mentor."""
    application = selectors.access_self_match_mentee(user=request.user, program_id=program_id)
    program = application.program
    if selectors.open_request(program, application) is not None:
        raise ConflictError(
            _("You already asked a mentor: wait for their answer."), code="request_open"
        )
    options = selfmatch_selectors.mentor_choices(program=program, mentee=application)
    explainer = explain.Explainer(
        [c.reasons for c in options.candidates] + [options.reasons], _language()
    )
    me = application.employee
    return {
        "person": _member(application),
        "candidates": [
            {
                "person": _member(c.application),
                "score": c.score,
                "breakdown": c.breakdown,
                "reasons": c.reasons,
                "explanation": explainer.sentence(c.reasons, c.employee.first_name, me.first_name),
            }
            for c in options.candidates
        ],
        "reason": ""
        if options.candidates
        else explainer.sentence(options.reasons, mentee=me.first_name),
        "reason_codes": [] if options.candidates else [r.get("code", "") for r in options.reasons],
    }


@router.post(
    "/programs/{program_id}/mentor-requests",
    response={201: MentorRequestOut, **ERRORS},
    summary="Ask a mentor (self-match)",
)
@idempotency.api_create()
def create_mentor_request(request: HttpRequest, program_id: int, payload: MentorRequestIn):
    """Ask an eligible mentor with room; they are told by e-mail. 409 when a request is
    already waiting or accepted, or the mentor has no room left."""
    application = selectors.access_self_match_mentee(user=request.user, program_id=program_id)
    item = selfmatch_services.mentor_request_create(
        actor=request.user,
        program=application.program,
        mentee=application,
        mentor_application_id=payload.mentor_application_id,
        message=payload.message,
        submission=idempotency.submission(request),
    )
    return Status(201, _request_full(item.pk))


@router.get(
    "/me/mentor-requests",
    response={200: MyMentorRequestsOut, **ERRORS},
    summary="My mentor requests (self-match)",
)
@require(user_has_pairs)
def list_my_mentor_requests(request: HttpRequest):
    """The requests addressed to me as a mentor, and those I sent as a mentee."""
    return {
        "to_me": [_request(r) for r in selectors.requests_to_me(user=request.user)],
        "from_me": [_request(r) for r in selectors.requests_from_me(user=request.user)],
    }


@router.post(
    "/mentor-requests/{request_id}/answer",
    response={200: MentorRequestOut, **ERRORS},
    summary="Answer a mentee's request (self-match)",
)
def answer_mentor_request(request: HttpRequest, request_id: int, payload: MentorAnswerIn):
    """Accept (the pair is locked for the next runs) or decline, with a message; the mentee
    is told by e-mail. 409 when already answered."""
    item = selectors.access_mentor_request(user=request.user, request_id=request_id)
    selfmatch_services.mentor_request_answer(
        actor=request.user, request=item, decision=payload.decision, message=payload.message
    )
    return _request_full(item.pk)
