"""HR's training API, /api/training/manage/ (HR admins and the program's managers; 404 for
anyone else): a program's requirements (list, create, change, delete) and its completion
report, counts only (no names, no pass rates under MIN_GROUP_SIZE learners)."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from bascule.core import idempotency
from bascule.core.api_errors import ERRORS
from bascule.core.permissions import require, user_can_manage_programs
from bascule.core.small_groups import MIN_GROUP_SIZE
from bascule.training.behaviours.selectors import behaviour_report
from bascule.training.models import Module, ModuleStatus, Requirement
from bascule.training.requirements import selectors, services

router = Router(tags=["training"])


class RequirementOut(Schema):
    id: int
    module: str = Field(description="The module's identifier (slug)")
    title: str = Field(description="The module's title in the caller's language")
    role: str = Field(description="mentor or mentee")
    due_days: int = Field(description="Days to complete it, counted from `anchor`")
    anchor: str = Field(description="program_start or kickoff (the pair's start)")
    gates_kickoff: bool = Field(description="Required before the pair's kickoff")


class RequirementIn(Schema):
    module: str = Field(description="The module's identifier (slug), published", max_length=60)
    role: str = Field(description="mentor or mentee", max_length=16)
    due_days: int = Field(14, description="0 to 365")
    anchor: str = Field("program_start", description="program_start or kickoff", max_length=16)
    gates_kickoff: bool = False


class RequirementUpdateIn(Schema):
    """Fields left out are unchanged; the module and the role of a requirement stay."""

    due_days: int | None = None
    anchor: str | None = Field(None, max_length=16)
    gates_kickoff: bool | None = None


class CompletionRowOut(Schema):
    requirement_id: int
    module: str
    role: str
    required: int
    done: int
    in_progress: int
    not_started: int
    overdue: int
    pass_rate: int | None = Field(description="Percent; null under the small-group threshold")


class BehaviourRowOut(Schema):
    module: str = Field(description="The module's identifier (slug)")
    title: str = Field(description="The module's title in the caller's language")
    behaviour: str = Field(description="The behaviour the check-ins ask about")
    shown: bool = Field(description="False under MIN_GROUP_SIZE respondents: no figure given")
    respondents: int | None = Field(
        description="People who answered Yes, Partly or No (their latest answer); null when "
        "not shown"
    )
    yes_percent: int | None = Field(description="Percent of them answering Yes; null if hidden")
    partly_percent: int | None = Field(description="Percent answering Partly; null if hidden")
    no_percent: int | None = Field(description="Percent answering No; null if hidden")


class CompletionOut(Schema):
    program_id: int
    min_group_size: int
    rows: list[CompletionRowOut]
    behaviours: list[BehaviourRowOut] = Field(
        description="Per module, what the pairs' check-ins say of its behaviour (aggregates)"
    )


def _as_json(requirement: Requirement) -> dict[str, Any]:
    return {
        "id": requirement.pk,
        "module": requirement.module.slug,
        "title": selectors.module_title(requirement.module),
        "role": requirement.role,
        "due_days": requirement.due_days,
        "anchor": requirement.anchor,
        "gates_kickoff": requirement.gates_kickoff,
    }


@router.get(
    "/programs/{program_id}/requirements",
    response={200: list[RequirementOut], **ERRORS},
    summary="A program's training requirements",
)
@require(user_can_manage_programs)
def list_training_requirements(request: HttpRequest, program_id: int):
    program = selectors.access_requirements_program(user=request.user, program_id=program_id)
    return [_as_json(r) for r in selectors.program_requirements(program=program)]


@router.post(
    "/programs/{program_id}/requirements",
    response={201: RequirementOut, **ERRORS},
    summary="Require a module",
)
@require(user_can_manage_programs)
@idempotency.api_create()
def create_training_requirement(request: HttpRequest, program_id: int, payload: RequirementIn):
    """Require a published module of the program's mentors or mentees (422 for bad values,
    409 already_required when it is already required of them)."""
    program = selectors.access_requirements_program(user=request.user, program_id=program_id)
    module = Module.objects.filter(slug=payload.module, status=ModuleStatus.PUBLISHED).first()
    values = {**payload.model_dump(), "module": module}
    requirement = services.requirement_create(
        actor=request.user,
        program=program,
        values=values,
        submission=idempotency.submission(request),
    )
    return Status(201, _as_json(requirement))


@router.put(
    "/programs/{program_id}/requirements/{requirement_id}",
    response={200: RequirementOut, **ERRORS},
    summary="Change a training requirement",
)
@require(user_can_manage_programs)
def update_training_requirement(
    request: HttpRequest, program_id: int, requirement_id: int, payload: RequirementUpdateIn
):
    program = selectors.access_requirements_program(user=request.user, program_id=program_id)
    requirement = selectors.access_requirement(program=program, requirement_id=requirement_id)
    values = {
        "due_days": requirement.due_days,
        "anchor": requirement.anchor,
        "gates_kickoff": requirement.gates_kickoff,
        **{k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None},
    }
    requirement = services.requirement_update(
        actor=request.user, requirement=requirement, values=values
    )
    return _as_json(requirement)


@router.delete(
    "/programs/{program_id}/requirements/{requirement_id}",
    response={204: None, **ERRORS},
    summary="Remove a training requirement",
)
@require(user_can_manage_programs)
def delete_training_requirement(request: HttpRequest, program_id: int, requirement_id: int):
    program = selectors.access_requirements_program(user=request.user, program_id=program_id)
    requirement = selectors.access_requirement(program=program, requirement_id=requirement_id)
    requirement.program = program
    services.requirement_delete(actor=request.user, requirement=requirement)
    return Status(204, None)


@router.get(
    "/programs/{program_id}/completion",
    response={200: CompletionOut, **ERRORS},
    summary="A program's training completion (counts)",
)
@require(user_can_manage_programs)
def get_training_completion(request: HttpRequest, program_id: int):
    """Per requirement: how many people it concerns, have completed it, are on it, have not
    started, are late; the quiz pass rate from MIN_GROUP_SIZE learners up. Per module, the
    shares of the check-ins' answers about its behaviour, from MIN_GROUP_SIZE respondents up.
    No names."""
    program = selectors.access_requirements_program(user=request.user, program_id=program_id)
    report = selectors.completion_report(program=program, details=False)
    return {
        "program_id": program.pk,
        "min_group_size": MIN_GROUP_SIZE,
        "rows": [
            {
                "requirement_id": row.requirement.pk,
                "module": row.requirement.module.slug,
                "role": row.requirement.role,
                "required": row.required,
                "done": row.done,
                "in_progress": row.in_progress,
                "not_started": row.not_started,
                "overdue": row.overdue,
                "pass_rate": row.pass_rate,
            }
            for row in report.rows
        ],
        "behaviours": [
            {
                "module": row.module.slug,
                "title": row.title,
                "behaviour": row.behaviour,
                "shown": row.shown,
                "respondents": row.respondents if row.shown else None,
                "yes_percent": row.yes_percent,
                "partly_percent": row.partly_percent,
                "no_percent": row.no_percent,
            }
            for row in behaviour_report(program=program)
        ],
    }
