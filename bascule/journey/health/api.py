"""The pair-health API, /api/pairs/health/…: HR admins and the program's managers.

Other roles get 403, a program or pair outside the caller's scope 404 (as the pages). The
health carries measures and reasons in words, never what the members wrote.
"""

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from bascule.core.api_errors import ERRORS
from bascule.core.permissions import require, user_can_match
from bascule.journey.health import selectors as health
from bascule.journey.health import services as health_services
from bascule.journey.health.selectors import Health
from bascule.pairing import lifecycle
from bascule.pairing import selectors as pairing_selectors

router = Router(tags=["pair health"])


StateLiteral = Literal["on_track", "attention", "at_risk", "paused", "ended"]


class SignalOut(Schema):
    code: str = Field(description="charter, meetings, no_show, checkins, pulse, no_goals, …")
    severity: Literal["attention", "at_risk"]
    text: str = Field(description="The reason in words, in the caller's language")


class HealthOut(Schema):
    pair_id: int
    program_id: int
    mentor: str = Field(description="The mentor's full name")
    mentee: str = Field(description="The mentee's full name")
    state: StateLiteral
    state_label: str = Field(description="The state in words, in the caller's language")
    signals: list[SignalOut]
    paused_at: dt.datetime | None
    last_meeting_at: dt.datetime | None
    next_meeting_at: dt.datetime | None
    meetings_held: int
    checkins_answered: int
    checkins_expected: int
    latest_pulse: float | None = Field(description="The pair's mean pulse, latest period")
    goals_count: int
    goals_progress: int | None = Field(description="Mean progress of the open goals, in %")
    charter_confirmed: bool


class NudgeIn(Schema):
    message: str = Field(description="The message, sent as written with a link to the pair")
    recipients: Literal["both", "mentor", "mentee"] = "both"


class NudgeOut(Schema):
    sent: int = Field(description="Number of e-mails sent")


class PauseIn(Schema):
    reason: str = Field(description="Why the pair is paused (kept for HR)")


def _out(item: Health) -> dict:
    pair = item.pair
    return {
        "pair_id": pair.pk,
        "program_id": pair.program_id,
        "mentor": pair.mentor.full_name,
        "mentee": pair.mentee.full_name,
        "state": item.state,
        "state_label": item.label,
        "signals": [{"code": s.code, "severity": s.severity, "text": s.text} for s in item.signals],
        "paused_at": pair.paused_at,
        "last_meeting_at": item.last_meeting_at,
        "next_meeting_at": item.next_meeting_at,
        "meetings_held": item.meetings_held,
        "checkins_answered": item.checkins_answered,
        "checkins_expected": item.checkins_expected,
        "latest_pulse": item.latest_pulse,
        "goals_count": item.goals_count,
        "goals_progress": item.goals_progress,
        "charter_confirmed": item.charter_confirmed,
    }


def _pair(request: HttpRequest, pair_id: int):
    return pairing_selectors.access_pair(user=request.user, pair_id=pair_id)


@router.get(
    "/health/programs/{program_id}",
    response={200: list[HealthOut], **ERRORS},
    url_name="health_program",
)
@require(user_can_match)
def program_health(request: HttpRequest, program_id: int):
    """The health of the program's active pairs, most at risk first."""
    program = health.access_health_program(user=request.user, program_id=program_id)
    return [_out(item) for item in health.program_health(program=program)]


@router.get("/health/{pair_id}", response={200: HealthOut, **ERRORS}, url_name="health_pair")
@require(user_can_match)
def pair_health(request: HttpRequest, pair_id: int):
    """One pair's health."""
    return _out(health.pair_health(_pair(request, pair_id)))


@router.post("/health/{pair_id}/nudge", response={200: NudgeOut, **ERRORS}, url_name="health_nudge")
@require(user_can_match)
def pair_nudge(request: HttpRequest, pair_id: int, payload: NudgeIn):
    """E-mail the pair (or one member) a message; 409 within 10 minutes of another."""
    pair = _pair(request, pair_id)
    sent = health_services.pair_nudge(
        actor=request.user, pair=pair, message=payload.message, recipients=payload.recipients
    )
    return {"sent": sent}


@router.post(
    "/health/{pair_id}/pause", response={200: HealthOut, **ERRORS}, url_name="health_pause"
)
@require(user_can_match)
def pair_pause(request: HttpRequest, pair_id: int, payload: PauseIn):
    """Pause an active pair (409 if already paused)."""
    pair = lifecycle.pair_pause(
        actor=request.user, pair=_pair(request, pair_id), reason=payload.reason
    )
    return _out(health.pair_health(pair))


@router.post(
    "/health/{pair_id}/resume", response={200: HealthOut, **ERRORS}, url_name="health_resume"
)
@require(user_can_match)
def pair_resume(request: HttpRequest, pair_id: int):
    """Resume a paused pair (409 if it is not paused)."""
    pair = lifecycle.pair_resume(actor=request.user, pair=_pair(request, pair_id))
    return _out(health.pair_health(pair))
