"""The dashboards' sections for one reader and one set of filters: what the page and the API
show, assembled once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from bascule.insights import overview, reaction, stats
from bascule.insights.figures import Definition, Figure
from bascule.insights.filters import Scope


@dataclass
class Section:
    id: str
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Dashboard:
    participants: int | None  # None: fewer than MIN_CELL people match the filters
    overview: list[Figure]
    reaction: list[Figure]

    @property
    def too_few(self) -> bool:
        return self.participants is None


def definitions() -> list[Definition]:
    return [*overview.definitions(), *reaction.definitions()]


def participants(scope: Scope) -> int | None:
    """How many people the filters cover, or None under MIN_CELL (0 included: nothing to
    show either)."""
    count = overview.participants(scope)
    return count if stats.enough(count) else None


def dashboard(scope: Scope, *, sections: tuple[str, ...] = ("overview", "reaction"),
              now: dt.datetime | None = None) -> Dashboard:  # fmt: skip
    """The figures of `sections` for `scope`; none at all when fewer than MIN_CELL people
    match the filters (a narrowed group too small to describe)."""
    count = participants(scope)
    if count is None:
        return Dashboard(participants=None, overview=[], reaction=[])
    now = now or timezone.now()
    return Dashboard(
        participants=count,
        overview=overview.overview(scope, now) if "overview" in sections else [],
        reaction=reaction.reaction(scope) if "reaction" in sections else [],
    )
