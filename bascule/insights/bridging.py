"""Bridging the gap: whom the pairs bring together (docs/impact.md, "Bridging the gap").

- **Across departments**: the share of pairs whose members are in different departments
  (among the pairs whose two departments are known); **across locations** the same for
  their locations.
- **Career gap**: how many pairs have each gap of seniority level (the mentee's level minus
  the mentor's: in reverse mentoring the mentor is usually the junior, so the gap is
  positive), with the small-cell rule on that distribution.
- **Generations**: the participants' self-declared generation band (optional, never an
  age) by role, only as a table of counts with the small-cell rule and complementary
  suppression over its rows, columns and totals.

The members' current department, location and level are read (not those at the pair's
start). Two queries whatever the number of pairs (the programs, then the pairs with
their members' figures).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Value
from django.utils.translation import gettext as _

from bascule.insights import stats
from bascule.insights.scope import Cell, Rate, Scope, cell, program_ids, rate
from bascule.pairing.models import Pair
from bascule.people.models import GenerationBand
from bascule.programs.models import ParticipantRole, Program

NOT_SAID = "not_said"  # no band given (the field is optional)
GENERATION_ROWS = (*GenerationBand.values, NOT_SAID)
ROLES = (ParticipantRole.MENTOR.value, ParticipantRole.MENTEE.value)


@dataclass(frozen=True)
class GenerationRow:
    band: str
    label: str
    cells: tuple[Cell, ...]  # one per role, then the row's total (key "total")


@dataclass(frozen=True)
class BridgingReport:
    min_cell: int
    pairs: int | None  # hidden under MIN_CELL
    cross_department: Rate
    cross_location: Rate
    level_gap_definition: str
    level_gap: tuple[Cell, ...]  # by gap, then "unknown" and "total"
    generation_definition: str
    generations: tuple[GenerationRow, ...]  # by band, then the totals row ("total")


def _gap_label(gap) -> str:
    if gap == "unknown":
        return _("Level unknown")
    return _("%(gap)+d levels") % {"gap": gap}


def _band_label(band: str) -> str:
    if band == NOT_SAID:
        return _("Not given")
    return str(GenerationBand(band).label)


def _role_label(role: str) -> str:
    return str(_("Mentors") if role == ParticipantRole.MENTOR else _("Mentees"))


def bridging(scope: Scope, *, allowed=None) -> BridgingReport:
    """The reach of the scope's pairs across departments, locations, levels, generations."""
    programs = program_ids(scope, allowed if allowed is not None else Program.objects.all())
    # Each member's generation band comes with the pair, and whether they match the scope's
    # people filters (a pair counts when one of them does; a person only when they do).
    matches: dict[str, Any] = {}
    for role in ROLES:
        condition = scope.people(f"{role}__")
        matches[f"{role}_counts"] = (
            ExpressionWrapper(condition, output_field=BooleanField())
            if condition
            else Value(True, output_field=BooleanField())
        )
    rows = list(
        Pair.objects.filter(scope.pairs(), program_id__in=programs)
        .annotate(**matches)
        .order_by("pk")
        .values_list(
            "mentor_id",
            "mentee_id",
            "mentor__department_id",
            "mentee__department_id",
            "mentor__location",
            "mentee__location",
            "mentor__seniority_level",
            "mentee__seniority_level",
            "mentor__generation_band",
            "mentee__generation_band",
            "mentor_counts",
            "mentee_counts",
        )
    )
    n_pairs = len(rows)
    departments = [(a, b) for _m, _e, a, b, *_rest in rows if a is not None and b is not None]
    locations = [
        (a.strip().casefold(), b.strip().casefold())
        for *_ids, _d1, _d2, a, b, _l1, _l2, _b1, _b2, _c1, _c2 in rows
        if (a or "").strip() and (b or "").strip()
    ]
    cross_department = rate(
        "cross_department",
        _("Pairs across departments"),
        _(
            "The share of pairs whose mentor and mentee are in different departments, among "
            "the pairs whose two departments are known; shown from %(min)s pairs."
        )
        % {"min": stats.MIN_CELL},
        sum(1 for a, b in departments if a != b),
        len(departments),
    )
    cross_location = rate(
        "cross_location",
        _("Pairs across locations"),
        _(
            "The share of pairs whose mentor and mentee work in different locations, among "
            "the pairs whose two locations are known; shown from %(min)s pairs."
        )
        % {"min": stats.MIN_CELL},
        sum(1 for a, b in locations if a != b),
        len(locations),
    )
    gaps: Counter = Counter()
    for *_rest, mentor_level, mentee_level, _b1, _b2, _c1, _c2 in rows:
        if mentor_level is None or mentee_level is None:
            gaps["unknown"] += 1
        else:
            gaps[mentee_level - mentor_level] += 1
    order = sorted(k for k in gaps if k != "unknown")
    if "unknown" in gaps:
        order.append("unknown")
    gap_table = stats.suppress({key: gaps[key] for key in order})
    level_gap = tuple(cell(gap_table, key, str(key), _gap_label(key)) for key in order) + (
        cell(gap_table, stats.TOTAL, "total", _("All pairs")),
    )

    # Each participant once per role, with the scope's people filters.
    people: dict[str, dict[int, str]] = {role: {} for role in ROLES}
    for mentor, mentee, *_rest, mentor_band, mentee_band, mentor_counts, mentee_counts in rows:
        if mentor_counts:
            people[ROLES[0]][mentor] = mentor_band
        if mentee_counts:
            people[ROLES[1]][mentee] = mentee_band
    table = {band: dict.fromkeys(ROLES, 0) for band in GENERATION_ROWS}
    for role in ROLES:
        for band in people[role].values():
            table[band or NOT_SAID][role] += 1
    suppressed = stats.suppress(table)
    generations = []
    for band in (*GENERATION_ROWS, stats.TOTAL):
        name = "total" if band is stats.TOTAL else band
        label = _("All participants") if band is stats.TOTAL else _band_label(band)
        cells = tuple(cell(suppressed, (band, role), role, _role_label(role)) for role in ROLES) + (
            cell(suppressed, (band, stats.TOTAL), "total", _("Both roles")),
        )
        generations.append(GenerationRow(name, label, cells))
    return BridgingReport(
        min_cell=stats.MIN_CELL,
        pairs=n_pairs if stats.enough(n_pairs) else None,
        cross_department=cross_department,
        cross_location=cross_location,
        level_gap_definition=_(
            "The number of pairs by the mentee's seniority level minus the mentor's; a count "
            "of 1 to %(max)s pairs is hidden, and another with it so that it cannot be "
            "worked out."
        )
        % {"max": stats.MIN_CELL - 1},
        level_gap=level_gap,
        generation_definition=_(
            "The participants by their self-declared generation (optional; never an age), "
            "each once per role; a count of 1 to %(max)s is hidden, and others with it so "
            "that none can be worked out from the totals."
        )
        % {"max": stats.MIN_CELL - 1},
        generations=tuple(generations),
    )
