"""Pair health: on track, needs attention or at risk, with the reasons in words.

Read-only (a selector module). It is computed, never stored, from what HR may see of a pair
(docs/journey.md, "Pair health"): the charter's confirmations, the dates and outcomes of
meetings (not their agenda or log), who answered each check-in and the pair's mean pulse
(never one member's pulse or text), the messages addressed to HR, and the goals' status,
progress and target dates (not their wording).

Each rule gives a `Signal` (a severity and a sentence); the pair's state is the worst signal.
The rules, with the program's meeting cadence *m* weeks and check-in cadence *c* weeks:

- Charter: not confirmed by both after 14 days → needs attention; after 28 days → at risk.
- Meetings: the last meeting that took place (held, or past without an outcome saying it was
  cancelled or a no-show), or the publication if none. With no meeting planned, a gap longer
  than *m* weeks + 1 week → needs attention; longer than 2 × *m* weeks → at risk. With one
  planned, only a gap longer than 3 × *m* weeks → needs attention. The last two meetings
  both no-shows → needs attention.
- Check-ins: nobody answered the last finished period → needs attention; nobody answered the
  last two → at risk.
- Pulse: the pair's mean in its latest answered period ≤ 2 → at risk; below 3 → needs
  attention.
- Goals: no goal three weeks after the charter was confirmed by both → needs attention; goals
  past their target date and neither achieved nor dropped → needs attention; the open goals'
  mean progress more than 50 points behind the share of the program already elapsed → needs
  attention.
- A message to HR in the current or the previous period → needs attention.

A paused pair reads "paused" and no rule runs; an ended pair reads "ended".
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bascule.core.models import AuditEntry
from bascule.journey.checkins.selectors import period_at
from bascule.journey.models import CheckIn, Goal, GoalStatus, KickoffConfirmation
from bascule.meetings.models import Meeting, MeetingOutcome, MeetingStatus
from bascule.pairing.models import Pair, PairStatus
from bascule.programs.models import Program
from bascule.programs.selectors import access_managed_program

ON_TRACK = "on_track"
ATTENTION = "attention"
AT_RISK = "at_risk"
PAUSED = "paused"
ENDED = "ended"

STATE_LABELS = {
    ON_TRACK: gettext_lazy("On track"),
    ATTENTION: gettext_lazy("Needs attention"),
    AT_RISK: gettext_lazy("At risk"),
    PAUSED: gettext_lazy("Paused"),
    ENDED: gettext_lazy("Ended"),
}
# Higher is worse; the HR list sorts on it. Paused pairs come after the active ones at risk
# or needing attention: HR already acted on them.
SEVERITY = {ON_TRACK: 0, ENDED: -1, PAUSED: 1, ATTENTION: 2, AT_RISK: 3}

CHARTER_ATTENTION_DAYS = 14
CHARTER_RISK_DAYS = 28
GOALS_EXPECTED_AFTER_DAYS = 21
LOW_PULSE_RISK = 2.0
LOW_PULSE_ATTENTION = 3.0
PROGRESS_BEHIND_POINTS = 50


@dataclass(frozen=True)
class Signal:
    code: str
    severity: str  # ATTENTION or AT_RISK
    text: str


@dataclass
class Facts:
    """What the rules read about one pair (HR-visible measures only)."""

    pair: Pair
    confirmed: set[int] = field(default_factory=set)  # member ids who confirmed the charter
    started_at: dt.datetime | None = None
    # Meetings and goals: anything with the fields the rules read (rows or model instances).
    meetings: list[Meeting] = field(default_factory=list)
    answered: dict[int, set[int]] = field(default_factory=dict)  # period → member ids
    pulses: dict[int, list[int]] = field(default_factory=dict)  # period → pulses (for means)
    hr_message_periods: set[int] = field(default_factory=set)
    goals: list[Goal] = field(default_factory=list)


@dataclass
class Health:
    """The health of one pair, and the measures shown next to it."""

    pair: Pair
    state: str
    signals: list[Signal]
    last_meeting_at: dt.datetime | None
    next_meeting_at: dt.datetime | None
    meetings_held: int
    checkins_answered: int  # answers given over the finished and current periods
    checkins_expected: int  # 2 per period up to the current one
    latest_pulse: float | None  # the pair's mean in its latest answered period
    goals_count: int
    goals_progress: int | None  # mean progress of the open goals, in %
    charter_confirmed: bool

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def severity(self) -> int:
        return SEVERITY[self.state]

    @property
    def sort_key(self) -> tuple:
        """Worst first: state, then how many signals at risk, then the longest silence."""
        at_risk = sum(1 for s in self.signals if s.severity == AT_RISK)
        silence = -(self.last_meeting_at or self.pair.published_at).timestamp()
        return (-self.severity, -at_risk, -len(self.signals), -silence, self.pair.pk)


def _took_place(meeting: Meeting, now: dt.datetime) -> bool:
    if meeting.status == MeetingStatus.CANCELLED or meeting.starts_at > now:
        return False
    return meeting.outcome not in (MeetingOutcome.CANCELLED, MeetingOutcome.NO_SHOW)


def _weeks(delta: dt.timedelta) -> int:
    return max(delta.days // 7, 0)


def assess(facts: Facts, now: dt.datetime) -> Health:
    """Return the health of the pair described by `facts` at `now` (pure: no query)."""
    pair = facts.pair
    program = pair.program
    past = [m for m in facts.meetings if _took_place(m, now)]
    upcoming = [
        m for m in facts.meetings if m.status == MeetingStatus.SCHEDULED and m.starts_at > now
    ]
    last_meeting_at = max((m.starts_at for m in past), default=None)
    next_meeting_at = min((m.starts_at for m in upcoming), default=None)
    current = period_at(pair, now)
    answered_periods = sorted(p for p, members in facts.answered.items() if members)
    latest = answered_periods[-1] if answered_periods else None
    latest_pulse = (
        round(sum(facts.pulses[latest]) / len(facts.pulses[latest]), 1) if latest else None
    )
    open_goals = [g for g in facts.goals if g.status not in (GoalStatus.DROPPED,)]
    goals_progress = (
        round(sum(g.progress for g in open_goals) / len(open_goals)) if open_goals else None
    )
    both = {pair.mentor_id, pair.mentee_id}
    health = Health(
        pair=pair,
        state=ON_TRACK,
        signals=[],
        last_meeting_at=last_meeting_at,
        next_meeting_at=next_meeting_at,
        meetings_held=len(past),
        checkins_answered=sum(len(m & both) for p, m in facts.answered.items() if p <= current),
        checkins_expected=2 * max(current, 0),
        latest_pulse=latest_pulse,
        goals_count=len(facts.goals),
        goals_progress=goals_progress,
        charter_confirmed=both <= facts.confirmed,
    )
    if pair.status == PairStatus.ENDED:
        health.state = ENDED
        return health
    if pair.paused_at:
        health.state = PAUSED
        return health
    signals = health.signals
    age = now - pair.published_at

    # Charter.
    if not health.charter_confirmed and age.days > CHARTER_ATTENTION_DAYS:
        missing = len(both - facts.confirmed)
        signals.append(
            Signal(
                "charter",
                AT_RISK if age.days > CHARTER_RISK_DAYS else ATTENTION,
                ngettext(
                    "The charter is still not confirmed by one member, %(days)s days after "
                    "the pair was formed.",
                    "The charter is still not confirmed by either member, %(days)s days "
                    "after the pair was formed.",
                    missing,
                )
                % {"days": age.days},
            )
        )

    # Meetings.
    cadence = dt.timedelta(weeks=max(program.meeting_every_weeks or 1, 1))
    since = last_meeting_at or pair.published_at
    gap = now - since
    if last_meeting_at:
        silence = ngettext(
            "No meeting for %(weeks)s week",
            "No meeting for %(weeks)s weeks",
            _weeks(gap),
        ) % {"weeks": _weeks(gap)}
    else:
        silence = ngettext(
            "No meeting yet, %(weeks)s week after the pair was formed",
            "No meeting yet, %(weeks)s weeks after the pair was formed",
            _weeks(gap),
        ) % {"weeks": _weeks(gap)}
    expected = ngettext(
        "the program expects one every week.",
        "the program expects one every %(weeks)s weeks.",
        program.meeting_every_weeks,
    ) % {"weeks": program.meeting_every_weeks}
    if not upcoming and gap > 2 * cadence:
        signals.append(Signal("meetings", AT_RISK, f"{silence}, {_('none planned')}; {expected}"))
    elif not upcoming and gap > cadence + dt.timedelta(weeks=1):
        signals.append(Signal("meetings", ATTENTION, f"{silence}, {_('none planned')}; {expected}"))
    elif upcoming and gap > 3 * cadence:
        signals.append(Signal("meetings", ATTENTION, f"{silence}; {expected}"))
    outcomes = [
        m.outcome
        for m in sorted(facts.meetings, key=lambda m: m.starts_at)
        if m.starts_at <= now and m.outcome
    ]
    if outcomes[-2:] == [MeetingOutcome.NO_SHOW, MeetingOutcome.NO_SHOW]:
        signals.append(
            Signal("no_show", ATTENTION, _("The last two meetings were recorded as no-shows."))
        )

    # Check-ins: the finished periods.
    finished = current - 1
    if finished >= 1 and not facts.answered.get(finished):
        if finished >= 2 and not facts.answered.get(finished - 1):
            signals.append(
                Signal(
                    "checkins",
                    AT_RISK,
                    _("Nobody answered the last two check-ins (periods %(a)s and %(b)s).")
                    % {"a": finished - 1, "b": finished},
                )
            )
        else:
            signals.append(
                Signal(
                    "checkins",
                    ATTENTION,
                    _("Nobody answered the last check-in (period %(period)s).")
                    % {"period": finished},
                )
            )

    # Pulse.
    if latest_pulse is not None and latest_pulse <= LOW_PULSE_RISK:
        signals.append(
            Signal(
                "pulse",
                AT_RISK,
                _("The pair's latest check-in says it is not going well (%(pulse)s out of 5).")
                % {"pulse": latest_pulse},
            )
        )
    elif latest_pulse is not None and latest_pulse < LOW_PULSE_ATTENTION:
        signals.append(
            Signal(
                "pulse",
                ATTENTION,
                _("The pair's latest check-in is lukewarm (%(pulse)s out of 5).")
                % {"pulse": latest_pulse},
            )
        )

    # Goals.
    if (
        not facts.goals
        and facts.started_at
        and (now - facts.started_at).days > GOALS_EXPECTED_AFTER_DAYS
    ):
        signals.append(
            Signal(
                "no_goals",
                ATTENTION,
                _("No goal yet, %(weeks)s weeks after the charter was confirmed.")
                % {"weeks": _weeks(now - facts.started_at)},
            )
        )
    today = timezone.localdate(now)
    overdue = [
        g
        for g in facts.goals
        if g.target_date < today and g.status not in (GoalStatus.ACHIEVED, GoalStatus.DROPPED)
    ]
    if overdue:
        signals.append(
            Signal(
                "goals_overdue",
                ATTENTION,
                ngettext(
                    "%(count)s goal is past its target date and not achieved.",
                    "%(count)s goals are past their target date and not achieved.",
                    len(overdue),
                )
                % {"count": len(overdue)},
            )
        )
    elapsed = _program_elapsed(program, pair, now)
    if (
        goals_progress is not None
        and not overdue
        and elapsed * 100 - goals_progress > PROGRESS_BEHIND_POINTS
    ):
        signals.append(
            Signal(
                "goals_behind",
                ATTENTION,
                _(
                    "The goals are at %(progress)s%% on average while %(elapsed)s%% of the "
                    "program has passed."
                )
                % {"progress": goals_progress, "elapsed": round(elapsed * 100)},
            )
        )

    # A member wrote to HR lately.
    if facts.hr_message_periods & {current, current - 1}:
        signals.append(
            Signal(
                "message_to_hr",
                ATTENTION,
                _("A member wrote to HR in a recent check-in."),
            )
        )

    if any(s.severity == AT_RISK for s in signals):
        health.state = AT_RISK
    elif signals:
        health.state = ATTENTION
    return health


def _program_elapsed(program: Program, pair: Pair, now: dt.datetime) -> float:
    """Return the share (0–1) of the pair's time in the program already passed."""
    start = pair.published_at
    end = dt.datetime.combine(program.ends_on, dt.time(23, 59), tzinfo=dt.UTC)
    if end <= start:
        return 1.0
    return min(max((now - start) / (end - start), 0.0), 1.0)


def _facts(pairs: list[Pair]) -> dict[int, Facts]:
    """Return the facts of `pairs`, in a fixed number of queries whatever their number."""
    facts = {pair.pk: Facts(pair=pair) for pair in pairs}
    ids = list(facts)
    for pair_id, member_id, confirmed_at in KickoffConfirmation.objects.filter(
        pair_id__in=ids
    ).values_list("pair_id", "member_id", "confirmed_at"):
        item = facts[pair_id]
        item.confirmed.add(member_id)
        if {item.pair.mentor_id, item.pair.mentee_id} <= item.confirmed:
            item.started_at = max(item.started_at or confirmed_at, confirmed_at)
    # Rows with the fields the rules read, not model instances: a home page reads the
    # meetings and goals of every pair of every program at once.
    for meeting in Meeting.objects.filter(pair_id__in=ids).values_list(
        "pair_id", "starts_at", "status", "outcome", named=True
    ):
        facts[meeting.pair_id].meetings.append(meeting)
    answered: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for pair_id, period, member_id, pulse, message in CheckIn.objects.filter(
        pair_id__in=ids
    ).values_list("pair_id", "period", "member_id", "pulse", "message_to_hr"):
        answered[pair_id][period].add(member_id)
        facts[pair_id].pulses.setdefault(period, []).append(pulse)
        if message:
            facts[pair_id].hr_message_periods.add(period)
    for pair_id, periods in answered.items():
        facts[pair_id].answered = dict(periods)
    for goal in Goal.objects.filter(pair_id__in=ids).values_list(
        "pair_id", "status", "progress", "target_date", named=True
    ):
        facts[goal.pair_id].goals.append(goal)
    return facts


def pairs_health(
    pairs: QuerySet[Pair] | list[Pair], now: dt.datetime | None = None
) -> list[Health]:
    """Return the health of `pairs`, worst first. The caller checks HR's scope."""
    now = now or timezone.now()
    pairs = list(pairs)
    facts = _facts(pairs)
    return sorted((assess(facts[p.pk], now) for p in pairs), key=lambda h: h.sort_key)


def program_health(
    *, program: Program, now: dt.datetime | None = None, include_ended: bool = False
) -> list[Health]:
    """Return the health of the pairs of `program` (active and paused; ended ones too when
    asked), worst first. The caller checks that the reader manages the program."""
    pairs = Pair.objects.filter(program=program).select_related(
        "program", "mentor", "mentee", "mentor__department", "mentee__department"
    )
    if not include_ended:
        pairs = pairs.filter(status=PairStatus.ACTIVE)
    return pairs_health(pairs, now)


# What the rules never read of a pair: left out when reading many pairs at once.
PAIR_TEXTS = ("breakdown", "reasons", "end_reason")


def programs_health(*, programs: QuerySet[Program], now: dt.datetime | None = None) -> list[Health]:
    """Return the health of the active pairs of `programs`, worst first, in a fixed number of
    queries whatever the number of programs and pairs. The caller checks HR's scope."""
    pairs = (
        Pair.objects.filter(program__in=programs, status=PairStatus.ACTIVE)
        .select_related("program")
        .defer(*PAIR_TEXTS)
    )
    return pairs_health(pairs, now)


def pair_stopped_at(pair: Pair, now: dt.datetime) -> dt.datetime:
    """Return when `pair` stopped running: when it ended, else at the end of its program's
    last day (as `_program_elapsed` counts it), or `now` if it still runs."""
    end = dt.datetime.combine(pair.program.ends_on, dt.time(23, 59), tzinfo=dt.UTC)
    if pair.status == PairStatus.ENDED and pair.ended_at:
        end = min(end, pair.ended_at)
    return min(end, now)


def pairs_record(
    pairs: QuerySet[Pair] | list[Pair], now: dt.datetime | None = None
) -> list[Health]:
    """Return the measures of `pairs` (ended ones included), each pair assessed when it
    stopped running (`pair_stopped_at`): the meetings held and the check-ins answered of those
    due while it ran, for figures over a whole program. A fixed number of queries."""
    now = now or timezone.now()
    pairs = list(pairs)
    facts = _facts(pairs)
    return [assess(facts[pair.pk], pair_stopped_at(pair, now)) for pair in pairs]


def pair_health(pair: Pair, now: dt.datetime | None = None) -> Health:
    """Return the health of one pair. The caller checks that the reader may see it."""
    return pairs_health([pair], now)[0]


def state_counts(healths: list[Health]) -> dict[str, int]:
    """Return how many pairs are in each state, in the order of the states."""
    counts = dict.fromkeys((AT_RISK, ATTENTION, ON_TRACK, PAUSED, ENDED), 0)
    for health in healths:
        counts[health.state] += 1
    return counts


def access_health_program(*, user: Any, program_id: int) -> Program:
    """Return the program whose pairs' health `user` may see (HR admins, its managers);
    404 otherwise."""
    return access_managed_program(user=user, program_id=program_id)


def last_nudged_at(pair: Pair) -> dt.datetime | None:
    entry = (
        AuditEntry.objects.filter(
            action="journey.pair_nudged", object_type="pairing.pair", object_id=str(pair.pk)
        )
        .order_by("-created_at")
        .first()
    )
    return entry.created_at if entry else None
