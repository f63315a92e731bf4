"""The matching API, /api/matching/: the same services and selectors as the workbench.

HR admins and the program's managers run matching, lock, exclude, pair by hand and publish
(another program is a 404, other roles a 403). A participant reads their own pairs.
Domain errors become 400 / 409 in config/api.py.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Router, Status

from bascule.pairing import explain, inputs, selectors, services
from bascule.pairing.models import MatchRun, Proposal, RunStatus
from bascule.pairing.schemas import (
    ErrorOut,
    ManualPairIn,
    ManualPairOut,
    MyPairOut,
    ProposalOut,
    PublishOut,
    RunOut,
    RunSummaryOut,
    SettingsIn,
    SettingsOut,
    ValidationErrorOut,
)
from bascule.programs.models import Program

router = Router(tags=["matching"])

ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}


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


def _proposal(proposal: Proposal, explainer: explain.Explainer | None = None) -> dict[str, Any]:
    explainer = explainer or explain.Explainer([proposal.reasons], _language())
    mentee = proposal.mentee_application.employee
    mentor = proposal.mentor_application.employee
    return {
        "id": proposal.pk,
        "mentee": _person(proposal.mentee_application),
        "mentor": _person(proposal.mentor_application),
        "score": proposal.score,
        "breakdown": proposal.breakdown or {},
        "reasons": proposal.reasons or [],
        "explanation": explainer.sentence(proposal.reasons, mentor.first_name, mentee.first_name),
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


def _run(run: MatchRun) -> dict[str, Any]:
    view = selectors.run_view(run=run, language=_language())
    explainer = explain.Explainer([p.proposal.reasons for p in view.proposals], _language())
    return {
        **_summary(run),
        "proposals": [_proposal(row.proposal, explainer) for row in view.proposals],
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
        "stale_reasons": services.stale_reasons(run) if run.status == RunStatus.PROPOSED else [],
    }


def _settings(program: Program) -> dict[str, Any]:
    return {
        "weights": inputs.program_weights(program),
        "reporting_line_depth": program.reporting_line_depth,
        "forbid_same_manager": program.forbid_same_manager,
        "prefer_different_department": program.prefer_different_department,
        "allow_previous_pairs": program.allow_previous_pairs,
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
    program = selectors.access_matching_program(user=request.auth, program_id=program_id)
    return _settings(program)


@router.put(
    "/programs/{program_id}/settings",
    response={200: SettingsOut, **ERRORS},
    summary="Change a program's matching settings",
)
def update_matching_settings(request: HttpRequest, program_id: int, payload: SettingsIn):
    """Change the weights (non-negative, not all zero) and constraints sent; refused once
    the pairs are published."""
    program = selectors.access_matching_program(user=request.auth, program_id=program_id)
    values = payload.dict(exclude_unset=True)
    if "weights" in values and values["weights"] is not None:
        values["weights"] = {**inputs.program_weights(program), **values["weights"]}
    elif "weights" in values:
        values.pop("weights")
    return _settings(
        services.matching_settings_update(actor=request.auth, program=program, values=values)
    )


# --- Runs --------------------------------------------------------------------------------------


@router.post(
    "/programs/{program_id}/runs",
    response={201: RunOut, **ERRORS},
    summary="Run matching on a program",
)
def run_matching(request: HttpRequest, program_id: int):
    """Run the engine on the approved applications (program in the "matching" status);
    locks are kept, exclusions never proposed."""
    program = selectors.access_matching_program(user=request.auth, program_id=program_id)
    return Status(201, _run(services.run_matching(actor=request.auth, program=program)))


@router.get(
    "/programs/{program_id}/runs",
    response={200: list[RunSummaryOut], **ERRORS},
    summary="List a program's runs",
)
def list_runs(request: HttpRequest, program_id: int):
    """Every run of the program, newest first, with its parameters and figures."""
    program = selectors.access_matching_program(user=request.auth, program_id=program_id)
    return [_summary(run) for run in selectors.program_runs(program=program)]


@router.get("/runs/{run_id}", response={200: RunOut, **ERRORS}, summary="Get a run")
def get_run(request: HttpRequest, run_id: int):
    """One run with its proposals (best first), the people left aside and, when it can no
    longer be published, why."""
    return _run(selectors.access_run(user=request.auth, run_id=run_id))


@router.post(
    "/runs/{run_id}/publish",
    response={200: PublishOut, **ERRORS},
    summary="Publish a run",
)
def publish_run(request: HttpRequest, run_id: int):
    """Create the pairs, start the program, e-mail both members of each pair. 409 when the
    pairs are already published or the run is out of date."""
    run = selectors.access_run(user=request.auth, run_id=run_id)
    pairs = services.publish_run(actor=request.auth, run=run)
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
    proposal = selectors.access_proposal(user=request.auth, proposal_id=proposal_id)
    return _proposal(services.proposal_lock(actor=request.auth, proposal=proposal))


@router.post(
    "/proposals/{proposal_id}/unlock",
    response={200: ProposalOut, **ERRORS},
    summary="Unlock a proposal",
)
def unlock_proposal(request: HttpRequest, proposal_id: int):
    """Let the next run choose freely for this mentee."""
    proposal = selectors.access_proposal(user=request.auth, proposal_id=proposal_id)
    return _proposal(services.proposal_unlock(actor=request.auth, proposal=proposal))


@router.post(
    "/proposals/{proposal_id}/exclude",
    response={204: None, **ERRORS},
    summary="Exclude a pair",
)
def exclude_proposal(request: HttpRequest, proposal_id: int):
    """Never propose this pair again; it leaves the latest run."""
    proposal = selectors.access_proposal(user=request.auth, proposal_id=proposal_id)
    services.proposal_exclude(actor=request.auth, proposal=proposal)
    return Status(204, None)


@router.post(
    "/programs/{program_id}/manual-pairs",
    response={201: ManualPairOut, **ERRORS},
    summary="Pair two people by hand",
)
def create_manual_pair(request: HttpRequest, program_id: int, payload: ManualPairIn):
    """Pair an approved mentee and mentor by hand, even against a constraint: the answer
    lists each constraint broken (reporting line, language, level gap, capacity, exclusion)."""
    program = selectors.access_matching_program(user=request.auth, program_id=program_id)
    proposal, warnings = services.manual_pair(
        actor=request.auth,
        program=program,
        mentee_application_id=payload.mentee_application_id,
        mentor_application_id=payload.mentor_application_id,
    )
    return Status(
        201,
        {
            "proposal": _proposal(proposal) if proposal else None,
            "warnings": explain.warnings_text(warnings),
            "warning_codes": [w["code"] for w in warnings],
        },
    )


# --- Participants ------------------------------------------------------------------------------


@router.get("/me/pairs", response={200: list[MyPairOut], **ERRORS}, summary="My pairs")
def list_my_pairs(request: HttpRequest):
    """The caller's active pairs: the partner and why, in the caller's language."""
    user = request.auth
    if not selectors.user_has_pairs(user):
        raise PermissionDenied
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
