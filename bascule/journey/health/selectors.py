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

from django.db.models import (
    Avg,
    Case,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bascule.core.models import AuditEntry
from bascule.journey.checkins.selectors import period_at, period_length
from bascule.journey.models import CheckIn, Goal, GoalStatus, KickoffConfirmation
from bascule.meetings.models import Meeting, MeetingOutcome, MeetingStatus
from bascule.pairing.models import Pair, PairStatus
from bascule.pairing.selectors import PairRow, pairs_of
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
    """What the rules read about one pair at one moment (HR-visible measures only), summed up
    by the database (`_facts`): never a meeting's or a check-in's content."""

    pair: Pair
    confirmed: set[int] = field(default_factory=set)  # member ids who confirmed the charter
    started_at: dt.datetime | None = None  # when the second member confirmed it
    last_meeting_at: dt.datetime | None = None  # the last meeting that took place
    next_meeting_at: dt.datetime | None = None  # the next one planned
    # The outcomes of the last two past meetings that have one, latest first.
    last_outcomes: tuple[str, ...] = ()
    # Check-ins, with the current period P: whether somebody answered P - 1 and P - 2, the
    # pair's mean pulse in its latest answered period, a message to HR in P or P - 1.
    answered_finished: bool = False
    answered_before: bool = False
    latest_pulse: float | None = None
    hr_message_recent: bool = False
    goals_count: int = 0
    open_goals: int = 0  # neither dropped
    open_progress: int = 0  # the sum of the open goals' progress
    overdue_goals: int = 0  # past their target date, neither achieved nor dropped
    # Measures shown on HR's pages, not read by the rules (None when not asked for).
    meetings_held: int | None = None
    checkins_answered: int | None = None  # answers up to the current period


@dataclass
class Health:
    """The health of one pair, and the measures shown next to it."""

    pair: Pair
    state: str
    signals: list[Signal]
    last_meeting_at: dt.datetime | None
    next_meeting_at: dt.datetime | None
    meetings_held: int | None  # None when not measured (the home page's counts)
    checkins_answered: int | None  # answers given over the finished and current periods
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


def _weeks(delta: dt.timedelta) -> int:
    return max(delta.days // 7, 0)


def _meetings_text(facts: Facts, gap: dt.timedelta, planned: bool) -> str:
    """Return the sentence of the meetings signal: the silence, and what the program expects."""
    weeks = _weeks(gap)
    if facts.last_meeting_at:
        silence = ngettext(
            "No meeting for %(weeks)s week", "No meeting for %(weeks)s weeks", weeks
        ) % {"weeks": weeks}
    else:
        silence = ngettext(
            "No meeting yet, %(weeks)s week after the pair was formed",
            "No meeting yet, %(weeks)s weeks after the pair was formed",
            weeks,
        ) % {"weeks": weeks}
    every = facts.pair.program.meeting_every_weeks
    expected = ngettext(
        "the program expects one every week.",
        "the program expects one every %(weeks)s weeks.",
        every,
    ) % {"weeks": every}
    if planned:
        return f"{silence}; {expected}"
    return f"{silence}, {_('none planned')}; {expected}"


def assess(facts: Facts, now: dt.datetime) -> Health:
    """Return the health of the pair described by `facts` at `now` (pure: no query)."""
    pair = facts.pair
    program = pair.program
    last_meeting_at = facts.last_meeting_at
    current = period_at(pair, now)
    goals_progress = round(facts.open_progress / facts.open_goals) if facts.open_goals else None
    both = {pair.mentor_id, pair.mentee_id}
    health = Health(
        pair=pair,
        state=ON_TRACK,
        signals=[],
        last_meeting_at=last_meeting_at,
        next_meeting_at=facts.next_meeting_at,
        meetings_held=facts.meetings_held,
        checkins_answered=facts.checkins_answered,
        checkins_expected=2 * max(current, 0),
        latest_pulse=facts.latest_pulse,
        goals_count=facts.goals_count,
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
    gap = now - (last_meeting_at or pair.published_at)
    planned = facts.next_meeting_at is not None
    if not planned and gap > 2 * cadence:
        signals.append(Signal("meetings", AT_RISK, _meetings_text(facts, gap, planned)))
    elif gap > (3 * cadence if planned else cadence + dt.timedelta(weeks=1)):
        signals.append(Signal("meetings", ATTENTION, _meetings_text(facts, gap, planned)))
    if facts.last_outcomes[:2] == (MeetingOutcome.NO_SHOW, MeetingOutcome.NO_SHOW):
        signals.append(
            Signal("no_show", ATTENTION, _("The last two meetings were recorded as no-shows."))
        )

    # Check-ins: the finished periods.
    finished = current - 1
    if finished >= 1 and not facts.answered_finished:
        if finished >= 2 and not facts.answered_before:
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
    latest_pulse = facts.latest_pulse
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
        not facts.goals_count
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
    overdue = facts.overdue_goals
    if overdue:
        signals.append(
            Signal(
                "goals_overdue",
                ATTENTION,
                ngettext(
                    "%(count)s goal is past its target date and not achieved.",
                    "%(count)s goals are past their target date and not achieved.",
                    overdue,
                )
                % {"count": overdue},
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
    if facts.hr_message_recent:
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


def _current_period(pairs: list[Pair] | list[PairRow], now: dt.datetime) -> Case:
    """Return the check-in period of each of `pairs` at `now` (`period_at`, exactly) as an
    expression on the pair's row: the pairs of a program published within the same period
    share it, so it has a case per program and period, a few whatever the number of pairs."""
    periods = {(pair.program_id, period_at(pair, now)): pair for pair in pairs}
    cases = []
    for (program_id, period), pair in periods.items():
        length = period_length(pair)
        if period == 0:
            published = Q(published_at__gt=now)
        else:
            published = Q(
                published_at__gt=now - period * length,
                published_at__lte=now - (period - 1) * length,
            )
        cases.append(When(Q(program_id=program_id) & published, then=Value(period)))
    return Case(*cases, default=Value(0), output_field=IntegerField())


def _first(queryset: QuerySet, field: str) -> Subquery:
    """The `field` of the first row of `queryset` (ordered), for each pair."""
    return Subquery(queryset.values(field)[:1])


def _aggregate(queryset: QuerySet, expression: Any) -> Subquery:
    """`expression` (an aggregate) over the rows of `queryset`, for each pair."""
    return Subquery(queryset.order_by().values("pair").annotate(value=expression).values("value"))


# Above this number of pairs, `_facts` finds them by program and status.
MANY_PAIRS = 100


def _any(condition: Q) -> Max:
    """1 when a row of the group meets `condition`, else 0."""
    return Max(Case(When(condition, then=Value(1)), default=Value(0)))


def _facts(
    pairs: list[Pair] | list[PairRow],
    now: dt.datetime,
    *,
    measures: bool = True,
    known_then: bool = False,
) -> dict[int, Facts]:
    """Return the facts of `pairs` at `now`, in one query whatever their number: the database
    sums up each pair's charter, meetings, check-ins and goals into one row per pair (each
    an index lookup), none of their rows leaves it. `measures` adds the meetings held and the
    check-ins answered, which HR's pages show and the rules do not read. `known_then` (a
    past `now`) leaves out the confirmations, check-ins and goals recorded after it: the
    facts as HR could see them then (a goal's status and a meeting's outcome are today's,
    they keep no history)."""
    if not pairs:
        return {}
    by_id = {pair.pk: pair for pair in pairs}
    pair = OuterRef("pk")
    current = OuterRef("current")
    then = Q(created_at__lte=now) if known_then else Q()
    kickoffs = KickoffConfirmation.objects.filter(pair=pair)
    if known_then:
        kickoffs = kickoffs.filter(confirmed_at__lte=now)
    kickoffs = kickoffs.values("confirmed_at")
    meetings = Meeting.objects.filter(pair=pair)
    past = meetings.filter(starts_at__lte=now)
    took_place = past.exclude(status=MeetingStatus.CANCELLED).exclude(
        outcome__in=[MeetingOutcome.CANCELLED, MeetingOutcome.NO_SHOW]
    )
    outcomes = past.exclude(outcome="").order_by("-starts_at", "-pk").values("outcome")
    checkins = CheckIn.objects.filter(pair=pair).filter(then)
    latest_period = (
        CheckIn.objects.filter(pair=OuterRef(OuterRef("pk"))).filter(then).order_by("-period")
    )
    goals = Goal.objects.filter(pair=pair).filter(then)
    open_goals = goals.exclude(status=GoalStatus.DROPPED)
    columns: dict[str, Any] = {
        "mentor_confirmed_at": _first(
            kickoffs.filter(member=OuterRef("mentor_id")), "confirmed_at"
        ),
        "mentee_confirmed_at": _first(
            kickoffs.filter(member=OuterRef("mentee_id")), "confirmed_at"
        ),
        "last_meeting_at": _first(took_place.order_by("-starts_at"), "starts_at"),
        "next_meeting_at": _first(
            meetings.filter(status=MeetingStatus.SCHEDULED, starts_at__gt=now).order_by(
                "starts_at"
            ),
            "starts_at",
        ),
        "last_outcome": Subquery(outcomes[:1]),
        "outcome_before": Subquery(outcomes[1:2]),
        # Three yes-or-no of the last periods in one lookup: 1 somebody answered P - 1,
        # 2 somebody answered P - 2, 4 a message to HR in P or P - 1.
        "recent_checkins": _aggregate(
            checkins.filter(period__gte=current - 2, period__lte=current),
            _any(Q(period=current - 1))
            + 2 * _any(Q(period=current - 2))
            + 4 * _any(Q(period__gte=current - 1, period__lte=current) & ~Q(message_to_hr="")),
        ),
        "latest_pulse": _aggregate(
            checkins.filter(period=Subquery(latest_period.values("period")[:1])), Avg("pulse")
        ),
        "goals_count": _aggregate(goals, Count("pk")),
        "open_goals": _aggregate(open_goals, Count("pk")),
        "open_progress": _aggregate(open_goals, Sum("progress")),
        "overdue_goals": _aggregate(
            goals.filter(target_date__lt=timezone.localdate(now)).exclude(
                status__in=[GoalStatus.ACHIEVED, GoalStatus.DROPPED]
            ),
            Count("pk"),
        ),
    }
    if measures:
        columns["meetings_held"] = _aggregate(took_place, Count("pk"))
        columns["checkins_answered"] = _aggregate(
            checkins.filter(period__lte=current).filter(
                Q(member=OuterRef("mentor_id")) | Q(member=OuterRef("mentee_id"))
            ),
            Count("pk"),
        )
    # Many pairs are found by what they share rather than by a list of thousands of ids: the
    # pairs of their programs in their statuses (any other found is left out below).
    many = Q(program_id__in={p.program_id for p in pairs}, status__in={p.status for p in pairs})
    rows = (
        Pair.objects.filter(many if len(by_id) > MANY_PAIRS else Q(pk__in=list(by_id)))
        .order_by()
        .annotate(current=_current_period(pairs, now))
        .annotate(**columns)
        .values("pk", *columns)
    )
    facts = {}
    for row in rows:
        item = by_id.get(row["pk"])
        if item is None:
            continue
        mentor_at, mentee_at = row["mentor_confirmed_at"], row["mentee_confirmed_at"]
        confirmed = set()
        if mentor_at is not None:
            confirmed.add(item.mentor_id)
        if mentee_at is not None:
            confirmed.add(item.mentee_id)
        pulse = row["latest_pulse"]
        recent = row["recent_checkins"] or 0
        facts[item.pk] = Facts(
            pair=item,
            confirmed=confirmed,
            started_at=max(mentor_at, mentee_at) if mentor_at and mentee_at else None,
            last_meeting_at=row["last_meeting_at"],
            next_meeting_at=row["next_meeting_at"],
            last_outcomes=tuple(o for o in (row["last_outcome"], row["outcome_before"]) if o),
            answered_finished=bool(recent & 1),
            answered_before=bool(recent & 2),
            latest_pulse=None if pulse is None else round(float(pulse), 1),
            hr_message_recent=bool(recent & 4),
            goals_count=row["goals_count"] or 0,
            open_goals=row["open_goals"] or 0,
            open_progress=row["open_progress"] or 0,
            overdue_goals=row["overdue_goals"] or 0,
            meetings_held=(row["meetings_held"] or 0) if measures else None,
            checkins_answered=(row["checkins_answered"] or 0) if measures else None,
        )
    return facts


def pairs_health(
    pairs: QuerySet[Pair] | list[Pair], now: dt.datetime | None = None
) -> list[Health]:
    """Return the health of `pairs`, worst first, in one query besides the pairs'. The caller
    checks HR's scope."""
    now = now or timezone.now()
    pairs = list(pairs)
    facts = _facts(pairs, now)
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


def states_by_program(
    *, pairs: list[PairRow], now: dt.datetime | None = None
) -> dict[int, dict[str, int]]:
    """Return how many of `pairs` (with their program) are in each state (`state_counts`),
    by program id: the rules only, without the measures, in one query whatever the number of
    pairs. The caller checks HR's scope."""
    now = now or timezone.now()
    facts = _facts(pairs, now, measures=False)
    counts: dict[int, dict[str, int]] = {}
    for item in facts.values():
        state = assess(item, now).state
        by_state = counts.setdefault(item.pair.program_id, state_counts([]))
        by_state[state] += 1
    return counts


def pair_stopped_at(pair: Pair, now: dt.datetime) -> dt.datetime:
    """Return when `pair` stopped running: when it ended, else at the end of its program's
    last day (as `_program_elapsed` counts it), or `now` if it still runs."""
    end = _program_end(pair.program)
    if pair.status == PairStatus.ENDED and pair.ended_at:
        end = min(end, pair.ended_at)
    return min(end, now)


def _program_end(program: Program) -> dt.datetime:
    return dt.datetime.combine(program.ends_on, dt.time(23, 59), tzinfo=dt.UTC)


@dataclass
class ProgramActivity:
    """What the pairs of a program did, each pair counted until it stopped running."""

    pairs: int = 0  # ended ones included
    members: set[int] = field(default_factory=set)  # the employees of the pairs
    meetings_held: int = 0
    # Over the pairs asked for check-ins (not paused, with a period begun): the answers
    # given and the answers due (two per period), and the people asked.
    checkins_answered: int = 0
    checkins_expected: int = 0
    asked: set[int] = field(default_factory=set)


def programs_activity(
    *, programs: list[Program], now: dt.datetime | None = None
) -> dict[int, ProgramActivity]:
    """Return, by program id, what the pairs of `programs` did (ended pairs included), each
    pair until it stopped running (`pair_stopped_at`): the meetings that took place and the
    check-ins answered of those due while it ran, as `assess` counts them at that moment.
    Sums for a whole program, summed up by the database: three queries whatever the number
    of pairs, meetings and check-ins."""
    now = now or timezone.now()
    activity = {program.pk: ProgramActivity() for program in programs}
    pairs = pairs_of(programs=programs)
    asked: dict[int, list[int]] = defaultdict(list)  # current period at the stop → pair ids
    for pair in pairs:
        item = activity[pair.program_id]
        item.pairs += 1
        item.members |= {pair.mentor_id, pair.mentee_id}
        period = period_at(pair, pair_stopped_at(pair, now))
        # A paused pair is not asked for check-ins while HR has paused it.
        if not pair.paused_at and period > 0:
            item.checkins_expected += 2 * period
            item.asked |= {pair.mentor_id, pair.mentee_id}
            asked[period].append(pair.pk)
    if not pairs:
        return activity
    # A meeting counts if it took place before its pair stopped: before the end of its
    # program's last day, and before the pair ended.
    before_the_end = Q()
    for program in programs:
        before_the_end |= Q(pair__program=program, starts_at__lte=_program_end(program))
    held = (
        Meeting.objects.filter(pair__program__in=list(activity), starts_at__lte=now)
        .filter(before_the_end)
        .filter(
            ~Q(pair__status=PairStatus.ENDED)
            | Q(pair__ended_at__isnull=True)
            | Q(starts_at__lte=F("pair__ended_at"))
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(outcome__in=[MeetingOutcome.CANCELLED, MeetingOutcome.NO_SHOW])
        .order_by()
        .values_list("pair__program_id")
        .annotate(count=Count("pk"))
    )
    for program_id, count in held:
        activity[program_id].meetings_held = count
    if asked:
        due = Q()
        for period, pair_ids in asked.items():
            due |= Q(pair_id__in=pair_ids, period__lte=period)
        answered = (
            CheckIn.objects.filter(due)
            .filter(Q(member=F("pair__mentor")) | Q(member=F("pair__mentee")))
            .order_by()
            .values_list("pair__program_id")
            .annotate(count=Count("pk"))
        )
        for program_id, count in answered:
            activity[program_id].checkins_answered = count
    return activity


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
