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

import numpy as np
from django.db import connections
from django.db.models import Case, Count, Exists, F, IntegerField, Min, OuterRef, Q, Sum, When
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from bascule.insights import services, stats
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
from bascule.insights.models import PairHealthMonth
from bascule.insights.services import month_end
from bascule.journey.health import selectors as health
from bascule.journey.models import CheckIn, Goal, GoalDirection, GoalStatus, KickoffConfirmation
from bascule.meetings.models import Meeting, MeetingOutcome, MeetingStatus
from bascule.pairing.models import Pair
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
        (pgettext("enrollment funnel stage", "Invited"), invited),
        (pgettext("enrollment funnel stage", "Applied"), counts["applied"]),
        (pgettext("enrollment funnel stage", "Approved"), counts["approved"]),
        (pgettext("enrollment funnel stage", "Paired"), counts["paired"]),
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


def _points(scope: Scope, now: dt.datetime) -> list[tuple[dt.date, dt.datetime]]:
    """The end of each month of the period (now for the current one), at most MAX_POINTS
    (every other month, every third… for a long period)."""
    months = scope.months()
    every = -(-len(months) // MAX_POINTS)
    chosen = months[::-1][::every][::-1]
    points = []
    for month in chosen:
        end = month_end(month)
        if month <= timezone.localdate(now) < add_months(month, 1) or end > now:
            end = now
        points.append((month, end))
    return [(month, end) for month, end in points if end <= now]


HEALTH_STATES = (health.ON_TRACK, health.ATTENTION, health.AT_RISK, health.PAUSED)


def _stored_states(scope: Scope, months: list[dt.date]) -> dict[tuple[dt.date, str], int]:
    """How many of the scope's pairs were in each state at the end of each of `months`, as
    stored (models.PairHealthMonth): one query."""
    rows = (
        PairHealthMonth.objects.filter(of_scope_pairs(scope), month__in=months)
        .order_by()
        .values_list("month", "state")
        .annotate(count=Count("pk"))
    )
    return {(month, state): count for month, state, count in rows}


def health_counts(
    scope: Scope, pairs: list[PairRow], now: dt.datetime, spans: services.Spans | None = None
) -> tuple[list[dt.date], dict[tuple[dt.date, str], int]]:
    """The months of the health over time, and how many running pairs were in each state at
    each month's end (now for the current month). A finished month is read from what is
    stored; the pairs that ran then and have no state stored yet get theirs computed and
    stored first (once: the page after reads them). The current month is computed live."""
    points = _points(scope, now)
    finished = [month for month, end in points if end == month_end(month)]
    spans = spans or services.Spans.of(pairs)
    running = {
        month: [pairs[i] for i in np.flatnonzero(spans.running(end)).tolist()]
        for month, end in points
    }
    counts = _stored_states(scope, finished)
    lacking = [
        month
        for month in finished
        if sum(counts.get((month, state), 0) for state in health.STATE_LABELS) < len(running[month])
    ]
    if lacking:
        services.record_health_months(pairs=pairs, months=lacking, now=now)
        counts = _stored_states(scope, finished)
    for month, end in points:
        if month not in finished:
            for state in services.states_at(running[month], end).values():
                counts[(month, state)] = counts.get((month, state), 0) + 1
    return [month for month, _end in points], counts


def health_over_time(
    scope: Scope, pairs: list[PairRow], now: dt.datetime, spans: services.Spans | None = None
) -> Figure:
    months, by_month = health_counts(scope, pairs, now, spans)
    labels = [_month_label(month) for month in months]
    counts: dict[tuple, int] = defaultdict(int)
    for (month, state), count in by_month.items():
        counts[(_month_label(month), state)] += count
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


def _month_bounds(scope: Scope, now: dt.datetime) -> list[tuple[dt.date, dt.datetime, dt.datetime]]:
    bounds = []
    for month in scope.months():
        start = timezone.make_aware(dt.datetime.combine(month, dt.time.min))
        if start > now:
            break
        end = timezone.make_aware(dt.datetime.combine(add_months(month, 1), dt.time.min))
        bounds.append((month, start, min(end, now)))
    return bounds


def meetings_against_cadence(
    scope: Scope, pairs: list[PairRow], now: dt.datetime, spans: services.Spans | None = None
) -> Figure:
    bounds = _month_bounds(scope, now)
    # The interval each pair agreed at its kickoff (the first confirmation's), in weeks.
    agreed: dict[int, float] = {}
    for pair_id, frequency in (
        KickoffConfirmation.objects.filter(of_scope_pairs(scope))
        .order_by("pair_id", "confirmed_at")
        .values_list("pair_id", "meeting_frequency")
    ):
        agreed.setdefault(pair_id, FREQUENCY_WEEKS.get(frequency, 2))
    held_rows = (
        Meeting.objects.filter(of_scope_pairs(scope), starts_at__lte=now)
        .filter(starts_at__gte=bounds[0][1] if bounds else now)
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(outcome__in=[MeetingOutcome.CANCELLED, MeetingOutcome.NO_SHOW])
        .annotate(month=TruncMonth("starts_at"))
        .order_by()
        .values("month")
        .annotate(count=Count("pk"))
    )
    held = {_month_of(row["month"]): row["count"] for row in held_rows}
    # Each pair's days in each month (0 when it did not run then), all pairs at once.
    spans = spans or services.Spans.of(pairs)
    published, stops = spans.published, spans.stops
    weeks = np.array(
        [agreed.get(p.pk, p.program.meeting_every_weeks or 2) for p in pairs], dtype=float
    )
    labels, held_values, expected_values = [], [], []
    for month, start, end in bounds:
        labels.append(_month_label(month))
        begin = np.maximum(published, services.micro(start))
        stop = np.minimum(stops, services.micro(end))
        days = np.maximum(stop - begin, 0) / 86_400_000_000
        running = days > 0
        if not running.any() and not held.get(month):
            # No pair ran and nothing was held: a true 0, which names nobody (not "hidden").
            held_values.append(0)
            expected_values.append(0)
            continue
        if not stats.enough(int(running.sum())):
            held_values.append(None)
            expected_values.append(None)
            continue
        expected = float((days[running] / (7 * weeks[running])).sum())
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


def of_scope_pairs(scope: Scope) -> Q:
    """The rows of a pair in scope (a meeting, a check-in…), through a join on their pair
    rather than a subquery: the database then reads each row's pair once."""
    return Q(pair__program_id__in=scope.program_ids) & scope.pair_people("pair__")


def _integers(queryset, width: int) -> np.ndarray:
    """The rows of `queryset` (a values_list of `width` integers) as an array, read straight
    from the cursor: a hundred thousand rows without a tuple or a converter each."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, width)


def _periods_by_month(
    pairs: list[PairRow],
    answered_periods,
    bounds: list[tuple[dt.date, dt.datetime, dt.datetime]],
    now: dt.datetime,
    spans: services.Spans,
) -> tuple[dict[dt.date, int], dict[dt.date, int], dict[dt.date, int]]:
    """For each month of `bounds`: the check-in answers due (two per pair and period that
    ended in the month while the pair ran: before it ended, was paused or its program ended,
    and before now), those given (at most two per period, from `answered_periods`, rows of
    pair id, period and answers) and how many people were asked. All pairs at once (numpy):
    period k of a pair ends at its publication + k × its program's check-in interval."""
    due: dict[dt.date, int] = defaultdict(int)
    answered: dict[dt.date, int] = defaultdict(int)
    asked: dict[dt.date, int] = defaultdict(int)
    if not pairs or not bounds:
        return due, answered, asked
    published = spans.published
    length = np.array(
        [
            dt.timedelta(weeks=max(p.program.checkin_every_weeks or 1, 1)) // services.MICROSECOND
            for p in pairs
        ],
        dtype=np.int64,
    )
    paused = np.array(
        [services.micro(p.paused_at) if p.paused_at else np.iinfo(np.int64).max for p in pairs],
        dtype=np.int64,
    )
    stop = np.minimum(np.minimum(spans.stops, paused), services.micro(now))
    last = np.where(stop > published, (stop - published) // length, 0)  # periods ended
    # The months' first instants (local time), and the next month's.
    edges = np.array(
        [services.micro(start) for _month, start, _end in bounds]
        + [services.micro(month_end(bounds[-1][0]))],
        dtype=np.int64,
    )

    def ended_before(moment: int) -> np.ndarray:
        """How many periods of each pair ended before `moment`."""
        return np.clip((moment - published - 1) // length, 0, last)

    ended = [ended_before(edge) for edge in edges]
    mentors = np.array([p.mentor_id for p in pairs], dtype=np.int64)
    mentees = np.array([p.mentee_id for p in pairs], dtype=np.int64)
    for i, (month, _start, _end) in enumerate(bounds):
        periods = ended[i + 1] - ended[i]
        due[month] = 2 * int(periods.sum())
        involved = periods > 0
        asked[month] = int(np.unique(np.concatenate([mentors[involved], mentees[involved]])).size)
    rows = _integers(answered_periods, 3)
    if len(rows):
        # Each row's pair as its position in `pairs` (rows of other pairs left out).
        ids = np.array([p.pk for p in pairs], dtype=np.int64)
        order = np.argsort(ids)
        found = np.clip(np.searchsorted(ids, rows[:, 0], sorter=order), 0, len(ids) - 1)
        known = ids[order[found]] == rows[:, 0]
        rows = rows[known]
        at = order[found[known]]
        period = rows[:, 1]
        counted = (period >= 1) & (period <= last[at])
        ends = published[at] + period * length[at]
        month_index = np.searchsorted(edges, ends, side="right") - 1
        inside = counted & (month_index >= 0) & (month_index < len(bounds))
        sums = np.bincount(
            month_index[inside], weights=np.minimum(rows[inside, 2], 2), minlength=len(bounds)
        )
        for i, (month, _start, _end) in enumerate(bounds):
            answered[month] = int(sums[i])
    return due, answered, asked


def checkins(
    scope: Scope, pairs: list[PairRow], now: dt.datetime, spans: services.Spans | None = None
) -> tuple[Figure, Figure]:
    bounds = _month_bounds(scope, now)
    answers = (
        CheckIn.objects.filter(of_scope_pairs(scope))
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
        CheckIn.objects.filter(of_scope_pairs(scope))
        .filter(Q(member=F("pair__mentor")) | Q(member=F("pair__mentee")))
        .order_by()
        .values_list("pair_id", "period")
        .annotate(count=Count("pk"))
    )
    due, answered, asked = _periods_by_month(
        pairs, answered_periods, bounds, now, spans or services.Spans.of(pairs)
    )
    labels, rates, pulses = [], [], []
    for month, _start, _end in bounds:
        labels.append(_month_label(month))
        value = rate(answered[month], due[month], asked[month])
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
        Goal.objects.filter(of_scope_pairs(scope), created_at__gte=start, created_at__lt=end)
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
    spans = services.Spans.of(pairs)  # when each pair ran, read by the three below
    rate_figure, pulse_figure = checkins(scope, pairs, now, spans)
    figures = [
        funnel(scope),
        health_over_time(scope, pairs, now, spans),
        meetings_against_cadence(scope, pairs, now, spans),
        rate_figure,
        pulse_figure,
        goals(scope),
        training(scope),
        badges(scope),
        first_meeting(scope, now),
        returning(scope),
    ]
    return [figure for figure in figures if figure is not None]
