"""The evaluations' reminder kinds, registered with the reminders app (docs/reminders.md).

- `evaluation_open`: a survey has opened for the member's pair (in the last 7 days) and they
  have not answered; once per member, survey and pair.
- `evaluation_closing`: a survey closes within 3 days and the member has not answered; once
  per member, survey and pair.

Baseline, mid-point and end: the pair must be active and not paused. The closing survey is
for a pair that ended early, so its members are reminded although the pair has ended.
"""

import datetime as dt
from collections.abc import Iterable, Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bascule.core.emails import absolute_url
from bascule.evaluations.models import SurveyKind
from bascule.evaluations.selectors import (
    SurveyWindow,
    surveys_closing_between,
    surveys_opening_between,
)
from bascule.evaluations.services import ensure_surveys_of_programs_with_pairs
from bascule.pairing.models import PairStatus
from bascule.programs.models import ProgramStatus
from bascule.reminders.kinds import Due, ReminderKind, reachable_users, register

OPEN_LOOKBACK = dt.timedelta(days=7)
CLOSING_AHEAD = dt.timedelta(days=3)


def _remindable(window: SurveyWindow) -> bool:
    pair = window.pair
    if pair.program.status not in (ProgramStatus.RUNNING, ProgramStatus.CLOSED):
        return False
    if window.survey.kind == SurveyKind.CLOSING:
        return pair.status == PairStatus.ENDED
    return pair.status == PairStatus.ACTIVE and pair.paused_at is None


def _dues(windows: Iterable[SurveyWindow], code: str, template: str) -> Iterator[Due]:
    windows = [w for w in windows if w.pending and _remindable(w)]
    users = reachable_users(member.pk for w in windows for member in w.pending)
    for window in windows:
        pair = window.pair
        for member in window.pending:
            user = users.get(member.pk)
            if user is None:
                continue
            partner = pair.mentee if member.pk == pair.mentor_id else pair.mentor
            url = reverse(
                "evaluations:answer",
                kwargs={"survey_id": window.survey.pk, "pair_id": pair.pk},
            )
            yield Due(
                recipient=user,
                key=f"{code}:survey{window.survey.pk}:pair{pair.pk}",
                template=template,
                context={
                    "survey": window.survey,
                    "program": pair.program,
                    "partner": partner,
                    "closes_on": window.closes_on,
                    "answer_url": absolute_url(url),
                },
                program=pair.program,
            )


def evaluation_open_due(now: dt.datetime) -> Iterator[Due]:
    ensure_surveys_of_programs_with_pairs()
    today = timezone.localdate(now)
    windows = surveys_opening_between(today - OPEN_LOOKBACK, today)
    yield from _dues(windows, "evaluation_open", "reminder-evaluation-open")


def evaluation_closing_due(now: dt.datetime) -> Iterator[Due]:
    ensure_surveys_of_programs_with_pairs()
    today = timezone.localdate(now)
    windows = surveys_closing_between(today, today + CLOSING_AHEAD)
    yield from _dues(windows, "evaluation_closing", "reminder-evaluation-closing")


def register_kinds() -> None:
    register(
        ReminderKind(
            code="evaluation_open",
            label=_("A survey is open"),
            description=_(
                "When a survey of your program opens (at the start, the middle and the end), "
                "once, if you have not answered it."
            ),
            due=evaluation_open_due,
        )
    )
    register(
        ReminderKind(
            code="evaluation_closing",
            label=_("A survey closes soon"),
            description=_("Three days before a survey closes, if you have not answered it."),
            due=evaluation_closing_due,
        )
    )
