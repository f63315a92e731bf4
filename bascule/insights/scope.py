"""What a set of insight figures is about: which programs and which people (docs/impact.md).

`Scope` is a plain, frozen value built from a page's filters or the API's query parameters
and passed to every selector of the measures (learning, behaviour, results, bridging).

- `programs`: program ids (the caller has already checked the user may see them); empty
  means every program the caller passes on, see `programs_in`.
- `department_id`, `level_band` ("1-2", "3-4", "5-6", "7-8"), `location`: narrow the
  **people** counted, by their current department, seniority level and location. A figure
  about a person (a self-assessment, an answer, a stay) counts them only when they match;
  a figure about a pair (its goals, its meetings, its reach across departments) counts the
  pair when at least one of its members matches.
- `date_from`, `date_to`: the programs running at some time in that period (their start on
  or before `date_to`, their end on or after `date_from`).

Also the one shape of a published proportion, `Rate`, with its definition and its `hidden`
flag from the shared small-cell rule (bascule/insights/stats.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from bascule.insights import stats
from bascule.people.models import SENIORITY_LEVEL_MAX, SENIORITY_LEVEL_MIN
from bascule.programs.models import Program, ProgramStatus
from bascule.programs.selectors import programs_managed_by

# The career-level bands the filters offer (the same as the retention comparison's).
LEVEL_BANDS = ("1-2", "3-4", "5-6", "7-8")


def parse_level_band(value: str) -> tuple[int, int]:
    """The lowest and highest level of a band written "1-2"; ValueError otherwise."""
    try:
        low, high = (int(part) for part in value.strip().split("-"))
    except (AttributeError, TypeError, ValueError):
        raise ValueError(value) from None
    if not SENIORITY_LEVEL_MIN <= low <= high <= SENIORITY_LEVEL_MAX:
        raise ValueError(value)
    return low, high


@dataclass(frozen=True)
class Scope:
    programs: tuple[int, ...] = ()
    department_id: int | None = None
    level_band: str | None = None
    location: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "programs", tuple(sorted(set(self.programs))))
        if self.level_band:
            parse_level_band(self.level_band)
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from after date_to")

    @property
    def narrows_people(self) -> bool:
        return bool(self.department_id or self.level_band or (self.location or "").strip())

    def people(self, prefix: str = "") -> Q:
        """The condition on an Employee (reached through `prefix`, e.g. "respondent__")."""
        condition = Q()
        if self.department_id:
            condition &= Q(**{f"{prefix}department_id": self.department_id})
        if self.level_band:
            low, high = parse_level_band(self.level_band)
            condition &= Q(**{f"{prefix}seniority_level__range": (low, high)})
        location = (self.location or "").strip()
        if location:
            condition &= Q(**{f"{prefix}location__iexact": location})
        return condition

    def pairs(self, prefix: str = "") -> Q:
        """The condition on a Pair (through `prefix`): a member matches the people filters."""
        if not self.narrows_people:
            return Q()
        return self.people(f"{prefix}mentor__") | self.people(f"{prefix}mentee__")

    def programs_in(self, allowed: QuerySet[Program] | None = None) -> QuerySet[Program]:
        """The programs of the scope: its ids (within `allowed` when given), running in its
        period."""
        programs = allowed if allowed is not None else Program.objects.all()
        if self.programs:
            programs = programs.filter(pk__in=self.programs)
        if self.date_to:
            programs = programs.filter(starts_on__lte=self.date_to)
        if self.date_from:
            programs = programs.filter(ends_on__gte=self.date_from)
        return programs


def readable_programs(user) -> QuerySet[Program]:
    """The programs whose measures `user` may read: HR admins every one, program managers
    those they manage, sponsors every program past the draft (aggregates only); none for
    anyone else (the API's role gate answers them 403 first)."""
    if user.is_sponsor:
        return Program.objects.exclude(status=ProgramStatus.DRAFT)
    return programs_managed_by(user=user)


def program_ids(scope: Scope, allowed: QuerySet[Program] | None = None) -> list[int]:
    return list(scope.programs_in(allowed).order_by("pk").values_list("pk", flat=True))


@dataclass(frozen=True)
class Rate:
    """k out of n with its 95 % Wilson interval; all None and `hidden` when n is under
    MIN_CELL (n itself is then not given either). The rate is shown over MIN_CELL people or
    more even when it implies a small count (1 of 20, docs/impact.md), but `k` itself, a
    count, follows the count rule: None from 1 to MIN_CELL − 1."""

    key: str
    label: str
    definition: str
    n: int | None
    k: int | None
    estimate: float | None
    low: float | None
    high: float | None
    hidden: bool


def rate(key: str, label: str, definition: str, k: int, n: int) -> Rate:
    if not stats.enough(n):
        return Rate(key, label, definition, None, None, None, None, None, True)
    proportion = stats.wilson(k, n)
    shown_k = k if k == 0 or stats.enough(k) else None
    return Rate(
        key,
        label,
        definition,
        n,
        shown_k,
        proportion.estimate,
        proportion.low,
        proportion.high,
        False,
    )


def distinct(values: Iterable) -> int:
    return len(set(values))


@dataclass(frozen=True)
class Cell:
    """One count of a table after the small-cell rule: `count` None when `hidden`, with
    the reason ("small" or "complementary")."""

    key: str
    label: str
    count: int | None
    hidden: bool
    reason: str | None


def cell(table: stats.Suppressed, key, name: str, label: str = "") -> Cell:
    hidden = table.is_hidden(key)
    return Cell(
        key=name,
        label=label,
        count=table.value(key),
        hidden=hidden,
        reason=str(table.hidden[key]) if hidden else None,
    )
