"""Reads of check-ins (docs/journey.md, "Check-ins").

Periods: the program's check-in cadence (`Program.checkin_every_weeks`), counted from the
pair's publication. Period 1 starts when the pair is published; period n covers
[published + (n - 1) × cadence, published + n × cadence).

Who sees what:
- `my_checkins`, `checkin_due` and `checkins_due`: the member's own check-ins, in full — always
  filtered on the member first. The partner never reads them.
- `pair_checkin_summary` and `pair_checkin_messages_to_hr`: what HR (HR admins, the program's
  managers) may read — who answered for which period, the mean pulse per pair and the
  messages addressed to HR. Never the blocking text, never one member's pulse. The callers
  (a later pair-health page) check HR's scope before calling them.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from bascule.journey.models import CheckIn, Goal
from bascule.journey.selectors import pair_goals
from bascule.pairing.models import Pair, PairStatus


def period_length(pair: Pair) -> dt.timedelta:
    """Return the length of one check-in period of `pair` (the program's cadence)."""
    return dt.timedelta(weeks=max(pair.program.checkin_every_weeks or 1, 1))


def period_at(pair: Pair, when: dt.datetime | None = None) -> int:
    """Return the period of `pair` that `when` (default: now) falls in; 0 before publication."""
    when = when or timezone.now()
    if when < pair.published_at:
        return 0
    return (when - pair.published_at) // period_length(pair) + 1


def period_bounds(pair: Pair, period: int) -> tuple[dt.datetime, dt.datetime]:
    """Return when `period` of `pair` starts (included) and ends (excluded)."""
    start = pair.published_at + (period - 1) * period_length(pair)
    return start, start + period_length(pair)


def my_checkins(*, user: Any, pair: Pair) -> QuerySet[CheckIn]:
    """Return the check-ins `user` gave in `pair`, latest period first: never the partner's."""
    if not getattr(user, "is_authenticated", False) or not user.employee_id:
        return CheckIn.objects.none()
    return CheckIn.objects.filter(pair=pair, member_id=user.employee_id)


@dataclass
class CheckInDue:
    """The current period of a pair seen by one member: what the check-in form needs."""

    pair: Pair
    period: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    open: bool  # the pair is active: a check-in can be given
    mine: CheckIn | None
    goals: list[Goal] = field(default_factory=list)
    last_at: dt.datetime | None = None

    @property
    def due(self) -> bool:
        """True when the member has not answered for the current period of an active pair."""
        return self.open and self.mine is None


def checkin_due(
    *, user: Any, pair: Pair, now: dt.datetime | None = None, goals: list[Goal] | None = None
) -> CheckInDue:
    """Return the current period of `pair` for its member `user`, and their answer to it
    (`goals`: those of `pair_goals`, when already read)."""
    found = {pair.pk: list(pair_goals(pair=pair)) if goals is None else goals}
    return checkins_due(user=user, pairs=[pair], goals=found, now=now)[pair.pk]


def checkins_due(
    *,
    user: Any,
    pairs: list[Pair],
    goals: dict[int, list[Goal]],
    now: dt.datetime | None = None,
) -> dict[int, CheckInDue]:
    """Return `checkin_due` for each of `pairs` (the member `user`'s), by pair id, with the
    `goals` of each pair already read: one query whatever the number of pairs."""
    now = now or timezone.now()
    given: dict[int, list[CheckIn]] = {pair.pk: [] for pair in pairs}
    if getattr(user, "is_authenticated", False) and user.employee_id:
        for checkin in CheckIn.objects.filter(pair_id__in=list(given), member_id=user.employee_id):
            given[checkin.pair_id].append(checkin)
    dues = {}
    for pair in pairs:
        period = max(period_at(pair, now), 1)
        starts_at, ends_at = period_bounds(pair, period)
        mine = [checkin for checkin in given[pair.pk] if checkin.period == period]
        dues[pair.pk] = CheckInDue(
            pair=pair,
            period=period,
            starts_at=starts_at,
            ends_at=ends_at,
            open=pair.status == PairStatus.ACTIVE,
            mine=mine[0] if mine else None,
            goals=list(goals.get(pair.pk, [])),
            last_at=max((checkin.updated_at for checkin in given[pair.pk]), default=None),
        )
    return dues


@dataclass
class PeriodSummary:
    """One period of a pair, for HR: who answered and the pair's mean pulse (no texts)."""

    period: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    answered: list[Any]  # the Employees who answered, mentor first
    mean_pulse: float | None  # mean of the answers' pulses, None when nobody answered


def pair_checkin_summary(pair: Pair, *, now: dt.datetime | None = None) -> list[PeriodSummary]:
    """Return, for each period of `pair` from the first to the current one (or the last with
    an answer), who answered and the mean "how is it going" of the pair.

    Meant for HR (HR admins, the program's managers) — the future pair-health page. It never
    returns the blocking text, a member's own pulse or the goals' progress as answered: only
    who answered and the mean. The caller checks that the reader may see the pair.
    """
    rows = list(
        CheckIn.objects.filter(pair=pair)
        .order_by("period", "id")
        .values_list("period", "member_id", "pulse")
    )
    last = max([period_at(pair, now)] + [period for period, _member, _pulse in rows])
    members = {pair.mentor_id: pair.mentor, pair.mentee_id: pair.mentee}
    order = [pair.mentor_id, pair.mentee_id]
    summaries = []
    for period in range(1, last + 1):
        answers = [(member, pulse) for p, member, pulse in rows if p == period]
        answered_ids = {member for member, _pulse in answers}
        starts_at, ends_at = period_bounds(pair, period)
        summaries.append(
            PeriodSummary(
                period=period,
                starts_at=starts_at,
                ends_at=ends_at,
                answered=[members[i] for i in order if i in answered_ids],
                mean_pulse=(
                    round(sum(pulse for _m, pulse in answers) / len(answers), 2)
                    if answers
                    else None
                ),
            )
        )
    return summaries


@dataclass
class MessageToHr:
    period: int
    member: Any
    message: str
    sent_at: dt.datetime


def pair_checkin_messages_to_hr(pair: Pair) -> list[MessageToHr]:
    """Return the messages the members of `pair` addressed to HR in their check-ins, latest
    first — the only text of a check-in HR reads. The caller checks HR's scope."""
    return [
        MessageToHr(period=c.period, member=c.member, message=c.message_to_hr, sent_at=c.updated_at)
        for c in CheckIn.objects.filter(pair=pair)
        .exclude(message_to_hr="")
        .select_related("member")
        .order_by("-period", "id")
    ]
