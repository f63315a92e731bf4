"""The recognition API, /api/recognition/.

Participants: my kudos (received and sent), thanking my partner, who may see what I
receive, showing one kudos on the wall. HR, program managers and sponsors: recognising a
participant or a pair of a program in their scope. Walls: a program's (its participants, HR,
its managers, the sponsors). HR: hiding and showing again. Out of scope: 404.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from bascule.core import idempotency
from bascule.core.api_errors import ERRORS
from bascule.core.errors import ValidationFailed
from bascule.core.permissions import (
    require,
    user_has_pairs,
    user_is_hr_admin,
    user_may_send_kudos,
    user_reads_walls,
)
from bascule.recognition import selectors, services
from bascule.recognition.badges.api import router as badges_router
from bascule.recognition.models import Kudos
from bascule.recognition.schemas import (
    HideIn,
    KudosIn,
    KudosOut,
    MyKudosListOut,
    MyKudosOut,
    PreferenceIn,
    WallChoiceIn,
    WallOut,
    WallPageIn,
)

router = Router(tags=["recognition"])
router.add_router("/badges", badges_router)


def _out(kudos: Kudos) -> dict[str, Any]:
    return {
        "id": kudos.pk,
        "program_id": kudos.program_id,
        "pair_id": kudos.pair_id,
        "sender": kudos.sender_name or None,
        "sender_kind": kudos.sender_kind,
        "recipient": kudos.recipient.full_name,
        "message": kudos.message,
        "skill": kudos.skill.slug if kudos.skill else None,
        "visibility": kudos.visibility,
        "on_wall": kudos.on_wall,
        "created_at": kudos.created_at,
    }


def _mine(kudos: Kudos, cap: str) -> dict[str, Any]:
    return {
        **_out(kudos),
        "shown_to": selectors.effective_visibility(kudos, cap),
        "hidden": kudos.is_hidden,
        "hidden_reason": kudos.hidden_reason,
    }


@router.get("/kudos", response={200: MyKudosListOut, **ERRORS}, summary="My kudos")
@require(user_has_pairs)
def list_my_kudos(request: HttpRequest):
    """The kudos I received (with who sees each now) and sent, newest first."""
    cap = selectors.cap_of(request.user.employee_id)
    return {
        "received": [_mine(k, cap) for k in selectors.received(request.user)],
        "sent": [_out(k) for k in selectors.sent(request.user)],
        "cap": cap,
    }


@router.post("/kudos", response={201: list[KudosOut], **ERRORS}, summary="Send kudos")
@require(user_may_send_kudos)
@idempotency.api_create()
def send_kudos(request: HttpRequest, payload: KudosIn):
    """A member thanks their partner (`pair_id`); HR, a manager or a sponsor recognises one
    participant (`program_id` and `employee_id`) or a pair (`program_id` and `pair_id`: one
    kudos per member). Sent twice with the same Idempotency-Key: sent once."""
    submission = idempotency.submission(request)
    if payload.program_id is None:
        if payload.pair_id is None:
            raise ValidationFailed({"pair_id": [_("Give a pair, or a program and a person.")]})
        pair = selectors.access_thanks_pair(user=request.user, pair_id=payload.pair_id)
        rows = [
            services.thanks_send(
                actor=request.user,
                pair=pair,
                message=payload.message,
                visibility=payload.visibility,
                skill_id=payload.skill_id,
                submission=submission,
            )
        ]
    else:
        program = selectors.access_recognition_program(
            user=request.user, program_id=payload.program_id
        )
        rows = services.recognition_send(
            actor=request.user,
            program=program,
            message=payload.message,
            visibility=payload.visibility,
            pair_id=payload.pair_id,
            employee_id=payload.employee_id,
            skill_id=payload.skill_id,
            submission=submission,
        )
    return Status(201, [_out(k) for k in rows])


@router.put("/preference", response={200: PreferenceIn, **ERRORS}, summary="Set my preference")
@require(user_has_pairs)
def set_recognition_preference(request: HttpRequest, payload: PreferenceIn):
    """Who may see the kudos I receive: private (default), program or company."""
    preference = services.preference_set(actor=request.user, cap=payload.cap)
    return {"cap": preference.cap}


@router.put(
    "/kudos/{kudos_id}/wall",
    response={200: MyKudosOut, **ERRORS},
    summary="Show a kudos I received on the wall",
)
@require(user_has_pairs)
def choose_kudos_wall(request: HttpRequest, kudos_id: int, payload: WallChoiceIn):
    """Within the sender's choice; 409 `private` when the sender kept it private."""
    kudos = selectors.access_received(user=request.user, kudos_id=kudos_id)
    services.wall_choose(actor=request.user, kudos_id=kudos.pk, on_wall=payload.on_wall)
    kudos = selectors.received(request.user).get(pk=kudos.pk)
    return _mine(kudos, selectors.cap_of(request.user.employee_id))


@router.get(
    "/programs/{program_id}/wall", response={200: WallOut, **ERRORS}, summary="A program's wall"
)
@require(user_reads_walls)
def get_program_wall(request: HttpRequest, program_id: int, page: Query[WallPageIn]):
    """The wall's entries, newest first, a page at a time (`limit`, 25 by default and 100 at
    most, and `offset`, as the other lists); `count` is the number of entries of all pages."""
    program = selectors.access_wall(user=request.user, program_id=program_id)
    counts = selectors.wall_counts(user=request.user, program=program)
    entries = selectors.program_wall(program)
    return {
        "program_id": program.pk,
        "count": entries.count(),
        "entries": [_out(k) for k in entries[page.offset : page.offset + page.limit]],
        "counts": counts,
    }


@router.post("/kudos/{kudos_id}/hide", response={200: MyKudosOut, **ERRORS}, summary="Hide a kudos")
@require(user_is_hr_admin)
def hide_kudos(request: HttpRequest, kudos_id: int, payload: HideIn):
    """HR hides a kudos from the walls with a reason; the recipient is told. 409 when hidden."""
    kudos = selectors.access_moderated(user=request.user, kudos_id=kudos_id)
    services.kudos_hide(actor=request.user, kudos_id=kudos.pk, reason=payload.reason)
    kudos = selectors.access_moderated(user=request.user, kudos_id=kudos.pk)
    return _mine(kudos, selectors.cap_of(kudos.recipient_id))


@router.post(
    "/kudos/{kudos_id}/unhide",
    response={200: MyKudosOut, **ERRORS},
    summary="Show a hidden kudos again",
)
@require(user_is_hr_admin)
def unhide_kudos(request: HttpRequest, kudos_id: int):
    kudos = selectors.access_moderated(user=request.user, kudos_id=kudos_id)
    services.kudos_unhide(actor=request.user, kudos_id=kudos.pk)
    kudos = selectors.access_moderated(user=request.user, kudos_id=kudos.pk)
    return _mine(kudos, selectors.cap_of(kudos.recipient_id))
