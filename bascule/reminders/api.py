"""The reminders API, /api/reminders/: the caller's choices, and a program's required kinds.

- `GET|PUT /api/reminders/preferences`: any signed-in user, their own choices.
- `GET|PUT /api/reminders/programs/{program_id}/policy`: HR admins and the program's
  managers; 404 for anyone else.

An unknown kind is refused with 400 `unknown_kind` (config/api.py maps DomainError).
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from bascule.core.api_errors import ERRORS
from bascule.programs.selectors import access_managed_program
from bascule.reminders import selectors, services
from bascule.reminders.kinds import all_kinds
from bascule.reminders.models import ProgramReminderPolicy

router = Router(tags=["reminders"])


class KindPreferenceOut(Schema):
    kind: str = Field(description="The kind's code, e.g. meeting_soon")
    label: str = Field(description="The kind, in the caller's language")
    description: str = Field(description="When it is sent, in the caller's language")
    default: bool = Field(description="On for someone who never chose")
    enabled: bool = Field(description="The caller's choice (or the default)")
    required: bool = Field(description="A program of the caller's requires it")
    required_by: list[int] = Field(description="Ids of the programs requiring it")
    effective: bool = Field(description="True when the caller gets it: required or enabled")


class PreferencesIn(Schema):
    enabled: dict[str, bool] = Field(
        description="{kind code: on/off}; kinds left out keep their value. An unknown code is "
        "refused (400 unknown_kind)",
        examples=[{"meeting_soon": True, "no_meeting": False}],
    )


class PolicyKindOut(Schema):
    kind: str = Field(description="The kind's code")
    label: str = Field(description="The kind, in the caller's language")
    description: str = Field(description="When it is sent")
    required: bool = Field(description="The program requires it")


class PolicyOut(Schema):
    program_id: int = Field(description="Program id")
    required: list[str] = Field(description="Codes of the kinds the program requires")
    kinds: list[PolicyKindOut] = Field(description="Every kind, required or not")
    updated_at: dt.datetime | None = Field(description="Last change, null if never set")


class PolicyIn(Schema):
    required: list[str] = Field(
        description="Codes of the kinds the program requires (replaces the list); an unknown "
        "code is refused (400 unknown_kind)",
        examples=[["charter", "meeting_soon"]],
    )


def _preferences(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "kind": choice.code,
            "label": str(choice.kind.label),
            "description": str(choice.kind.description),
            "default": choice.kind.default_on,
            "enabled": choice.enabled,
            "required": choice.required,
            "required_by": [program.pk for program in choice.required_by],
            "effective": choice.effective,
        }
        for choice in selectors.user_choices(user=user)
    ]


def _policy(program) -> dict[str, Any]:
    required = selectors.program_policy(program)
    policy = ProgramReminderPolicy.objects.filter(program=program).first()
    return {
        "program_id": program.pk,
        "required": [kind.code for kind in all_kinds() if kind.code in required],
        "kinds": [
            {
                "kind": kind.code,
                "label": str(kind.label),
                "description": str(kind.description),
                "required": kind.code in required,
            }
            for kind in all_kinds()
        ],
        "updated_at": policy.updated_at if policy else None,
    }


@router.get(
    "/preferences",
    response={200: list[KindPreferenceOut], **ERRORS},
    summary="My reminders",
)
def get_my_reminder_preferences(request: HttpRequest):
    """Every kind of reminder, with the caller's choice and whether a program requires it."""
    return _preferences(request.user)


@router.put(
    "/preferences",
    response={200: list[KindPreferenceOut], **ERRORS},
    summary="Change my reminders",
)
def update_my_reminder_preferences(request: HttpRequest, payload: PreferencesIn):
    """Turn kinds on or off for the caller. A kind a program requires is still sent."""
    services.preferences_save(actor=request.user, enabled=payload.enabled)
    return _preferences(request.user)


@router.get(
    "/programs/{program_id}/policy",
    response={200: PolicyOut, **ERRORS},
    summary="A program's required reminders",
)
def get_program_reminder_policy(request: HttpRequest, program_id: int):
    """The kinds the program requires of its members. HR admins and the program's managers
    (404 otherwise)."""
    program = access_managed_program(user=request.user, program_id=program_id)
    return _policy(program)


@router.put(
    "/programs/{program_id}/policy",
    response={200: PolicyOut, **ERRORS},
    summary="Set a program's required reminders",
)
def update_program_reminder_policy(request: HttpRequest, program_id: int, payload: PolicyIn):
    """Replace the kinds the program requires. HR admins and the program's managers (404
    otherwise)."""
    program = access_managed_program(user=request.user, program_id=program_id)
    services.policy_save(actor=request.user, program=program, required=payload.required)
    return _policy(program)
