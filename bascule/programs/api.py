"""The programs API, /api/programs/: the same services and selectors as the pages.

- HR admins create, duplicate and manage every program.
- A program manager manages the programs listing them as managers; another program is a 404.
- The sponsor reads every program, never an application; participants read the programs open
  to them.

Role checks (`require`) run with the authentication, before the body is read: a role that can
never use an operation gets 403 whatever it sends. Domain errors become 400 / 409 in
config/api.py.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Query, Router, Status

from bascule.core import idempotency
from bascule.core.api_errors import ERRORS, ErrorOut
from bascule.core.permissions import (
    require,
    user_can_manage_programs,
    user_can_see_funnels,
    user_is_hr_admin,
)
from bascule.programs import selectors, services, templates_catalog
from bascule.programs.models import Program
from bascule.programs.schemas import (
    ProgramCreateIn,
    ProgramOut,
    ProgramSummaryOut,
    ProgramTemplateOut,
    ProgramUpdateIn,
    TransitionIn,
)

router = Router(tags=["programs"])


def _summary(program: Program, *, figures: bool) -> dict[str, Any]:
    out = {
        name: getattr(program, name)
        for name in (
            "id",
            "name",
            "status",
            "kind",
            "starts_on",
            "ends_on",
            "enrollment_closes_on",
            "open_enrollment",
        )
    }
    if figures:
        out.update(
            applications_count=program.applications_count,
            approved_mentors=program.approved_mentors,
            approved_mentees=program.approved_mentees,
        )
    return out


@router.get("/", response={200: list[ProgramSummaryOut], **ERRORS}, summary="List programs")
def list_programs(request: HttpRequest) -> list[dict[str, Any]]:
    """The programs the caller may see, newest first. Figures for managers and the sponsor
    (for the sponsor, null for a count of 1 to 4 people: "fewer than 5")."""
    user = request.user
    figures = user_can_see_funnels(user)
    return [_summary(p, figures=figures) for p in selectors.program_list_for(user=user)]


@router.get(
    "/templates",
    response={200: list[ProgramTemplateOut], **ERRORS},
    summary="List program templates",
)
def list_program_templates(
    request: HttpRequest, language: Query[str | None] = None
) -> list[dict[str, Any]]:
    """The templates a program can start from, texts in `language` (fr or en; default: the
    caller's language)."""
    code = templates_catalog.template_language(
        language or getattr(request.user, "language", None) or get_language()
    )
    return [
        {
            **card,
            "language": code,
            "fields": templates_catalog.template_fields(card["key"], language=code),
        }
        for card in templates_catalog.template_cards(language=code)
    ]


@router.post(
    "/",
    response={201: ProgramOut, **ERRORS},
    summary="Create a program",
)
@require(user_is_hr_admin)
@idempotency.api_create()
def create_program(request: HttpRequest, payload: ProgramCreateIn) -> Status:
    """Create a draft program (HR admins). `template` fills in every setting but the dates;
    the settings sent override it. 422 lists every problem by field (dates, languages, rule…)."""
    program = services.program_create(
        actor=request.user,
        values=payload.values(),
        template=payload.template or "",
        language=payload.language,
        submission=idempotency.submission(request),
    )
    return Status(201, program)


@router.get("/{program_id}", response={200: ProgramOut, **ERRORS}, summary="Get a program")
def get_program(request: HttpRequest, program_id: int) -> Program:
    """One program's settings. A program the caller may not see is a 404."""
    return selectors.access_program(user=request.user, program_id=program_id)


@router.patch(
    "/{program_id}",
    response={200: ProgramOut, 409: ErrorOut, **ERRORS},
    summary="Change a program",
)
@require(user_can_manage_programs)
def update_program(request: HttpRequest, program_id: int, payload: ProgramUpdateIn) -> Program:
    """Change the settings sent (managers of the program). 409 when `version` is stale;
    400 for a setting frozen at the program's status (the rule and capacity, from matching
    on), 422 for a bad value; 403 when someone other than HR changes the managers."""
    program = selectors.access_managed_program(user=request.user, program_id=program_id)
    return services.program_update(
        actor=request.user, program=program, version=payload.version, values=payload.values()
    )


@router.post(
    "/{program_id}/transition",
    response={200: ProgramOut, 409: ErrorOut, **ERRORS},
    summary="Change a program's status",
)
@require(user_can_manage_programs)
def transition_program(request: HttpRequest, program_id: int, payload: TransitionIn) -> Program:
    """Move the program to another status (see `allowed_transitions`). 400 for a move not
    allowed, or when enrollment cannot open (rule nobody fits, dates passed); 409 when
    `version` is stale. Unlike the page, there is no confirmation step: this call is the
    confirmation, so ask your user first."""
    program = selectors.access_managed_program(user=request.user, program_id=program_id)
    return services.program_transition(
        actor=request.user, program=program, to_status=payload.to, version=payload.version
    )


@router.post(
    "/{program_id}/duplicate",
    response={201: ProgramOut, **ERRORS},
    summary="Copy a program",
)
@require(user_is_hr_admin)
@idempotency.api_create()
def duplicate_program(request: HttpRequest, program_id: int) -> Status:
    """Copy the program as a new draft with the same settings, managers and departments
    (HR admins); invitations and applications are not copied."""
    program = selectors.access_managed_program(user=request.user, program_id=program_id)
    copy = services.program_duplicate(
        actor=request.user, program=program, submission=idempotency.submission(request)
    )
    return Status(201, copy)
