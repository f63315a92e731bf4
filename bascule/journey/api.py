"""The journey API, /api/pairs/{pair_id}/: kickoff, goals and shared notes of a pair.

The pair's two members only: anyone else gets a 404, HR included (the pair's content belongs
to its members). Writes need an active pair. Private notes are not in the API at all.
Domain errors become 400 / 409 in config/api.py.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from bascule.core import idempotency
from bascule.core.api_errors import ERRORS
from bascule.journey import selectors, services
from bascule.journey.models import Goal, SharedNote
from bascule.journey.schemas import (
    GoalIn,
    GoalOut,
    GoalUpdateIn,
    KickoffIn,
    KickoffOut,
    SharedNoteIn,
    SharedNoteOut,
    SharedNoteUpdateIn,
)
from bascule.pairing.models import Pair

router = Router(tags=["journey"])


def _goal(goal: Goal) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "direction": goal.direction,
        "title": goal.title,
        "success_criteria": goal.success_criteria,
        "target_date": goal.target_date,
        "status": goal.status,
        "progress": goal.progress,
        "skills": [{"id": skill.pk, "label": skill.label} for skill in goal.skills.all()],
        "milestones": [
            {"title": m.title, "due_on": m.due_on, "done": m.done} for m in goal.milestones.all()
        ],
        "version": goal.version,
        "created_at": goal.created_at,
        "updated_at": goal.updated_at,
    }


def _note(note: SharedNote, user: Any) -> dict[str, Any]:
    author = note.author
    employee = getattr(author, "employee", None) if author else None
    return {
        "id": note.pk,
        "author_name": employee.full_name if employee else (str(author) if author else ""),
        "mine": note.author_id == user.pk,
        "body": note.body,
        "created_at": note.created_at,
        "edited_at": note.edited_at,
        "version": note.version,
    }


def _kickoff(pair: Pair, user: Any) -> dict[str, Any]:
    state = selectors.kickoff_state(pair=pair, user=user)
    members = []
    for role, employee in (("mentor", pair.mentor), ("mentee", pair.mentee)):
        is_me = employee.pk == user.employee_id
        confirmation = state.mine if is_me else state.partner
        members.append(
            {
                "role": role,
                "name": employee.full_name,
                "is_me": is_me,
                "confirmed_at": confirmation.confirmed_at if confirmation else None,
                "meeting_frequency": confirmation.meeting_frequency if confirmation else None,
                "channel": confirmation.channel if confirmation else None,
            }
        )
    return {
        "pair_id": pair.pk,
        "program": pair.program.name,
        "charter": pair.program.charter,
        "started": state.started,
        "started_at": state.started_at,
        "members": members,
    }


@router.get("/{pair_id}/kickoff", response={200: KickoffOut, **ERRORS}, summary="A pair's kickoff")
def get_pair_kickoff(request: HttpRequest, pair_id: int):
    """The charter, who confirmed it with which agreements, and whether the pair started."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id)
    return _kickoff(pair, request.user)


@router.post(
    "/{pair_id}/kickoff",
    response={200: KickoffOut, **ERRORS},
    summary="Confirm the charter and my agreements",
)
def confirm_pair_kickoff(request: HttpRequest, pair_id: int, payload: KickoffIn):
    """Confirm (or change) the caller's agreements. Both booleans must be true (else 422).
    The pair is started once both members confirmed."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id, active=True)
    services.kickoff_confirm(actor=request.user, pair=pair, values=payload.dict())
    return _kickoff(pair, request.user)


@router.get("/{pair_id}/goals", response={200: list[GoalOut], **ERRORS}, summary="A pair's goals")
def list_pair_goals(request: HttpRequest, pair_id: int):
    """The mentee's learning goals and the mentor's growth goals, with skills and milestones."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id)
    return [_goal(goal) for goal in selectors.pair_goals(pair=pair)]


def _goal_arguments(payload: GoalIn) -> dict[str, Any]:
    data = payload.dict()
    return {
        "values": {name: data[name] for name in services.GOAL_FIELDS},
        "skill_ids": data["skill_ids"],
        "milestones": data["milestones"],
    }


@router.post("/{pair_id}/goals", response={201: GoalOut, **ERRORS}, summary="Propose a goal")
@idempotency.api_create()
def create_pair_goal(request: HttpRequest, pair_id: int, payload: GoalIn):
    """Either member proposes a goal of either direction. 422 with the reasons by field for a
    target date outside the program, a progress outside 0–100, an empty title…"""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id, active=True)
    goal = services.goal_create(
        actor=request.user,
        pair=pair,
        submission=idempotency.submission(request),
        **_goal_arguments(payload),
    )
    return Status(201, _goal(selectors.access_goal(pair=pair, goal_id=goal.pk)))


@router.put(
    "/{pair_id}/goals/{goal_id}", response={200: GoalOut, **ERRORS}, summary="Change a goal"
)
def update_pair_goal(request: HttpRequest, pair_id: int, goal_id: int, payload: GoalUpdateIn):
    """Replace the goal with what is sent. 409 (code stale_version) when `version` is not the
    goal's current one: the other member changed it meanwhile, and nothing is saved."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id, active=True)
    goal = selectors.access_goal(pair=pair, goal_id=goal_id)
    services.goal_update(
        actor=request.user, goal=goal, version=payload.version, **_goal_arguments(payload)
    )
    return _goal(selectors.access_goal(pair=pair, goal_id=goal.pk))


@router.delete(
    "/{pair_id}/goals/{goal_id}",
    response={204: None, **ERRORS},
    summary="Delete a goal",
)
def delete_pair_goal(request: HttpRequest, pair_id: int, goal_id: int, version: int):
    """Delete a goal and its milestones (either member). 409 (code stale_version) when
    `version` is not the goal's current one: nothing is deleted."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id, active=True)
    goal = selectors.access_goal(pair=pair, goal_id=goal_id)
    services.goal_delete(actor=request.user, goal=goal, version=version)
    return Status(204, None)


@router.get(
    "/{pair_id}/notes",
    response={200: list[SharedNoteOut], **ERRORS},
    summary="A pair's shared notes",
)
def list_shared_notes(request: HttpRequest, pair_id: int):
    """The notes both members read, newest first. Private notes are never returned."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id)
    return [_note(note, request.user) for note in selectors.shared_notes(pair=pair)]


@router.post(
    "/{pair_id}/notes", response={201: SharedNoteOut, **ERRORS}, summary="Add a shared note"
)
@idempotency.api_create()
def create_shared_note(request: HttpRequest, pair_id: int, payload: SharedNoteIn):
    """Add a note both members read (422 when empty or longer than 5,000 characters)."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id, active=True)
    note = services.shared_note_add(
        actor=request.user,
        pair=pair,
        body=payload.body,
        submission=idempotency.submission(request),
    )
    return Status(201, _note(note, request.user))


@router.put(
    "/{pair_id}/notes/{note_id}",
    response={200: SharedNoteOut, **ERRORS},
    summary="Change one of my shared notes",
)
def update_shared_note(
    request: HttpRequest, pair_id: int, note_id: int, payload: SharedNoteUpdateIn
):
    """Change a shared note the caller wrote (404 for the partner's). 409 (stale_version)
    when `version` is not the note's current one."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id, active=True)
    note = selectors.access_own_shared_note(user=request.user, pair=pair, note_id=note_id)
    note = services.shared_note_update(
        actor=request.user, note=note, body=payload.body, version=payload.version
    )
    return _note(note, request.user)


@router.delete(
    "/{pair_id}/notes/{note_id}",
    response={204: None, **ERRORS},
    summary="Delete one of my shared notes",
)
def delete_shared_note(request: HttpRequest, pair_id: int, note_id: int, version: int):
    """Delete a shared note the caller wrote (404 for the partner's; 409 when stale)."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id, active=True)
    note = selectors.access_own_shared_note(user=request.user, pair=pair, note_id=note_id)
    services.shared_note_delete(actor=request.user, note=note, version=version)
    return Status(204, None)
