"""Certificate of quality: an upper bound on the best total score over ALL eligible pairs.

Any dual solution (u ≥ 0 per mentee, v ≥ 0 per mentor) with u_e + v_m ≥ score(e, m) for every
eligible pair bounds the total score of every matching: Σ u_e + Σ capacity_m × v_m. The mentor
prices v come from the assignment (the least prices consistent with it, found by relaxing the
difference constraints of the candidate graph); each mentee's u_e is then the best it could
still gain, max(0, max over its candidates of score − v_m), raised to the upper bound of its
pairs left outside the candidate set (v ≥ 0 makes that enough for them).

When the number of matched mentees is proven maximal (ν), the same bound computed with every
score raised by a bonus B, minus B × ν, bounds the best total score among the matchings of
ν mentees — the engine's own objective — and is often much tighter; the engine keeps the
smaller of the two.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .assignment import SCALE, scaled

MAX_RELAXATIONS = 2000


@dataclass(frozen=True)
class Certificate:
    """Upper bound on the best total score, the gap to it, and the cardinality proof."""

    total_score: float
    upper_bound: float
    gap_percent: float
    matched: int
    max_matched_proven: bool
    rounds: int
    candidate_pairs: int
    evaluated_pairs: int

    def summary(self) -> str:
        """One line for people: how far the matching can be from the best possible one."""
        proof = "the most mentees possible" if self.max_matched_proven else "not proven maximal"
        return (
            f"{self.matched} matched ({proof}); total score {self.total_score:.3f}, "
            f"within {self.gap_percent:.3f} % of the best possible ({self.upper_bound:.3f})"
        )


def mentor_prices(
    rows: np.ndarray,
    cols: np.ndarray,
    scores: np.ndarray,
    match_of: np.ndarray,
    n_cols: int,
    bonus: float = 0.0,
) -> np.ndarray:
    """Least mentor prices v ≥ 0 consistent with the matching `match_of` (row → column or −1).

    For a mentee e matched to a, and another candidate b: v_b ≥ v_a + s_eb − s_ea; for an
    unmatched mentee: v_b ≥ bonus + s_eb. Integer (scaled) scores keep the relaxation exact.
    """
    s = scaled(scores)
    extra = int(scaled(np.array([bonus]))[0])
    v = np.zeros(n_cols, dtype=np.int64)
    unmatched = match_of[rows] < 0
    np.maximum.at(v, cols[unmatched], s[unmatched] + extra)
    matched_score = np.full(len(match_of), 0, dtype=np.int64)
    is_match = (match_of[rows] == cols) & ~unmatched
    matched_score[rows[is_match]] = s[is_match]
    edge = ~unmatched & ~is_match
    src = match_of[rows[edge]]
    dst = cols[edge]
    weight = s[edge] - matched_score[rows[edge]]
    # Edges sorted by source; each pass relaxes only the edges leaving the mentors whose
    # price has just risen (the same least fixpoint as relaxing every edge every time).
    order = np.argsort(src, kind="stable")
    src, dst, weight = src[order], dst[order], weight[order]
    start = np.searchsorted(src, np.arange(n_cols + 1))
    changed = np.flatnonzero(np.bincount(src, minlength=n_cols) > 0)
    for _ in range(MAX_RELAXATIONS):
        if not len(changed):
            break
        counts = start[changed + 1] - start[changed]
        edges = np.repeat(start[changed] - np.cumsum(counts) + counts, counts) + np.arange(
            counts.sum()
        )
        candidate = v.copy()
        np.maximum.at(candidate, dst[edges], v[src[edges]] + weight[edges])
        changed = np.flatnonzero(candidate != v)
        v = candidate
    return v / SCALE


def dual_bound(
    n_rows: int,
    rows: np.ndarray,
    cols: np.ndarray,
    scores: np.ndarray,
    capacity: np.ndarray,
    prices: np.ndarray,
    outside: np.ndarray,
) -> tuple[float, np.ndarray]:
    """Return (Σ u + Σ capacity × v, u) for the prices `prices` and the per-row bound
    `outside` of the pairs not in the candidate set (−inf when there is none)."""
    u = np.zeros(n_rows)
    np.maximum.at(u, rows, scores - prices[cols])
    u = np.maximum(u, outside)
    u = np.maximum(u, 0.0)
    return float(u.sum() + (capacity * prices).sum()), u
