"""The enrollment API, /api/enrollment/: invitations, applications, decisions, the funnel.

The handlers share the services and selectors with the pages. A participant reaches only
their own applications (anyone else's is a 404); HR and the program's managers those of the
programs they manage; sponsors only the funnel (counts). Domain errors become 400 / 409.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from bascule.core import idempotency
from bascule.core.api_errors import ERRORS
from bascule.core.errors import DomainError
from bascule.core.permissions import require, user_can_apply, user_can_manage_programs
from bascule.programs.enrollment import selectors, services
from bascule.programs.enrollment.schemas import (
    ApplicationIn,
    ApplicationOut,
    ApplicationUpdateIn,
    BulkDecisionIn,
    BulkDecisionOut,
    DecisionIn,
    FunnelOut,
    InvitationOut,
    InvitationsIn,
    InvitationsResultOut,
    WithdrawIn,
)
from bascule.programs.models import Application, ApplicationStatus
from bascule.programs.selectors import access_managed_program, access_program

router = Router(tags=["enrollment"])


def _data(payload: ApplicationIn) -> services.ApplicationData:
    return services.ApplicationData(
        role=payload.role,
        skills_to_share=[
            services.SkillChoice(skill_id=s.skill_id, level=s.level)
            for s in payload.skills_to_share
        ],
        skills_to_develop=[
            services.SkillChoice(skill_id=s.skill_id, level=s.level)
            for s in payload.skills_to_develop
        ],
        skills_to_share_text=payload.skills_to_share_text,
        skills_to_develop_text=payload.skills_to_develop_text,
        interests=services.parse_interests(",".join(payload.interests)),
        hopes=payload.hopes,
        availability=payload.availability,
        preferred_format=payload.preferred_format,
        languages=payload.languages,
        charter_accepted=payload.charter_accepted,
        privacy_notice_accepted=payload.privacy_notice_accepted,
    )


def _with_replacements(application: Application, skills: services.ResolvedSkills):
    application.replaced_skills = [f"{old} → {new}" for old, new in skills.replaced]
    return application


# --- Invitations -----------------------------------------------------------------------------


@router.get(
    "/programs/{program_id}/invitations",
    response={200: list[InvitationOut], **ERRORS},
    summary="List a program's invitations",
)
@require(user_can_manage_programs)
def list_invitations(request: HttpRequest, program_id: int):
    """Everyone invited to the program (HR and the program's managers)."""
    program = access_managed_program(user=request.user, program_id=program_id)
    return list(selectors.program_invitations(program=program))


@router.post(
    "/programs/{program_id}/invitations",
    response={201: InvitationsResultOut, **ERRORS},
    summary="Invite people to a program",
)
@require(user_can_manage_programs)
@idempotency.api_create()
def create_invitations(request: HttpRequest, program_id: int, payload: InvitationsIn):
    """Invite a list of people (e-mails or employee IDs), or everyone in some departments
    and a level range. Each gets an e-mail in their language; entries that match nobody are
    returned in `unknown`."""
    program = access_managed_program(user=request.user, program_id=program_id)
    unknown: list[str] = []
    if payload.entries:
        lookup = selectors.employees_from_entries(
            [(index + 1, value) for index, value in enumerate(payload.entries)]
        )
        employees = lookup.employees
        unknown = [value for _line, value in lookup.unknown]
    elif payload.department_ids or payload.level_min or payload.level_max:
        employees = list(
            selectors.employees_matching(
                department_ids=payload.department_ids,
                level_min=payload.level_min,
                level_max=payload.level_max,
            )
        )
    else:
        raise DomainError(
            _("Choose departments, a range of levels, or a list of people to invite."),
            code="nobody_chosen",
        )
    result = services.invitations_create(
        actor=request.user,
        program=program,
        employees=employees,
        suggested_role=payload.suggested_role,
        resend=payload.resend,
        submission=idempotency.submission(request),
    )
    return Status(
        201,
        {
            "invited": len(result.invited),
            "resent": len(result.resent),
            "already_invited": len(result.already_invited),
            "left": len(result.left),
            "accounts_created": result.accounts_created,
            "unknown": unknown,
        },
    )


# --- Applications ----------------------------------------------------------------------------


class ApplicationFilter(Schema):
    status: ApplicationStatus | None = None
    role: str | None = None
    department: int | None = None


@router.get(
    "/programs/{program_id}/applications",
    response={200: list[ApplicationOut], **ERRORS},
    summary="List a program's applications",
)
@require(user_can_manage_programs)
def list_program_applications(
    request: HttpRequest, program_id: int, filters: Query[ApplicationFilter]
):
    """The program's applications, oldest first (HR and the program's managers)."""
    program = access_managed_program(user=request.user, program_id=program_id)
    return list(
        selectors.program_applications(
            program=program,
            filters=selectors.ReviewFilters(
                status=filters.status or "",
                role=filters.role or "",
                department_id=filters.department,
            ),
        )
        .select_related("program")
        .prefetch_related(selectors.skills_with_labels())
    )


@router.post(
    "/programs/{program_id}/applications",
    response={201: ApplicationOut, **ERRORS},
    summary="Apply to a program",
)
@require(user_can_apply)
@idempotency.api_create()
def create_application(request: HttpRequest, program_id: int, payload: ApplicationIn):
    """Apply to a program as the caller. Merged skills are replaced by their successor and
    listed in `replaced_skills`; a retired or unknown skill is a 400."""
    program = access_program(user=request.user, program_id=program_id)
    application, skills = services.application_submit(
        actor=request.user,
        program=program,
        employee=request.user.employee,
        data=_data(payload),
        submission=idempotency.submission(request),
    )
    return Status(201, _with_replacements(application, skills))


@router.get(
    "/applications/mine",
    response={200: list[ApplicationOut], **ERRORS},
    summary="List my applications",
)
@require(user_can_apply)
def list_my_applications(request: HttpRequest):
    """The caller's own applications, newest first."""
    return list(
        selectors.my_applications(user=request.user)
        .select_related("employee")
        .prefetch_related(selectors.skills_with_labels())
    )


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationOut, **ERRORS},
    summary="Read an application",
)
def get_application(request: HttpRequest, application_id: int):
    """One application: the caller's own, or one of a program they manage."""
    return selectors.access_application(user=request.user, application_id=application_id)


@router.put(
    "/applications/{application_id}",
    response={200: ApplicationOut, **ERRORS},
    summary="Change my application",
)
def update_application(request: HttpRequest, application_id: int, payload: ApplicationUpdateIn):
    """Change the caller's application until matching starts; 409 when `version` is stale."""
    application = selectors.access_own_application(user=request.user, application_id=application_id)
    application, skills = services.application_update(
        actor=request.user, application=application, data=_data(payload), version=payload.version
    )
    return _with_replacements(application, skills)


@router.post(
    "/applications/{application_id}/withdraw",
    response={200: ApplicationOut, **ERRORS},
    summary="Withdraw my application",
)
def withdraw_application(request: HttpRequest, application_id: int, payload: WithdrawIn):
    """Withdraw the caller's application with a reason; the managers are told by e-mail."""
    application = selectors.access_own_application(user=request.user, application_id=application_id)
    return services.application_withdraw(
        actor=request.user, application=application, reason=payload.reason, version=payload.version
    )


@router.post(
    "/applications/{application_id}/decision",
    response={200: ApplicationOut, **ERRORS},
    summary="Decide on an application",
)
def decide_application(request: HttpRequest, application_id: int, payload: DecisionIn):
    """Approve, waitlist or decline (a reason is required to decline); the applicant is
    told by e-mail."""
    application = selectors.access_managed_application(
        user=request.user, application_id=application_id
    )
    return services.application_decide(
        actor=request.user,
        application=application,
        decision=payload.decision,
        reason=payload.reason,
        version=payload.version,
    )


@router.post(
    "/programs/{program_id}/applications/decisions",
    response={200: BulkDecisionOut, **ERRORS},
    summary="Decide on several applications",
)
@require(user_can_manage_programs)
def bulk_decide_applications(request: HttpRequest, program_id: int, payload: BulkDecisionIn):
    """One decision for several applications of the program; withdrawn ones are skipped."""
    program = access_managed_program(user=request.user, program_id=program_id)
    result = services.applications_bulk_decide(
        actor=request.user,
        program=program,
        application_ids=payload.application_ids,
        decision=payload.decision,
        reason=payload.reason,
    )
    return {
        "changed": [a.pk for a in result.changed],
        "skipped": [a.pk for a in result.skipped],
    }


# --- Funnel ----------------------------------------------------------------------------------


@router.get(
    "/programs/{program_id}/funnel",
    response={200: FunnelOut, **ERRORS},
    summary="Read a program's enrollment funnel",
)
def get_program_funnel(request: HttpRequest, program_id: int):
    """Counts only: HR, the program's managers and sponsors. For a sponsor, every count of 1 to
    4 people is null ("fewer than 5")."""
    program = selectors.access_funnel_program(user=request.user, program_id=program_id)
    funnel = selectors.program_funnel(program=program)
    if request.user.is_sponsor:
        funnel = selectors.funnel_for_sponsor(funnel)
    statuses = [s["value"] for s in funnel["statuses"]]

    def groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {
                "label": str(row["label"]),
                "total": row["total"],
                "counts": dict(zip(statuses, row["counts"], strict=True)),
            }
            for row in rows
        ]

    return {
        "program_id": program.pk,
        "invited": funnel["invited"],
        "opened": funnel["opened"],
        "applied": funnel["applied"],
        "statuses": {s["value"]: s["count"] for s in funnel["statuses"]},
        "by_role": groups(funnel["by_role"]),
        "by_department": groups(funnel["by_department"]),
        "by_level": groups(funnel["by_level"]),
        **{
            key: funnel[key]
            for key in (
                "approved_mentors",
                "approved_mentees",
                "mentor_capacity",
                "capacity",
                "capacity_shortfall",
            )
        },
    }
