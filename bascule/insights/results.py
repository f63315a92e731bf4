"""Results (Kirkpatrick level 4): do participants stay, rise and move within the company more
than comparable colleagues? (docs/impact.md, "Results and mobility").

- Retention and promotion: `retention.compare_retention` for the scope's programs (its
  participants narrowed to the scope's people), as figures ready for a chart and its
  sentences.
- Internal mobility: the share of the matched participants, and of their matched peers,
  whose department or job title changed after the start (the HR history), up to the
  analysis date or their leaving, with Wilson intervals.

Every group under MIN_CELL people is hidden.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.insights import retention, stats
from bascule.insights.retention import (
    DAY_KEYS,
    MILESTONES,
    ROLES,
    Comparison,
    Workforce,
    compare_retention,
)
from bascule.insights.scope import Cell, Rate, Scope, cell, program_ids, rate
from bascule.people.models import Employee
from bascule.programs.models import ParticipantRole, Program


@dataclass(frozen=True)
class Curve:
    """A Kaplan–Meier curve for a chart: at each event time (months), the estimate, its 95 %
    band and the number still at risk."""

    times: tuple[float, ...]
    survival: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    at_risk: tuple[int, ...]


@dataclass(frozen=True)
class GroupFigures:
    key: str  # "mentors", "mentor_peers", "mentees", "mentee_peers"
    n: int | None
    curve: Curve | None
    milestones: tuple[Rate, ...]  # one per MILESTONES, key "6", "12", "24"
    hidden: bool


@dataclass(frozen=True)
class OutcomeFigures:
    outcome: str  # "retention" or "promotion"
    role: str
    definition: str
    participants: GroupFigures
    peers: GroupFigures
    chi2: float | None
    p_value: float | None
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Mobility:
    role: str
    definition: str
    participants: Rate
    peers: Rate
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class ResultsReport:
    min_cell: int
    analysis_date: dt.date
    matching: dict[str, tuple[Cell, ...]]
    outcomes: tuple[OutcomeFigures, ...]
    mobility: tuple[Mobility, ...]


def _milestone_definition(outcome: str) -> str:
    if outcome == "retention":
        return _(
            "The share still in the company that many months after the start, among those "
            "whose situation then is known; shown from %(min)s people."
        ) % {"min": stats.MIN_CELL}
    return _(
        "The share promoted (a rise of their seniority level) that many months after the "
        "start, among those whose situation then is known; shown from %(min)s people."
    ) % {"min": stats.MIN_CELL}


def _group(group, definition: str) -> GroupFigures:
    if not group.shown:
        return GroupFigures(group.key, None, None, (), True)
    curve = group.curve
    milestones = []
    for milestone in group.milestones:
        proportion = milestone.proportion
        label = _("%(months)s months") % {"months": milestone.months}
        if proportion is None:
            milestones.append(rate(str(milestone.months), label, definition, 0, 0))
        else:
            milestones.append(
                rate(str(milestone.months), label, definition, proportion.k, proportion.n)
            )
    # The tail where fewer than MIN_CELL people are still at risk is cut: it would count them.
    keep = [i for i, at_risk in enumerate(curve.at_risk) if stats.enough(at_risk)]
    return GroupFigures(
        key=group.key,
        n=group.n,
        curve=Curve(
            tuple(curve.times[i] for i in keep),
            tuple(curve.survival[i] for i in keep),
            tuple(curve.lower[i] for i in keep),
            tuple(curve.upper[i] for i in keep),
            tuple(curve.at_risk[i] for i in keep),
        ),
        milestones=tuple(milestones),
        hidden=False,
    )


def _outcome(comparison: Comparison) -> OutcomeFigures:
    definition = _milestone_definition(comparison.outcome)
    test = comparison.test
    return OutcomeFigures(
        outcome=comparison.outcome,
        role=comparison.role,
        definition=definition,
        participants=_group(comparison.participants, definition),
        peers=_group(comparison.peers, definition),
        chi2=test.chi2 if test else None,
        p_value=test.p_value if test else None,
        sentences=tuple(comparison.sentences()),
    )


def _matching_labels() -> dict[str, str]:
    return {
        retention.MATCHED: _("Matched"),
        retention.NO_PEER: _("No comparable colleague"),
        retention.UNKNOWN_DEPARTMENT: _("Department unknown"),
        retention.UNKNOWN_LEVEL: _("Level unknown"),
        retention.UNKNOWN_HIRE_DATE: _("Hire date unknown"),
        retention.UNKNOWN_LOCATION: _("Location unknown"),
        retention.INCONSISTENT_DATES: _("Dates that contradict each other"),
        retention.NOT_STARTED: _("Program not started yet"),
        "total": _("All participants"),
    }


def _cells(table: stats.Suppressed) -> tuple[Cell, ...]:
    labels = _matching_labels()
    keys = ["total" if key is stats.TOTAL else str(key) for key in table.counts]
    return tuple(
        cell(table, key, name, labels.get(name, name))
        for key, name in zip(table.counts, keys, strict=True)
    )


def _percent(value: float) -> str:
    return f"{round(value * 100)}\u00a0%"


def _mobility_sentences(role: str, ours: Rate, theirs: Rate) -> tuple[str, ...]:
    if ours.hidden or theirs.hidden:
        return (
            _(
                "Too few people to show this result: each group needs at least %(min)s "
                "people, so that nobody can be recognised."
            )
            % {"min": stats.MIN_CELL},
        )
    values = {
        "percent": _percent(ours.estimate),
        "low": _percent(ours.low),
        "high": _percent(ours.high),
        "peer_percent": _percent(theirs.estimate),
        "peers": theirs.n,
        "peer_low": _percent(theirs.low),
        "peer_high": _percent(theirs.high),
    }
    if role == ParticipantRole.MENTOR:
        text = _(
            "%(percent)s of mentors changed department or job title after the start (95 %% "
            "interval: %(low)s–%(high)s), against %(peer_percent)s of %(peers)s comparable "
            "colleagues (95 %% interval: %(peer_low)s–%(peer_high)s)."
        )
    else:
        text = _(
            "%(percent)s of mentees changed department or job title after the start (95 %% "
            "interval: %(low)s–%(high)s), against %(peer_percent)s of %(peers)s comparable "
            "colleagues (95 %% interval: %(peer_low)s–%(peer_high)s)."
        )
    return (
        text % values,
        _(
            "Intervals that overlap widely say the groups may not differ; a difference is an "
            "association, not proof that the program caused it."
        ),
    )


def _mobility(report) -> tuple[Mobility, ...]:
    keys = report.moves  # everyone's moves, sorted (employee, day) keys
    definition = _(
        "The share whose department or job title changed after the start (the HR "
        "history), up to today or their leaving; shown from %(min)s people."
    ) % {"min": stats.MIN_CELL}
    # Who moved after their start, up to their end: the first move after the start (by its
    # key) is on or before the end.
    tally = {(role, ours): [0, 0] for role in ROLES for ours in (True, False)}
    for role in ROLES:
        group = report.followed.get(role)
        if group is None or not len(group.pk):
            continue
        moved = np.zeros(len(group.pk), dtype=bool)
        if len(keys):
            after = np.searchsorted(keys, group.pk * DAY_KEYS + group.start, side="right")
            found = after < len(keys)
            moved[found] = keys[after[found]] <= group.pk[found] * DAY_KEYS + group.end[found]
        for ours in (True, False):
            mine = group.participant == ours
            tally[(role, ours)] = [int((moved & mine).sum()), int(mine.sum())]
    results = []
    for role in ROLES:
        counts = {ours: tally[(role, ours)] for ours in (True, False)}
        label = _("Mentors") if role == ParticipantRole.MENTOR else _("Mentees")
        ours = rate(f"{role}s", label, definition, *counts[True])
        theirs = rate(f"{role}_peers", _("Comparable colleagues"), definition, *counts[False])
        results.append(
            Mobility(role, definition, ours, theirs, _mobility_sentences(role, ours, theirs))
        )
    return tuple(results)


def results(
    scope: Scope,
    *,
    allowed=None,
    analysis_date: dt.date | None = None,
    match_location: bool = False,
    seed: int = 0,
    workforce: Workforce | None = None,
) -> ResultsReport:
    """Retention, promotion and internal mobility of the scope's participants against their
    matched peers; `workforce` as for `compare_retention`."""
    today = analysis_date or timezone.localdate()
    programs = program_ids(scope, allowed if allowed is not None else Program.objects.all())
    participants = None
    if scope.narrows_people:
        participants = Employee.objects.filter(scope.people()).values_list("pk", flat=True)
    report = compare_retention(
        Program.objects.filter(pk__in=programs).only("pk"),
        analysis_date=today,
        match_location=match_location,
        seed=seed,
        participants=participants,
        workforce=workforce,
    )
    outcomes = [_outcome(report.retention[role]) for role in ROLES]
    outcomes += [_outcome(report.promotion[role]) for role in ROLES]
    return ResultsReport(
        min_cell=stats.MIN_CELL,
        analysis_date=today,
        matching={role: _cells(report.matching[role].breakdown) for role in ROLES},
        outcomes=tuple(outcomes),
        mobility=_mobility(report),
    )


__all__ = ["MILESTONES", "ResultsReport", "results"]
