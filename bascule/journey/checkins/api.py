"""The check-in API, /api/pairs/{pair_id}/checkin and /checkins: the caller's own check-ins.

The pair's two members only, each for their own check-ins: anyone else gets a 404, HR
included. The partner's check-ins are in no operation and no schema. Domain errors (an ended
pair, a period that is not the current one) become 400, a bad progress 422 with the messages
by field, a stale goal 409 (config/api.py).
"""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from bascule.core import idempotency
from bascule.core.api_errors import ERRORS
from bascule.journey import selectors
from bascule.journey.checkins import extensions
from bascule.journey.checkins import selectors as checkin_selectors
from bascule.journey.checkins import services as checkin_services
from bascule.journey.models import CheckIn

router = Router(tags=["journey"])


PulseLiteral = Literal[1, 2, 3, 4, 5]


class CheckInGoalIn(Schema):
    goal_id: int = Field(description="A goal of the pair")
    progress: int = Field(description="Progress in percent, a whole number from 0 to 100")
    version: int | None = Field(
        None,
        description="The goal's version the answer is based on; needed when the progress "
        "changes (409 if the goal changed meanwhile)",
    )


class CheckInIn(Schema):
    """The caller's check-in for the current period: created, or updated if already given."""

    pulse: PulseLiteral = Field(
        description="How it is going: 1 not well at all, 2 not so well, 3 all right, 4 well, "
        "5 very well"
    )
    goals: list[CheckInGoalIn] = Field(
        default_factory=list, description="Progress on the pair's goals (updates the goals)"
    )
    blocking: str = Field("", description="Anything blocking, read by the caller only")
    message_to_hr: str = Field("", description="A message to HR, read by HR with the name")
    period: int | None = Field(
        None,
        description="The period answered (from GET); a past or future period is refused (400). "
        "Omitted: the current period",
    )
    answers: dict[str, str] | None = Field(
        None,
        description="Answers to the extra questions of GET's `questions`, by key: one of each "
        'question\'s choices, or "" for no answer (422 for an unknown key or answer). '
        "Omitted: the answers already given are left unchanged",
    )


class CheckInOut(Schema):
    id: int = Field(description="Check-in id")
    period: int = Field(description="The period answered (1 = from the pair's publication)")
    pulse: int = Field(description="How it is going, 1 to 5")
    pulse_label: str = Field(description="The words for the pulse, in the caller's language")
    goal_progress: dict[str, int] = Field(description="Progress given per goal id, in percent")
    blocking: str = Field(description="Anything blocking (the caller's only)")
    message_to_hr: str = Field(description="The message to HR, if any")
    created_at: dt.datetime = Field(description="When it was first given")
    updated_at: dt.datetime = Field(description="When it last changed")


class DueGoalOut(Schema):
    id: int = Field(description="Goal id")
    title: str = Field(description="The goal")
    progress: int = Field(description="Its current progress: the pre-filled answer")
    version: int = Field(description="Send it back with the progress")


class ChoiceOut(Schema):
    value: str = Field(description="What to send: yes, partly, no or did_not_come_up")
    label: str = Field(description="The words for it, in the caller's language")


class QuestionOut(Schema):
    key: str = Field(description="The question's key, for `answers`")
    label: str = Field(description="The question, in the caller's language")
    choices: list[ChoiceOut] = Field(description="The possible answers (all optional)")
    answer: str = Field(description='The caller\'s answer for this period, "" when none')


class QuestionGroupOut(Schema):
    name: str = Field(description="Who asks (e.g. training.behaviours)")
    legend: str = Field(description="What the questions are about")
    reason: str = Field(description="Why they are asked")
    questions: list[QuestionOut]


class CheckInDueOut(Schema):
    pair_id: int = Field(description="Pair id")
    period: int = Field(description="The current period")
    starts_at: dt.datetime = Field(description="When the current period started")
    ends_at: dt.datetime = Field(description="When it ends (excluded)")
    open: bool = Field(description="False once the pair has ended: no check-in can be given")
    due: bool = Field(description="True when the caller has not answered this period yet")
    mine: CheckInOut | None = Field(description="The caller's answer for this period, or null")
    last_checkin_at: dt.datetime | None = Field(description="The caller's last check-in")
    goals: list[DueGoalOut] = Field(description="The pair's goals, with their progress now")
    questions: list[QuestionGroupOut] = Field(
        description="Extra questions of the check-in (e.g. whether the partner practised "
        "what the training modules both members took teach), with the caller's answers"
    )


def _checkin(checkin: CheckIn) -> dict[str, Any]:
    return {
        "id": checkin.pk,
        "period": checkin.period,
        "pulse": checkin.pulse,
        "pulse_label": str(checkin.get_pulse_display()),
        "goal_progress": checkin.goal_progress,
        "blocking": checkin.blocking,
        "message_to_hr": checkin.message_to_hr,
        "created_at": checkin.created_at,
        "updated_at": checkin.updated_at,
    }


def _groups(pair, user, period: int) -> list[dict[str, Any]]:
    member = getattr(user, "employee", None) if user.employee_id else None
    return [
        {
            "name": group.extension.name,
            "legend": str(group.extension.legend),
            "reason": str(group.extension.reason),
            "questions": [
                {
                    "key": q.key,
                    "label": q.label,
                    "choices": [{"value": v, "label": label} for v, label in q.choices],
                    "answer": group.answers.get(q.key, ""),
                }
                for q in group.questions
            ],
        }
        for group in extensions.question_groups(pair=pair, member=member, period=period)
    ]


def _due(pair, user) -> dict[str, Any]:
    due = checkin_selectors.checkin_due(user=user, pair=pair)
    return {
        "pair_id": pair.pk,
        "period": due.period,
        "starts_at": due.starts_at,
        "ends_at": due.ends_at,
        "open": due.open,
        "due": due.due,
        "mine": _checkin(due.mine) if due.mine else None,
        "last_checkin_at": due.last_at,
        "goals": [
            {"id": g.pk, "title": g.title, "progress": g.progress, "version": g.version}
            for g in due.goals
        ],
        "questions": _groups(pair, user, due.period),
    }


@router.get(
    "/{pair_id}/checkin",
    response={200: CheckInDueOut, **ERRORS},
    summary="My check-in for the current period",
)
def get_my_checkin(request: HttpRequest, pair_id: int):
    """The current period of the pair, whether the caller's check-in is due, their answer if
    given, and the goals with their progress to pre-fill. Members only (404 otherwise)."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id)
    return _due(pair, request.user)


@router.post(
    "/{pair_id}/checkin",
    response={200: CheckInOut, **ERRORS},
    summary="Give or update my check-in",
)
@idempotency.api_create()
def submit_my_checkin(request: HttpRequest, pair_id: int, payload: CheckInIn):
    """Create the caller's check-in for the current period, or update it if already given
    (one per member and period). The goals' progress is updated (409 if a goal is stale),
    and the answers to the extra questions saved with it.
    Refused (400) for an ended pair or a period other than the current one."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id)
    checkin = checkin_services.checkin_submit(
        actor=request.user,
        pair=pair,
        pulse=payload.pulse,
        blocking=payload.blocking,
        message_to_hr=payload.message_to_hr,
        progress={g.goal_id: (g.progress, g.version) for g in payload.goals},
        period=payload.period,
        submission=idempotency.submission(request),
        answers=payload.answers,
    )
    return _checkin(checkin)


@router.get(
    "/{pair_id}/checkins",
    response={200: list[CheckInOut], **ERRORS},
    summary="My check-ins",
)
def list_my_checkins(request: HttpRequest, pair_id: int):
    """The caller's own check-ins in the pair, latest period first; never the partner's."""
    pair = selectors.access_pair_space(user=request.user, pair_id=pair_id)
    return [_checkin(c) for c in checkin_selectors.my_checkins(user=request.user, pair=pair)]
