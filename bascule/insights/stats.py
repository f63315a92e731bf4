"""The statistics of insights (docs/impact.md): survival curves, the log-rank test, intervals
for a proportion and for a paired change, and the small-cell rule every published figure
follows. Pure functions on numbers (numpy and scipy, and the project's small-group threshold;
no Django: an import-linter contract keeps it so), tested against textbook values and against
an independent implementation.

Every interval is a 95 % interval. Times are in whatever unit the caller gives (the
retention comparison uses months).
"""

from __future__ import annotations

import heapq
import itertools
import math
import warnings
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

import numpy as np
from scipy import stats as sps

from bascule.core.small_groups import MIN_GROUP_SIZE, is_shown

CONFIDENCE: Final = 0.95
# The smallest group a figure may describe, the project's one small-group rule (5): a count
# of 1 to 4 people, or a rate, mean or curve computed over fewer than 5 people, is hidden.
MIN_CELL: Final = MIN_GROUP_SIZE


def enough(n: int) -> bool:
    """Whether a statistic of a group of `n` people may be shown (at least MIN_CELL)."""
    return is_shown(n)


# --- Kaplan–Meier ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SurvivalCurve:
    """A Kaplan–Meier estimate: at each distinct event time, the probability of not having
    had the event yet, its 95 % pointwise interval (Greenwood variance on the log(-log)
    scale) and the number still at risk just before that time.

    Where the log(-log) interval is undefined (a survival of 0), `lower` and `upper` equal
    the estimate."""

    n: int
    events: int
    times: tuple[float, ...]
    survival: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    at_risk: tuple[int, ...]

    def _index(self, t: float) -> int:
        # The last event time on or before t; -1 before the first one.
        return int(np.searchsorted(np.asarray(self.times, dtype=float), t, side="right")) - 1

    def survival_at(self, t: float) -> float:
        """The estimate at time `t` (a step function, right-continuous): 1 before the first
        event, then the value at the last event time on or before `t`. Past the last
        observation the last value is carried on, which the data no longer supports: read
        `at_risk` before trusting the tail."""
        index = self._index(t)
        return 1.0 if index < 0 else self.survival[index]

    def interval_at(self, t: float) -> tuple[float, float]:
        """The 95 % pointwise interval at time `t` ((1, 1) before the first event)."""
        index = self._index(t)
        return (1.0, 1.0) if index < 0 else (self.lower[index], self.upper[index])


def _check_durations(durations: Sequence[float], observed: Sequence[bool]) -> None:
    if len(durations) != len(observed):
        raise ValueError("durations and observed must have the same length")
    values = np.asarray(durations, dtype=float)
    if not (np.isfinite(values).all() and (values >= 0).all()):
        raise ValueError("durations must be finite and not negative")


def _censored(durations: Sequence[float], observed: Sequence[bool]) -> sps.CensoredData:
    times = np.asarray(durations, dtype=float)
    events = np.asarray(observed, dtype=bool)
    return sps.CensoredData(uncensored=times[events], right=times[~events])


def kaplan_meier(durations: Sequence[float], observed: Sequence[bool]) -> SurvivalCurve:
    """The Kaplan–Meier curve of right-censored data: `durations[i]` is the time followed,
    `observed[i]` whether it ended with the event (True) or was censored (False). A
    censoring at the same time as an event counts as still at risk at that time (the usual
    convention). Computed by scipy.stats.ecdf; the interval by its log-log method. Raise
    ValueError on no data."""
    _check_durations(durations, observed)
    n = len(durations)
    if n == 0:
        raise ValueError("no data")
    times = np.asarray(durations, dtype=float)
    events = np.asarray(observed, dtype=bool)
    event_times = np.unique(times[events])
    if event_times.size == 0:
        return SurvivalCurve(n=n, events=0, times=(), survival=(), lower=(), upper=(), at_risk=())
    result = sps.ecdf(_censored(durations, observed))
    with warnings.catch_warnings():
        # "The confidence interval is undefined at some observations": where survival is 0
        # (handled below) or 1 (censorings before the first event, which are not read).
        warnings.simplefilter("ignore", RuntimeWarning)
        band = result.sf.confidence_interval(confidence_level=CONFIDENCE, method="log-log")
        survival = result.sf.evaluate(event_times)
        lower = band.low.evaluate(event_times)
        upper = band.high.evaluate(event_times)
    lower = np.where(np.isnan(lower), survival, lower)
    upper = np.where(np.isnan(upper), survival, upper)
    # Those still followed at each event time: the durations not shorter than it.
    at_risk = (n - np.searchsorted(np.sort(times), event_times, side="left")).tolist()
    return SurvivalCurve(
        n=n,
        events=int(events.sum()),
        times=tuple(float(t) for t in event_times),
        survival=tuple(float(s) for s in survival),
        lower=tuple(float(s) for s in lower),
        upper=tuple(float(s) for s in upper),
        at_risk=tuple(at_risk),
    )


# --- Log-rank --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogRank:
    """The log-rank test of two survival curves. scipy reports a z statistic (signed, its
    square is the usual chi-square with 1 degree of freedom); `p_value` is two-sided."""

    z: float
    chi2: float
    p_value: float


def logrank(
    durations_a: Sequence[float],
    observed_a: Sequence[bool],
    durations_b: Sequence[float],
    observed_b: Sequence[bool],
) -> LogRank | None:
    """Compare two groups' right-censored data (scipy.stats.logrank). None when a group is
    empty or nobody had the event (the test is then undefined)."""
    _check_durations(durations_a, observed_a)
    _check_durations(durations_b, observed_b)
    if not durations_a or not durations_b or not (any(observed_a) or any(observed_b)):
        return None
    with warnings.catch_warnings():
        # A zero variance (everyone at risk had the event at once) gives nan: None below.
        warnings.simplefilter("ignore", RuntimeWarning)
        result = sps.logrank(
            _censored(durations_a, observed_a),
            _censored(durations_b, observed_b),
            alternative="two-sided",
        )
    z = float(result.statistic)
    if not math.isfinite(z):
        return None
    return LogRank(z=z, chi2=z * z, p_value=float(result.pvalue))


# --- A proportion ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Proportion:
    """k out of n, with its 95 % Wilson score interval."""

    k: int
    n: int
    low: float
    high: float

    @property
    def estimate(self) -> float:
        return self.k / self.n


# The normal quantile of the intervals (1.96 for 95 %).
_Z: Final = float(sps.norm.ppf(0.5 + CONFIDENCE / 2))


def wilson(k: int, n: int) -> Proportion:
    """The proportion k/n and its 95 % Wilson score interval, which stays inside [0, 1] and
    behaves at 0 and n, unlike the textbook normal interval. By its formula (Wilson 1927):
    the same values as scipy.stats.binomtest(k, n).proportion_ci(method="wilson") (tested),
    without the binomial test that call computes first (most of its time). Raise
    ValueError unless 0 <= k <= n and n > 0."""
    if n <= 0 or not 0 <= k <= n:
        raise ValueError("need 0 <= k <= n and n > 0")
    p, z2 = k / n, _Z * _Z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = _Z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if k == 0 else max(centre - half, 0.0)
    high = 1.0 if k == n else min(centre + half, 1.0)
    return Proportion(k=k, n=n, low=low, high=high)


# --- A paired change (before / after) --------------------------------------------------------


@dataclass(frozen=True)
class Wilcoxon:
    """The Wilcoxon signed-rank test of paired differences (two-sided)."""

    statistic: float
    p_value: float


@dataclass(frozen=True)
class PairedChange:
    """How much the same people's scores moved between two measures.

    `median_difference` is the median of after − before. `mean_low`, `mean_high` are a 95 %
    interval of the mean difference by Student's t: mean ± t(0.975, n − 1) · sd / √n, which
    assumes the differences are roughly normal or n not too small (with scores on a 1–5
    scale and a few dozen people, a fair approximation; the Wilcoxon test does not need it).
    `wilcoxon` is None when every difference is 0 (nothing to rank)."""

    n: int
    median_difference: float
    mean_difference: float
    mean_low: float
    mean_high: float
    wilcoxon: Wilcoxon | None


def wilcoxon_test(differences: Sequence[float]) -> Wilcoxon | None:
    """The Wilcoxon signed-rank test of `differences` (zero differences dropped, scipy's
    default). None, never an error, with fewer than MIN_CELL differences or when all are 0."""
    values = np.asarray(differences, dtype=float)
    if values.size < MIN_CELL or not np.any(values != 0):
        return None
    nonzero = values[values != 0]
    ranks = sps.rankdata(np.abs(nonzero))
    if values.size <= EXACT_SIGN_FLIPS and (
        values.size > nonzero.size or ranks.size > np.unique(ranks).size
    ):
        return _sign_flips(nonzero, ranks)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = sps.wilcoxon(values, alternative="two-sided")
    except ValueError:
        return None
    if not math.isfinite(float(result.pvalue)):
        return None
    return Wilcoxon(statistic=float(result.statistic), p_value=float(result.pvalue))


# With ties or zeros and at most this many differences, scipy's `wilcoxon` runs an exact
# permutation test over the 2**n sign flips, one statistic at a time (seconds each).
EXACT_SIGN_FLIPS = 13


def _sign_flips(nonzero: np.ndarray, ranks: np.ndarray) -> Wilcoxon:
    """The test scipy's `wilcoxon` runs then (method "auto", zero differences dropped), the
    same statistic and p-value, with every sign flip at once: the sum of the ranks of the
    positive differences against that sum under each of the 2**m flips of the m non-zero
    ones (the zeros' flips change nothing and scipy's proportions are the same)."""
    r_plus = float(ranks[nonzero > 0].sum())
    r_minus = float(ranks.sum()) - r_plus
    flips = (np.arange(2**ranks.size)[:, None] >> np.arange(ranks.size)) & 1
    null = flips @ ranks
    gamma = abs(np.finfo(float).eps * 100 * r_plus)
    less = np.count_nonzero(null <= r_plus + gamma) / null.size
    greater = np.count_nonzero(null >= r_plus - gamma) / null.size
    p_value = float(np.clip(2 * min(less, greater), 0.0, 1.0))
    return Wilcoxon(statistic=min(r_plus, r_minus), p_value=p_value)


def paired_change(before: Sequence[float], after: Sequence[float]) -> PairedChange | None:
    """The change from `before[i]` to `after[i]` of the same people. None, never an error,
    when fewer than MIN_CELL people answered both. Raise ValueError on lists of unequal
    length (a caller's mistake, not the data's)."""
    if len(before) != len(after):
        raise ValueError("before and after must have the same length")
    differences = np.asarray(after, dtype=float) - np.asarray(before, dtype=float)
    n = int(differences.size)
    if n < MIN_CELL:
        return None
    mean = float(differences.mean())
    spread = float(differences.std(ddof=1))
    half = float(sps.t.ppf(0.5 + CONFIDENCE / 2, n - 1)) * spread / math.sqrt(n)
    return PairedChange(
        n=n,
        median_difference=float(np.median(differences)),
        mean_difference=mean,
        mean_low=mean - half,
        mean_high=mean + half,
        wilcoxon=wilcoxon_test(differences),
    )


# --- Small cells ----------------------------------------------------------------------------


class _Total:
    """The key of a total in a suppressed table (a row's, a column's, the grand total)."""

    _instance: _Total | None = None

    def __new__(cls) -> _Total:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "TOTAL"

    def __reduce__(self) -> str:
        return "TOTAL"


TOTAL: Final = _Total()


class Reason(StrEnum):
    SMALL = "small"  # 1 to 4 people
    COMPLEMENTARY = "complementary"  # hidden so that a small cell cannot be recovered


@dataclass(frozen=True)
class Suppressed:
    """A table after the small-cell rule. Keys: a 1-D breakdown's categories and TOTAL; a
    2-D table's (row, column), (row, TOTAL), (TOTAL, column) and (TOTAL, TOTAL). `hidden`
    says which cells are hidden and why; `value(key)` is the count to show, or None."""

    counts: Mapping[Hashable, int]
    hidden: Mapping[Hashable, Reason] = field(default_factory=dict)

    def value(self, key: Hashable) -> int | None:
        return None if key in self.hidden else self.counts[key]

    def is_hidden(self, key: Hashable) -> bool:
        return key in self.hidden


def _is_two_way(table: Mapping) -> bool:
    return any(isinstance(v, Mapping) for v in table.values())


def _lines(table: Mapping) -> tuple[dict[Hashable, int], list[tuple[list[Hashable], Hashable]]]:
    """The cells of a table with its totals, and its lines: (inner cells, the line's total)."""
    if not _is_two_way(table):
        counts = {key: int(v) for key, v in table.items()}
        counts[TOTAL] = sum(counts.values())
        return counts, [(list(table), TOTAL)]
    rows = list(table)
    columns: list[Hashable] = []
    for row in rows:
        for column in table[row]:
            if column not in columns:
                columns.append(column)
    counts = {}
    for row in rows:
        for column in columns:
            counts[(row, column)] = int(table[row].get(column, 0))
        counts[(row, TOTAL)] = sum(counts[(row, c)] for c in columns)
    for column in columns:
        counts[(TOTAL, column)] = sum(counts[(r, column)] for r in rows)
    counts[(TOTAL, TOTAL)] = sum(counts[(r, TOTAL)] for r in rows)
    lines = [([(row, c) for c in columns], (row, TOTAL)) for row in rows]
    lines += [([(r, column) for r in rows], (TOTAL, column)) for column in columns]
    lines.append(([(TOTAL, c) for c in columns], (TOTAL, TOTAL)))
    lines.append(([(r, TOTAL) for r in rows], (TOTAL, TOTAL)))
    return counts, lines


def suppress(table: Mapping, *, hide_total: bool = False) -> Suppressed:
    """Apply the small-cell rule to a table of head counts, the same for every figure.

    `table` is a 1-D breakdown {category: count} (its total is added) or a 2-D table
    {row: {column: count}} (row, column and grand totals are added). The rule:

    1. A count of 1 to 4 is hidden (SMALL), totals included. A 0 is shown: it names
       nobody, and hiding it would force hiding more real counts for no protection.
    2. Complementary suppression (COMPLEMENTARY), repeated until nothing changes:
       a. Every line (the 1-D list, each row, each column, the row of column totals and the
          column of row totals) is one sum: its cells add up to its total. A line with
          exactly one hidden figure among its cells and its total would give it away by
          subtraction, so the smallest shown non-zero cell of that line is hidden too (the
          first in the table's order on a tie); with none left, the line's total.
       b. In a 2-D table, lines cross, and a hidden cell can still be deduced by adding and
          subtracting several lines (when it is a "bridge" between two groups of hidden
          cells). Each such cell gets a second route: the cheapest chain of shown cells
          (the smallest counts, a 0 only if nothing else) that closes a cycle through it is
          hidden too.
       A hidden cell can then never be computed exactly from what is shown (see
       docs/impact.md); bounds remain (a count is never negative), as with any such rule.

    `hide_total`: the grand total is hidden from the start, for a table narrowed to a group
    whose count is hidden elsewhere (otherwise the narrowed total would give it away).
    """
    counts, lines = _lines(table)
    two_way = _is_two_way(table)
    hidden: dict[Hashable, Reason] = {
        key: Reason.SMALL for key, count in counts.items() if 0 < count < MIN_CELL
    }
    grand = (TOTAL, TOTAL) if two_way else TOTAL
    if hide_total and grand not in hidden:
        hidden[grand] = Reason.COMPLEMENTARY
    while True:
        _protect_lines(counts, lines, hidden)
        bridge = _first_bridge(counts, hidden) if two_way else None
        if bridge is None:
            return Suppressed(counts=counts, hidden=hidden)
        for key in _second_route(counts, hidden, bridge):
            hidden[key] = Reason.COMPLEMENTARY


def _protect_lines(
    counts: Mapping[Hashable, int],
    lines: list[tuple[list[Hashable], Hashable]],
    hidden: dict[Hashable, Reason],
) -> None:
    changed = True
    while changed:
        changed = False
        for cells, total in lines:
            if sum(1 for key in [*cells, total] if key in hidden) != 1:
                continue
            candidates = [key for key in cells if key not in hidden and counts[key] > 0]
            if candidates:
                chosen = min(candidates, key=lambda key: counts[key])  # first on a tie
            elif total not in hidden:
                chosen = total
            else:
                continue  # a hidden total over cells that are all 0: nothing to protect
            hidden[chosen] = Reason.COMPLEMENTARY
            changed = True


def _ends(key: tuple[Hashable, Hashable]) -> tuple[tuple[str, Hashable], tuple[str, Hashable]]:
    """A 2-D table's cell as an edge between its row's sum and its column's sum."""
    return ("row", key[0]), ("column", key[1])


def _connected(edges: Iterable[Hashable], start, goal) -> bool:
    neighbours: dict = {}
    for key in edges:
        a, b = _ends(key)
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    seen, todo = {start}, [start]
    while todo:
        vertex = todo.pop()
        if vertex == goal:
            return True
        for other in neighbours.get(vertex, ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return False


def _first_bridge(counts: Mapping[Hashable, int], hidden: Mapping[Hashable, Reason]):
    """The first hidden cell (in the table's order) on no cycle of hidden cells: the one
    value the lines' sums determine exactly. None when there is none."""
    keys = [key for key in counts if key in hidden]
    for key in keys:
        if not _connected([k for k in keys if k != key], *_ends(key)):
            return key
    return None


def _second_route(
    counts: Mapping[Hashable, int], hidden: Mapping[Hashable, Reason], bridge: Hashable
) -> list[Hashable]:
    """The shown cells of the cheapest path joining the bridge's row and column without it:
    hidden cells cost nothing, shown ones their count, a 0 more than any count."""
    zero_cost = 1 + sum(counts.values())
    start, goal = _ends(bridge)
    neighbours: dict = {}
    for key in counts:
        if key == bridge:
            continue
        a, b = _ends(key)
        neighbours.setdefault(a, []).append((b, key))
        neighbours.setdefault(b, []).append((a, key))
    order = itertools.count()
    best = {start: 0}
    came: dict = {}
    queue = [(0, next(order), start)]
    while queue:
        cost, _tie, vertex = heapq.heappop(queue)
        if vertex == goal:
            break
        if cost > best[vertex]:
            continue
        for other, key in neighbours.get(vertex, ()):
            step = 0 if key in hidden else (counts[key] or zero_cost)
            if cost + step < best.get(other, math.inf):
                best[other] = cost + step
                came[other] = (vertex, key)
                heapq.heappush(queue, (cost + step, next(order), other))
    route, vertex = [], goal
    while vertex != start:
        vertex, key = came[vertex]
        if key not in hidden:
            route.append(key)
    return route
