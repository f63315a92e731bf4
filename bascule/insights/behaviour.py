"""Behaviour (Kirkpatrick level 3): what the pairs did (docs/impact.md, "Behaviour").

- **Goals reached**, by whose goal it is (the mentee's learning goal, the mentor's growth
  goal): the share of the pairs' goals marked achieved.
- **Meetings kept**: the meetings held (their outcome recorded as held) against those the
  program's cadence planned while the pair was active.
- **Behaviours practised**: how often each member says their partner practised what a
  training module taught (the check-ins' question, bascule/training/behaviours), each
  member's latest answer once per module, the same aggregate as HR's training report.

A figure over fewer than MIN_CELL pairs (goals, meetings) or respondents (behaviours) is
hidden. A handful of queries whatever the number of pairs.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.insights import stats
from bascule.insights.scope import Cell, Scope, cell, program_ids
from bascule.journey.models import Goal, GoalDirection, GoalStatus
from bascule.meetings.models import Meeting, MeetingOutcome
from bascule.pairing.models import Pair
from bascule.programs.models import Program
from bascule.training.behaviours.selectors import COUNTED, BehaviourRow, behaviour_text
from bascule.training.models import BehaviourAnswer, Module, Requirement

DIRECTIONS = (GoalDirection.LEARNING.value, GoalDirection.GROWTH.value)


@dataclass(frozen=True)
class GoalsReached:
    """The goals of one direction. `pairs` is the number of pairs with such a goal; under
    MIN_CELL pairs (or goals) everything is hidden. `statuses` is the small-cell rule on
    the goals by status."""

    direction: str
    label: str
    definition: str
    pairs: int | None
    goals: int | None
    achieved: int | None
    share: float | None
    low: float | None
    high: float | None
    statuses: tuple[Cell, ...]
    hidden: bool


@dataclass(frozen=True)
class MeetingsKept:
    """Held meetings against the planned ones, over the pairs with at least one planned
    meeting so far. `share` caps each pair at its plan (extra meetings do not make up for
    another pair's missing ones); `median_pair_share` is the middle pair's own share."""

    definition: str
    pairs: int | None
    planned: int | None
    held: int | None
    share: float | None
    median_pair_share: float | None
    hidden: bool


@dataclass(frozen=True)
class Practised:
    """One training module's behaviour: the share of Yes / Partly / No over the members who
    answered about their partner (hidden under MIN_CELL respondents)."""

    module_id: int
    title: str
    behaviour: str
    respondents: int | None
    yes: float | None
    partly: float | None
    no: float | None
    hidden: bool


@dataclass(frozen=True)
class BehaviourReport:
    min_cell: int
    goals: tuple[GoalsReached, ...]
    meetings: MeetingsKept
    practised_definition: str
    practised: tuple[Practised, ...]


def _goal_label(direction: str) -> str:
    if direction == GoalDirection.LEARNING:
        return _("What the mentee learns")
    return _("What the mentor learns")


def _statuses(counts: Counter) -> tuple[Cell, ...]:
    table = stats.suppress({status: counts[status] for status in GoalStatus.values})
    keys = [*GoalStatus.values, stats.TOTAL]
    return tuple(
        cell(
            table,
            key,
            "total" if key is stats.TOTAL else key,
            str(_("All goals") if key is stats.TOTAL else GoalStatus(key).label),
        )
        for key in keys
    )


def _goals(pair_in: Q) -> tuple[GoalsReached, ...]:
    # One row of counts from the database: per direction, its pairs, its goals and its goals
    # by status.
    counts_of: dict[str, Count] = {}
    for direction in DIRECTIONS:
        mine = Q(direction=direction)
        counts_of[f"{direction}_pairs"] = Count("pair_id", distinct=True, filter=mine)
        counts_of[f"{direction}_goals"] = Count("pk", filter=mine)
        for status in GoalStatus.values:
            counts_of[f"{direction}_{status}"] = Count("pk", filter=mine & Q(status=status))
    found = Goal.objects.filter(pair_in).aggregate(**counts_of)
    definition = _(
        "The share of the pairs' goals marked achieved, among all their goals (dropped ones "
        "included), shown from %(min)s pairs."
    ) % {"min": stats.MIN_CELL}
    results = []
    for direction in DIRECTIONS:
        n_pairs, n_goals = found[f"{direction}_pairs"], found[f"{direction}_goals"]
        label = _goal_label(direction)
        if not (stats.enough(n_pairs) and stats.enough(n_goals)):
            results.append(
                GoalsReached(
                    direction, label, definition, None, None, None, None, None, None, (), True
                )
            )
            continue
        counts = Counter({status: found[f"{direction}_{status}"] for status in GoalStatus.values})
        achieved = counts[GoalStatus.ACHIEVED]
        proportion = stats.wilson(achieved, n_goals)
        statuses = _statuses(counts)
        results.append(
            GoalsReached(
                direction=direction,
                label=label,
                definition=definition,
                pairs=n_pairs,
                goals=n_goals,
                # The count as the status table shows it (None when hidden there).
                achieved=next(c.count for c in statuses if c.key == GoalStatus.ACHIEVED),
                share=proportion.estimate,
                low=proportion.low,
                high=proportion.high,
                statuses=statuses,
                hidden=False,
            )
        )
    return tuple(results)


def _meetings(pairs: list[tuple], pair_in: Q, today: dt.date) -> MeetingsKept:
    definition = _(
        "Meetings held (their outcome recorded as held) against the meetings the program's "
        "cadence planned while each pair was active, up to today; shown from %(min)s pairs."
    ) % {"min": stats.MIN_CELL}
    # The held meetings counted per pair by the database: one row a pair, not one a meeting.
    held: Counter = Counter(
        dict(
            Meeting.objects.filter(pair_in, outcome=MeetingOutcome.HELD)
            .order_by()
            .values("pair_id")
            .annotate(n=Count("pk"))
            .values_list("pair_id", "n")
        )
    )
    planned_total = held_total = 0
    shares = []
    for pk, starts_on, ends_on, every_weeks, published_at, ended_at in pairs:
        first = max(starts_on, timezone.localdate(published_at))
        last = min(today, ends_on)
        if ended_at is not None:
            last = min(last, timezone.localdate(ended_at))
        planned = math.floor(max((last - first).days, 0) / 7 / max(every_weeks, 1))
        if planned <= 0:
            continue
        kept = min(held[pk], planned)
        planned_total += planned
        held_total += kept
        shares.append(kept / planned)
    if not stats.enough(len(shares)):
        return MeetingsKept(definition, None, None, None, None, None, True)
    return MeetingsKept(
        definition=definition,
        pairs=len(shares),
        planned=planned_total,
        held=held_total,
        share=held_total / planned_total,
        median_pair_share=float(np.median(shares)),
        hidden=False,
    )


def _practised(scope: Scope, programs: list[int], language: str | None) -> tuple:
    latest: dict[tuple[int, int], str] = {}
    for module_id, member_id, answer in (
        BehaviourAnswer.objects.filter(
            scope.people("member__"), pair__program_id__in=programs, answer__in=COUNTED
        )
        .order_by("period", "updated_at", "pk")
        .values_list("module_id", "member_id", "answer")
    ):
        latest[(module_id, member_id)] = answer
    module_ids = {module_id for module_id, _member in latest} | set(
        Requirement.objects.filter(program_id__in=programs).values_list("module_id", flat=True)
    )
    rows = []
    for module in Module.objects.filter(pk__in=module_ids).select_related("published"):
        title, text = behaviour_text(module, language)
        if not text:
            continue
        answers = [a for (m, _member), a in latest.items() if m == module.pk]
        row = BehaviourRow(
            module=module,
            title=title,
            behaviour=text,
            respondents=len(answers),
            yes=answers.count(BehaviourAnswer.Answer.YES),
            partly=answers.count(BehaviourAnswer.Answer.PARTLY),
            no=answers.count(BehaviourAnswer.Answer.NO),
        )
        if row.shown:
            rows.append(
                Practised(
                    module.pk,
                    title,
                    text,
                    row.respondents,
                    row.yes / row.respondents,
                    row.partly / row.respondents,
                    row.no / row.respondents,
                    False,
                )
            )
        else:
            rows.append(Practised(module.pk, title, text, None, None, None, None, True))
    return tuple(sorted(rows, key=lambda r: (r.title, r.module_id)))


def behaviour(
    scope: Scope, *, allowed=None, today: dt.date | None = None, language: str | None = None
) -> BehaviourReport:
    """Goals reached, meetings kept and behaviours practised in the scope."""
    today = today or timezone.localdate()
    programs = program_ids(scope, allowed if allowed is not None else Program.objects.all())
    # The scope's pairs as a condition the goals and meetings are filtered by (a join, not a
    # list of thousands of ids in the SQL).
    pair_in = scope.pairs("pair__") & Q(pair__program_id__in=programs)
    pairs = list(
        Pair.objects.filter(scope.pairs(), program_id__in=programs)
        .order_by("pk")
        .values_list(
            "pk",
            "program__starts_on",
            "program__ends_on",
            "program__meeting_every_weeks",
            "published_at",
            "ended_at",
        )
    )
    return BehaviourReport(
        min_cell=stats.MIN_CELL,
        goals=_goals(pair_in),
        meetings=_meetings(pairs, pair_in, today),
        practised_definition=_(
            "Each member's latest answer to \"did your partner practise what this module "
            'taught?" (did not come up left out), once per module; shown from %(min)s '
            "respondents."
        )
        % {"min": stats.MIN_CELL},
        practised=_practised(scope, programs, language),
    )
