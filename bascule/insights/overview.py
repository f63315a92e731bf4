"""The "Program overview" section of the dashboards (docs/impact.md, "Dashboards"): how many
people came in, how the pairs are doing, whether they meet and answer their check-ins, their
goals, their training and badges, how soon they first meet, who comes back.

Reads only. Each figure is summed up by the database (a handful of queries whatever the
number of people, pairs, meetings and answers; the health over time one per point, at most
MAX_POINTS) and goes through the small-cell rule (figures.one, figures.two_way, stats.enough).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import replace

from django.db.models import Case, Count, Exists, F, IntegerField, Min, OuterRef, Q, Sum, When
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bascule.insights import stats
from bascule.insights.charts import Series, hidden_text
from bascule.insights.figures import (
    BAR,
    DECIMAL,
    LINE,
    PERCENT,
    STACKED,
    Definition,
    Figure,
    one,
    rate,
    two_way,
)
from bascule.insights.filters import Scope, add_months
from bascule.journey.health import selectors as health
from bascule.journey.models import CheckIn, Goal, GoalDirection, GoalStatus, KickoffConfirmation
from bascule.meetings.models import Meeting, MeetingOutcome, MeetingStatus
from bascule.pairing.models import Pair, PairStatus
from bascule.pairing.selectors import PairRow
from bascule.programs.models import Application, ApplicationStatus, Invitation, ParticipantRole
from bascule.recognition.models import BadgeAward
from bascule.training.models import Progress, Requirement

MAX_POINTS = 12  # the health over time: at most this many dates
FREQUENCY_WEEKS = {"weekly": 1, "fortnightly": 2, "three_weeks": 3, "monthly": 52 / 12}


def definitions() -> list[Definition]:
    """What each figure of the section counts, in the order of the page."""
    return [
        Definition(
            "funnel",
            _("Enrollment funnel"),
            _(
                "Invited: invitations sent for the chosen programs. Applied: applications "
                "made, whatever became of them. Approved: applications approved by HR. "
                "Paired: approved applicants who have (or had) a pair. Counts of people, "
                "whatever the period."
            ),
        ),
        Definition(
            "health",
            _("Pairs by health state"),
            _(
                "At the end of each month (today for the current one), the pairs running then "
                "(formed, not yet ended), by the state the pair health rules give "
                "(on track, needs attention, at risk, paused), from the meetings, check-ins "
                "and goals recorded up to that day. A pair counts when its mentor or its "
                "mentee matches the filters."
            ),
        ),
        Definition(
            "meetings",
            _("Meetings held against the cadence"),
            _(
                "Held: meetings of the pairs that took place in the month (not cancelled, "
                "not a no-show). Expected: for each pair running in the month, the days it "
                "ran divided by the interval the pair agreed at its kickoff (the program's "
                "meeting interval when not agreed)."
            ),
        ),
        Definition(
            "checkins",
            _("Check-in response rate and mean pulse"),
            _(
                "Response rate: for the check-in periods that ended in the month, the check-ins "
                "answered against those due (two per pair and period). Mean "
                'pulse: the average of the answers to "how is it going" (1 to 5) given in '
                "the month, shown over at least 5 people who answered."
            ),
        ),
        Definition(
            "goals",
            _("Goals set and reached"),
            _(
                "The goals of the pairs, both ways: the mentee's learning goals and the "
                "mentor's growth goals. Reached: marked achieved; the others are not started, "
                "in progress or dropped. Goals created in the period."
            ),
        ),
        Definition(
            "training",
            _("Training completion"),
            _(
                "For each module a program requires of mentors or mentees, each approved "
                "participant of that role counts once: completed or not. Shown over at least "
                "5 people."
            ),
        ),
        Definition(
            "badges",
            _("Badges"),
            _(
                "Badges awarded for the chosen programs and not revoked, and how many "
                "different people hold one."
            ),
        ),
        Definition(
            "first_meeting",
            _("Time from approval to first meeting"),
            _(
                "For each pair, the days from the later of its two approvals to its first "
                "meeting that took place; the median (half the pairs took less time, half "
                "more). Pairs with no meeting yet are not counted."
            ),
        ),
        Definition(
            "returning",
            _("Alumni coming back"),
            _(
                "Approved participants of the chosen programs who had a pair in an earlier "
                "program (one that started before): all of them, and those who were a mentee "
                "then and come back as a mentor."
            ),
        ),
    ]


def _definition(key: str) -> Definition:
    return next(d for d in definitions() if d.id == key)


def _month_of(value: dt.date | dt.datetime) -> dt.date:
    """The first day of the month TruncMonth gave (a local datetime, or a date)."""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return value.replace(day=1)


def _month_label(month: dt.date) -> str:
    return date_format(month, "M Y")


def participants(scope: Scope) -> int:
    """How many distinct people the filters cover: approved applicants of the programs."""
    return (
        Application.objects.filter(
            program_id__in=scope.program_ids, status=ApplicationStatus.APPROVED
        )
        .filter(scope.people("employee"))
        .values("employee_id")
        .distinct()
        .count()
    )


# --- Enrollment funnel -----------------------------------------------------------------------


def funnel(scope: Scope) -> Figure:
    applications = Application.objects.filter(program_id__in=scope.program_ids).filter(
        scope.people("employee")
    )
    has_pair = Exists(
        Pair.objects.filter(
            Q(mentor_application=OuterRef("pk")) | Q(mentee_application=OuterRef("pk"))
        )
    )
    counts = applications.aggregate(
        applied=Count("pk"),
        approved=Count("pk", filter=Q(status=ApplicationStatus.APPROVED)),
        paired=Count(
            Case(When(has_pair, then=F("pk")), output_field=IntegerField()),
            filter=Q(status=ApplicationStatus.APPROVED),
        ),
    )
    invited = (
        Invitation.objects.filter(program_id__in=scope.program_ids)
        .filter(scope.people("employee"))
        .count()
    )
    stages = [
        (_("Invited"), invited),
        (_("Applied"), counts["applied"]),
        (_("Approved"), counts["approved"]),
        (_("Paired"), counts["paired"]),
    ]
    values = [one(count) for _label, count in stages]
    applied, paired = values[1], values[3]
    if applied and paired is not None:
        summary = _("%(paired)s of the %(applied)s applications led to a pair.") % {
            "paired": paired,
            "applied": applied,
        }
    else:
        summary = _("Too few applications to describe the funnel in a sentence.")
    return Figure(
        id="funnel",
        title=_("Enrollment funnel"),
        summary=summary,
        definition=_definition("funnel"),
        kind=BAR,
        labels=[label for label, _count in stages],
        series=[Series(_("People"), values)],
        label_header=_("Stage"),
    )


# --- Pairs: health over time, meetings, check-ins ------------------------------------------------


def _pairs(scope: Scope) -> list[PairRow]:
    """The pairs of the chosen programs whose mentor or mentee matches the filters, with their
    program: one query."""
    by_id = {program.pk: program for program in scope.programs}
    rows = (
        Pair.objects.filter(program_id__in=list(by_id))
        .filter(scope.pair_people())
        .order_by()
        .values_list(
            "pk",
            "program_id",
            "mentor_id",
            "mentee_id",
            "status",
            "paused_at",
            "published_at",
            "ended_at",
        )
    )
    return [PairRow(*row, program=by_id[row[1]]) for row in rows]


def _ran_at(pair: PairRow, moment: dt.datetime) -> bool:
    if pair.published_at > moment:
        return False
    return not (pair.status == PairStatus.ENDED and pair.ended_at and pair.ended_at <= moment)


def _points(scope: Scope, now: dt.datetime) -> list[tuple[dt.date, dt.datetime]]:
    """The end of each month of the period (now for the current one), at most MAX_POINTS
    (every other month, every third… for a long period)."""
    months = scope.months()
    every = -(-len(months) // MAX_POINTS)
    chosen = months[::-1][::every][::-1]
    points = []
    for month in chosen:
        end = timezone.make_aware(dt.datetime.combine(add_months(month, 1), dt.time.min))
        if month <= timezone.localdate(now) < add_months(month, 1) or end > now:
            end = now
        points.append((month, end))
    return [(month, end) for month, end in points if end <= now]


HEALTH_STATES = (health.ON_TRACK, health.ATTENTION, health.AT_RISK, health.PAUSED)


def health_over_time(scope: Scope, pairs: list[PairRow], now: dt.datetime) -> Figure:
    counts: dict[tuple, int] = defaultdict(int)
    labels = []
    for month, moment in _points(scope, now):
        label = _month_label(month)
        labels.append(label)
        running = [pair for pair in pairs if _ran_at(pair, moment)]
        if not running:
            continue
        # The pairs as they were then: running; paused if paused then and still paused.
        facts = health._facts(running, moment, measures=False)  # noqa: SLF001
        for item in facts.values():
            pair = item.pair
            then = replace(
                pair,
                status=PairStatus.ACTIVE,
                paused_at=pair.paused_at if pair.paused_at and pair.paused_at <= moment else None,
            )
            state = health.assess(replace(item, pair=then), moment).state
            counts[(label, state)] += 1
    # The months before the first pair ran say nothing: left out.
    while labels and not any(counts[(labels[0], state)] for state in HEALTH_STATES):
        labels.pop(0)
    table = two_way(labels, list(HEALTH_STATES), counts) if labels else {}
    series = [
        Series(str(health.STATE_LABELS[state]), [table[label][i] for label in labels])
        for i, state in enumerate(HEALTH_STATES)
    ]
    latest = labels[-1] if labels else None
    if latest is not None and table[latest][0] is not None:
        running = sum(counts[(latest, state)] for state in HEALTH_STATES)
        shown_running = one(running)
        summary = (
            _("In %(month)s, %(on_track)s of the %(running)s running pairs were on track.")
            % {"month": latest, "on_track": table[latest][0], "running": shown_running}
            if shown_running is not None
            else _("Too few pairs to describe in a sentence.")
        )
    else:
        summary = _("Too few pairs to describe in a sentence.")
    return Figure(
        id="health",
        title=_("Pairs by health state"),
        summary=summary,
        definition=_definition("health"),
        kind=STACKED,
        labels=labels,
        series=series,
        label_header=_("Month"),
    )


def _days_in(pair: PairRow, start: dt.datetime, end: dt.datetime) -> float:
    begin = max(start, pair.published_at)
    stop = end
    if pair.status == PairStatus.ENDED and pair.ended_at:
        stop = min(stop, pair.ended_at)
    program_end = dt.datetime.combine(pair.program.ends_on, dt.time(23, 59), tzinfo=dt.UTC)
    stop = min(stop, program_end)
    return max((stop - begin).total_seconds() / 86400, 0.0)


def _month_bounds(scope: Scope, now: dt.datetime) -> list[tuple[dt.date, dt.datetime, dt.datetime]]:
    bounds = []
    for month in scope.months():
        start = timezone.make_aware(dt.datetime.combine(month, dt.time.min))
        if start > now:
            break
        end = timezone.make_aware(dt.datetime.combine(add_months(month, 1), dt.time.min))
        bounds.append((month, start, min(end, now)))
    return bounds


def meetings_against_cadence(scope: Scope, pairs: list[PairRow], now: dt.datetime) -> Figure:
    bounds = _month_bounds(scope, now)
    # The interval each pair agreed at its kickoff (the first confirmation's), in weeks.
    agreed: dict[int, float] = {}
    for pair_id, frequency in (
        KickoffConfirmation.objects.filter(pair__in=scope_pairs(scope))
        .order_by("pair_id", "confirmed_at")
        .values_list("pair_id", "meeting_frequency")
    ):
        agreed.setdefault(pair_id, FREQUENCY_WEEKS.get(frequency, 2))
    held_rows = (
        Meeting.objects.filter(pair__in=scope_pairs(scope), starts_at__lte=now)
        .filter(starts_at__gte=bounds[0][1] if bounds else now)
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(outcome__in=[MeetingOutcome.CANCELLED, MeetingOutcome.NO_SHOW])
        .annotate(month=TruncMonth("starts_at"))
        .order_by()
        .values("month")
        .annotate(count=Count("pk"))
    )
    held = {_month_of(row["month"]): row["count"] for row in held_rows}
    labels, held_values, expected_values = [], [], []
    for month, start, end in bounds:
        labels.append(_month_label(month))
        running = [p for p in pairs if _days_in(p, start, end) > 0]
        if not stats.enough(len(running)):
            held_values.append(None)
            expected_values.append(None)
            continue
        expected = sum(
            _days_in(p, start, end) / (7 * agreed.get(p.pk, p.program.meeting_every_weeks or 2))
            for p in running
        )
        held_values.append(held.get(month, 0))
        expected_values.append(round(expected))
    total_held = sum(v for v in held_values if v is not None)
    total_expected = sum(v for v in expected_values if v is not None)
    if total_expected:
        summary = _(
            "Over the months with enough pairs, %(held)s meetings were held for about "
            "%(expected)s expected (%(share)s %%)."
        ) % {
            "held": total_held,
            "expected": round(total_expected),
            "share": round(100 * total_held / total_expected),
        }
    else:
        summary = _("Too few pairs to describe in a sentence.")
    return Figure(
        id="meetings",
        title=_("Meetings held against the cadence"),
        summary=summary,
        definition=_definition("meetings"),
        kind=LINE,
        labels=labels,
        series=[Series(_("Held"), held_values), Series(_("Expected"), expected_values)],
        label_header=_("Month"),
    )


def scope_pairs(scope: Scope):
    """The pairs in scope as a queryset (for subqueries)."""
    return Pair.objects.filter(program_id__in=scope.program_ids).filter(scope.pair_people())


def _periods_ended(pair: PairRow, now: dt.datetime) -> list[tuple[int, dt.datetime]]:
    """The check-in periods of `pair` that ended while it ran (before it ended, was paused
    or its program ended, and before now), with when each ended."""
    length = dt.timedelta(weeks=max(pair.program.checkin_every_weeks or 1, 1))
    stop = min(now, dt.datetime.combine(pair.program.ends_on, dt.time(23, 59), tzinfo=dt.UTC))
    if pair.status == PairStatus.ENDED and pair.ended_at:
        stop = min(stop, pair.ended_at)
    if pair.paused_at:
        stop = min(stop, pair.paused_at)
    if stop <= pair.published_at:
        return []
    last = int((stop - pair.published_at) / length)
    return [(period, pair.published_at + period * length) for period in range(1, last + 1)]


def checkins(scope: Scope, pairs: list[PairRow], now: dt.datetime) -> tuple[Figure, Figure]:
    bounds = _month_bounds(scope, now)
    answers = (
        CheckIn.objects.filter(pair__in=scope_pairs(scope))
        .filter(created_at__gte=bounds[0][1] if bounds else now, created_at__lte=now)
        .filter(Q(member=F("pair__mentor")) | Q(member=F("pair__mentee")))
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values("month")
        .annotate(
            count=Count("pk"),
            people=Count("member", distinct=True),
            pulse=Sum("pulse"),
        )
    )
    by_month = {}
    for row in answers:
        by_month[_month_of(row["month"])] = row
    # Each period's answers (0 to 2), counted in the month the period ended.
    answered_periods = (
        CheckIn.objects.filter(pair__in=scope_pairs(scope))
        .filter(Q(member=F("pair__mentor")) | Q(member=F("pair__mentee")))
        .order_by()
        .values_list("pair_id", "period")
        .annotate(count=Count("pk"))
    )
    answered_by_period = {(pair_id, period): count for pair_id, period, count in answered_periods}
    due: dict[dt.date, int] = defaultdict(int)
    answered: dict[dt.date, int] = defaultdict(int)
    asked: dict[dt.date, set[int]] = defaultdict(set)
    for pair in pairs:
        for period, ended in _periods_ended(pair, now):
            month = timezone.localdate(ended).replace(day=1)
            due[month] += 2
            answered[month] += min(answered_by_period.get((pair.pk, period), 0), 2)
            asked[month] |= {pair.mentor_id, pair.mentee_id}
    labels, rates, pulses = [], [], []
    for month, _start, _end in bounds:
        labels.append(_month_label(month))
        value = rate(answered[month], due[month], len(asked[month]))
        rates.append(None if value is None else round(value))
        row = by_month.get(month, {"count": 0, "people": 0, "pulse": 0})
        pulses.append(
            round(row["pulse"] / row["count"], 1) if stats.enough(row["people"]) else None
        )
    shown_rates = [r for r in rates if r is not None]
    rate_summary = (
        _("The response rate ranged from %(low)s %% to %(high)s %% over the months shown.")
        % {"low": min(shown_rates), "high": max(shown_rates)}
        if shown_rates
        else _("Too few people were asked for check-ins to show a rate.")
    )
    shown_pulses = [p for p in pulses if p is not None]
    pulse_summary = (
        _("The latest mean pulse shown is %(pulse)s out of 5.") % {"pulse": shown_pulses[-1]}
        if shown_pulses
        else _("Too few people answered to show a mean pulse.")
    )
    definition = _definition("checkins")
    return (
        Figure(
            id="checkin-rate",
            title=_("Check-in response rate"),
            summary=rate_summary,
            definition=definition,
            kind=LINE,
            labels=labels,
            series=[Series(_("Response rate"), rates)],
            unit=PERCENT,
            maximum=100,
            label_header=_("Month"),
        ),
        Figure(
            id="pulse",
            title=_("Mean pulse"),
            summary=pulse_summary,
            definition=definition,
            kind=LINE,
            labels=labels,
            series=[Series(_("Mean pulse"), pulses)],
            unit=DECIMAL,
            maximum=5,
            label_header=_("Month"),
        ),
    )


# --- Goals, training, badges -------------------------------------------------------------------


def goals(scope: Scope) -> Figure:
    start = timezone.make_aware(dt.datetime.combine(scope.start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(scope.end + dt.timedelta(days=1), dt.time.min))
    rows = (
        Goal.objects.filter(pair__in=scope_pairs(scope), created_at__gte=start, created_at__lt=end)
        .order_by()
        .values("direction")
        .annotate(
            reached=Count("pk", filter=Q(status=GoalStatus.ACHIEVED)),
            other=Count("pk", filter=~Q(status=GoalStatus.ACHIEVED)),
        )
    )
    directions = [GoalDirection.LEARNING, GoalDirection.GROWTH]
    counts: dict[tuple, int] = {}
    for row in rows:
        counts[(row["direction"], "reached")] = row["reached"]
        counts[(row["direction"], "other")] = row["other"]
    table = two_way(directions, ["reached", "other"], counts)
    labels = [str(direction.label) for direction in directions]
    learning = table[GoalDirection.LEARNING]
    if learning[0] is not None and learning[1] is not None and sum(learning):
        summary = _("%(reached)s of the %(set)s mentees' learning goals were reached.") % {
            "reached": learning[0],
            "set": learning[0] + learning[1],
        }
    else:
        summary = _("Too few goals to describe in a sentence.")
    return Figure(
        id="goals",
        title=_("Goals set and reached"),
        summary=summary,
        definition=_definition("goals"),
        kind=STACKED,
        labels=labels,
        series=[
            Series(_("Reached"), [table[d][0] for d in directions]),
            Series(_("Not reached (yet)"), [table[d][1] for d in directions]),
        ],
        label_header=_("Whose goal"),
    )


def training(scope: Scope) -> Figure | None:
    """None when the chosen programs require no training."""
    requirements = Requirement.objects.filter(program_id__in=scope.program_ids)
    done = Progress.objects.filter(
        employee_id=OuterRef("employee_id"),
        module_id=OuterRef("program__training_requirements__module_id"),
        completed_at__isnull=False,
    )
    rows = (
        Application.objects.filter(
            program_id__in=scope.program_ids,
            status=ApplicationStatus.APPROVED,
            program__training_requirements__role=F("role"),
        )
        .filter(scope.people("employee"))
        .annotate(done=Exists(done))
        .order_by()
        .values("role")
        .annotate(
            due=Count("pk"),
            completed=Count("pk", filter=Q(done=True)),
            people=Count("employee_id", distinct=True),
        )
    )
    if not requirements.exists():
        return None
    by_role = {row["role"]: row for row in rows}
    roles = [ParticipantRole.MENTOR, ParticipantRole.MENTEE]
    values = []
    for role in roles:
        row = by_role.get(role, {"due": 0, "completed": 0, "people": 0})
        value = rate(row["completed"], row["due"], row["people"])
        values.append(None if value is None else round(value))
    shown = [(role, v) for role, v in zip(roles, values, strict=True) if v is not None]
    summary = (
        "; ".join(
            _("%(role)s completed %(rate)s %% of their required modules")
            % {"role": role.label, "rate": value}
            for role, value in shown
        )
        + "."
        if shown
        else _("Too few participants with required training to show a rate.")
    )
    return Figure(
        id="training",
        title=_("Training completion"),
        summary=summary,
        definition=_definition("training"),
        kind=BAR,
        labels=[str(role.label) for role in roles],
        series=[Series(_("Required modules completed"), values)],
        unit=PERCENT,
        maximum=100,
        label_header=_("Role"),
    )


def badges(scope: Scope) -> Figure | None:
    """None when no badge was awarded for the chosen programs."""
    counts = (
        BadgeAward.objects.filter(program_id__in=scope.program_ids, revoked_at__isnull=True)
        .filter(scope.people("employee"))
        .aggregate(awards=Count("pk"), holders=Count("employee_id", distinct=True))
    )
    if not counts["awards"]:
        return None
    holders = one(counts["holders"])
    awards = counts["awards"] if holders is not None else None
    summary = (
        ngettext(
            "%(awards)s badge held by %(holders)s people.",
            "%(awards)s badges held by %(holders)s people.",
            awards,
        )
        % {"awards": awards, "holders": holders}
        if awards is not None
        else _("Too few people hold a badge to show how many.")
    )
    return Figure(
        id="badges",
        title=_("Badges"),
        summary=summary,
        definition=_definition("badges"),
        kind=BAR,
        labels=[_("Badges awarded"), _("People holding one")],
        series=[Series(_("Count"), [awards, holders])],
        label_header=_("What"),
    )


# --- Time to first meeting, alumni ---------------------------------------------------------


def first_meeting(scope: Scope, now: dt.datetime) -> Figure:
    rows = list(
        scope_pairs(scope)
        .filter(
            Q(mentor_application__decided_at__isnull=False),
            Q(mentee_application__decided_at__isnull=False),
        )
        .annotate(
            first=Min(
                "meetings__starts_at",
                filter=Q(meetings__starts_at__lte=now)
                & ~Q(meetings__status=MeetingStatus.CANCELLED)
                & ~Q(meetings__outcome__in=[MeetingOutcome.CANCELLED, MeetingOutcome.NO_SHOW]),
            )
        )
        .filter(first__isnull=False)
        .order_by()
        .values_list("first", "mentor_application__decided_at", "mentee_application__decided_at")
    )
    days = [max((first - max(a, b)).total_seconds() / 86400, 0) for first, a, b in rows]
    median = round(statistics.median(days)) if stats.enough(len(days)) else None
    summary = (
        _("Half the pairs first met within %(days)s days of their approval.") % {"days": median}
        if median is not None
        else _("Too few pairs have met to show a median.")
    )
    return Figure(
        id="first-meeting",
        title=_("Time from approval to first meeting"),
        summary=summary,
        definition=_definition("first_meeting"),
        kind=BAR,
        labels=[_("Median (days)")],
        series=[Series(_("Days"), [median])],
        label_header=_("Measure"),
        notes=[] if median is not None else [hidden_text()],
    )


def returning(scope: Scope) -> Figure:
    earlier = Pair.objects.filter(program__starts_on__lt=OuterRef("program__starts_on"))
    counts = (
        Application.objects.filter(
            program_id__in=scope.program_ids, status=ApplicationStatus.APPROVED
        )
        .filter(scope.people("employee"))
        .annotate(
            came_back=Exists(
                earlier.filter(
                    Q(mentor_id=OuterRef("employee_id")) | Q(mentee_id=OuterRef("employee_id"))
                )
            ),
            mentee_then=Exists(earlier.filter(mentee_id=OuterRef("employee_id"))),
        )
        .aggregate(
            people=Count("employee_id", distinct=True),
            again=Count("employee_id", distinct=True, filter=Q(came_back=True)),
            turned=Count(
                "employee_id",
                distinct=True,
                filter=Q(mentee_then=True, role=ParticipantRole.MENTOR),
            ),
        )
    )
    again, turned = one(counts["again"]), one(counts["turned"])
    if again is not None:
        summary = _("%(again)s of the participants had taken part in an earlier program.") % {
            "again": again
        }
    else:
        summary = _("Too few returning participants to show how many.")
    return Figure(
        id="returning",
        title=_("Alumni coming back"),
        summary=summary,
        definition=_definition("returning"),
        kind=BAR,
        labels=[_("Took part before"), _("Former mentees back as mentors")],
        series=[Series(_("People"), [again, turned])],
        label_header=_("Who"),
    )


def overview(scope: Scope, now: dt.datetime | None = None) -> list[Figure]:
    """The figures of the section, in the order of the page."""
    now = now or timezone.now()
    pairs = _pairs(scope)
    rate_figure, pulse_figure = checkins(scope, pairs, now)
    figures = [
        funnel(scope),
        health_over_time(scope, pairs, now),
        meetings_against_cadence(scope, pairs, now),
        rate_figure,
        pulse_figure,
        goals(scope),
        training(scope),
        badges(scope),
        first_meeting(scope, now),
        returning(scope),
    ]
    return [figure for figure in figures if figure is not None]
