"""Writes of the insights: the pairs' health at the end of each finished month
(models.PairHealthMonth, docs/impact.md "Health over time").

A month's states are computed once, when the month is over, from what was known at its end
(`health._facts(..., known_then=True)`), and kept: what HR would have seen then. Written by
the overview for the months it lacks and by `manage.py record_pair_health` (cron). Both may
run at once: a row is unique per pair and month and written with `ignore_conflicts`, so a
second writer adds nothing and a run finding every row written writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np
from django.db import transaction
from django.utils import timezone

from bascule.insights.filters import add_months
from bascule.insights.models import PairHealthMonth
from bascule.journey.health import selectors as health
from bascule.pairing.models import PairStatus
from bascule.pairing.selectors import PairRow, pairs_of

# The facts of at most this many pairs in one query (a program's pairs are never split
# unless it has more).
CHUNK = 5000


def month_end(month: dt.date) -> dt.datetime:
    """The moment a month is over (the first instant of the next one, local time)."""
    return timezone.make_aware(dt.datetime.combine(add_months(month, 1), dt.time.min))


def stopped_at(pair: PairRow) -> dt.datetime:
    """When `pair` stopped running: when it ended, else at its program's end (the end of
    its last day, as `health.pair_stopped_at` counts it)."""
    stop = health._program_end(pair.program)  # noqa: SLF001
    if pair.status == PairStatus.ENDED and pair.ended_at:
        stop = min(stop, pair.ended_at)
    return stop


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MICROSECOND = dt.timedelta(microseconds=1)
_NEVER = np.iinfo(np.int64).max


def micro(moment: dt.datetime) -> int:
    """`moment` in microseconds since 1970 (exact, for numpy's integers)."""
    return (moment - _EPOCH) // MICROSECOND


@dataclass(frozen=True)
class Spans:
    """When each of a list of pairs ran, in its order, in microseconds since 1970: from its
    publication (`published`) until it stopped (`stops`, `stopped_at`). The one rule of a
    running pair, for all the pairs at once: the health over time, the meetings against
    the cadence and the check-ins use it, and the months' stored states."""

    published: np.ndarray
    stops: np.ndarray

    @classmethod
    def of(cls, pairs: list[PairRow]) -> Spans:
        return cls(
            published=np.array(
                [micro(p.published_at) if p.published_at else _NEVER for p in pairs],
                dtype=np.int64,
            ),
            stops=np.array([micro(stopped_at(p)) for p in pairs], dtype=np.int64),
        )

    def running(self, moment: dt.datetime) -> np.ndarray:
        """Whether each pair ran at `moment`: published by then, not yet ended, its
        program not over."""
        at = micro(moment)
        return (self.published <= at) & (at < self.stops)


def states_at(pairs: list[PairRow], moment: dt.datetime) -> dict[int, str]:
    """The health state of each of `pairs` (running at `moment`) as it was at `moment`: running,
    paused if paused then and still paused, from the facts known then. One query per CHUNK
    pairs (a program's pairs together)."""
    by_program: dict[int, list[PairRow]] = defaultdict(list)
    for pair in pairs:
        by_program[pair.program_id].append(pair)
    chunks: list[list[PairRow]] = [[]]
    for group in by_program.values():
        if chunks[-1] and len(chunks[-1]) + len(group) > CHUNK:
            chunks.append([])
        chunks[-1].extend(group)
    states = {}
    for chunk in chunks:
        facts = health._facts(chunk, moment, measures=False, known_then=True)  # noqa: SLF001
        for item in facts.values():
            pair = item.pair
            then = replace(
                pair,
                status=PairStatus.ACTIVE,
                paused_at=pair.paused_at if pair.paused_at and pair.paused_at <= moment else None,
            )
            states[pair.pk] = health.assess(replace(item, pair=then), moment).state
    return states


def record_health_months(
    *,
    pairs: list[PairRow],
    months: list[dt.date],
    now: dt.datetime | None = None,
    recompute: bool = False,
) -> int:
    """Store the health at the end of each of `months` that is over of those of `pairs` that
    ran then and have none stored yet (all of them with `recompute`, replacing what was
    stored). Return how many rows were written."""
    now = now or timezone.now()
    spans = Spans.of(pairs)
    written = 0
    for month in months:
        end = month_end(month)
        if end > now:
            continue
        running = [pairs[i] for i in np.flatnonzero(spans.running(end)).tolist()]
        if not running:
            continue
        with transaction.atomic():
            stored = PairHealthMonth.objects.filter(month=month)
            if recompute:
                ids = {pair.pk for pair in running}
                stale = [pk for pk in stored.values_list("pair_id", flat=True) if pk in ids]
                for start in range(0, len(stale), CHUNK):
                    stored.filter(pair_id__in=stale[start : start + CHUNK]).delete()
                todo = running
            else:
                done = set(stored.values_list("pair_id", flat=True))
                todo = [pair for pair in running if pair.pk not in done]
            rows = [
                PairHealthMonth(pair_id=pk, month=month, state=state)
                for pk, state in states_at(todo, end).items()
            ]
            PairHealthMonth.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        written += len(rows)
    return written


def pairs_of_programs(programs: list) -> list[PairRow]:
    """The pairs of `programs`, ended ones included (`pairing.selectors.pairs_of`)."""
    return pairs_of(programs=programs)
