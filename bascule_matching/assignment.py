"""Layer 2: the assignment that matches as many mentees as possible, then maximises the score.

Solved exactly on its input with OR-Tools on the network source → mentee (capacity 1) →
mentor (capacity 1) → sink (the mentor's capacity): SimpleMinCostFlow's maximum flow of
minimum cost (`solve_max_flow_with_min_cost`: the largest number of matches ν, then ν units
at cost −score) gives the best total score among the matchings of size ν.

Resolution: scores are compared at 1e-6. Each score is rounded to the nearest multiple of
1/SCALE = 1e-6 before solving, so "optimal" means optimal to 1e-6 per pair: the total
score returned (computed from the unrounded scores) is at most ν × 1e-6 below the best
total among the matchings of size ν, and two pairs whose scores differ by less than about
1e-6 may be taken as a tie. Keeping the integer costs that small keeps the cost-scaling
solver fast (a single min-cost flow with a bonus per match larger than any difference of
total score had costs around 10¹⁰ and was much slower), so the resolution is part of the
guarantee rather than refined further.

`locked` and `forbidden` pairs are (row, column) indices inside the matrix; a pair outside
it (negative or too large) is a `MatchingError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from ortools.graph.python import min_cost_flow

from .model import MatchingError

SCALE = 1_000_000


@dataclass(frozen=True)
class Assignment:
    """Result of `assign`: matched (row, column) pairs, sorted by row, and their scores."""

    rows: np.ndarray
    cols: np.ndarray
    scores: np.ndarray
    n_rows: int
    n_cols: int

    @property
    def matched(self) -> int:
        """Number of matched rows (mentees)."""
        return len(self.rows)

    @property
    def total_score(self) -> float:
        """Sum of the scores of the matched pairs."""
        return float(self.scores.sum())

    def pairs(self) -> list[tuple[int, int]]:
        """The matched (row, column) pairs as plain tuples."""
        return list(zip(self.rows.tolist(), self.cols.tolist(), strict=True))


def scaled(scores: np.ndarray) -> np.ndarray:
    """Scores as the integers the solver works on."""
    return np.rint(np.asarray(scores, dtype=float) * SCALE).astype(np.int64)


def _index_pairs(
    pairs: Iterable[tuple[int, int]], kind: str, n_rows: int, n_cols: int
) -> list[tuple[int, int]]:
    """`pairs` as (row, column) integers, each checked to be inside the matrix: a pair
    outside it is an error (encoded as row × n_cols + column it would stand for another
    pair)."""
    checked = []
    for pair in pairs:
        r, c = (int(v) for v in pair)
        if not (0 <= r < n_rows and 0 <= c < n_cols):
            raise MatchingError(
                f"{kind} pair {(r, c)} is outside the {n_rows} × {n_cols} score matrix "
                "(rows and columns are counted from 0)"
            )
        checked.append((r, c))
    return checked


def assign(
    scores: sp.spmatrix | sp.sparray,
    capacities: Iterable[int],
    locked: Iterable[tuple[int, int]] = (),
    forbidden: Iterable[tuple[int, int]] = (),
) -> Assignment:
    """Match rows (mentees) to columns (mentors): first as many rows as possible, then the
    largest total score, exactly on the given matrix.

    `scores` is sparse, rows = mentees, columns = mentors; a stored entry (even an explicit 0)
    is an allowed pair, a missing one is forbidden. `capacities[j]` is how many rows column j
    takes. `locked` pairs are kept whatever their score and use capacity; `forbidden` pairs
    are never used; both are (row, column) indices inside the matrix. Scores are compared
    at a resolution of 1e-6 (`SCALE`): the result is optimal to 1e-6 per pair. Raises
    `MatchingError` when a locked or forbidden pair is outside the matrix or when the locks
    cannot be honoured.
    """
    matrix = sp.csr_matrix(scores)
    matrix.sum_duplicates()
    n_rows, n_cols = matrix.shape
    capacity = np.asarray(list(capacities), dtype=np.int64)
    if capacity.shape != (n_cols,):
        raise MatchingError("one capacity per column is needed")
    if np.any(capacity < 0):
        raise MatchingError("capacities must not be negative")
    coo = matrix.tocoo()
    rows, cols, values = coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data
    if np.any(~np.isfinite(values)):
        raise MatchingError("scores must be finite")
    if np.any(values < 0):
        raise MatchingError("scores must not be negative")

    codes = rows * n_cols + cols
    allowed = np.ones(len(rows), dtype=bool)
    forbidden = _index_pairs(forbidden, "forbidden", n_rows, n_cols)
    if forbidden:
        forbidden_codes = np.array([r * n_cols + c for r, c in forbidden], dtype=np.int64)
        allowed &= ~np.isin(codes, forbidden_codes)

    locked = _index_pairs(locked, "locked", n_rows, n_cols)
    lookup = (
        dict(zip(codes[allowed].tolist(), np.flatnonzero(allowed).tolist(), strict=True))
        if locked
        else {}
    )
    locked_rows, locked_cols, locked_scores = [], [], []
    for r, c in locked:
        index = lookup.get(r * n_cols + c)
        if index is None:
            raise MatchingError(f"locked pair {(r, c)} is forbidden or not in the matrix")
        locked_rows.append(r)
        locked_cols.append(c)
        locked_scores.append(values[index])
    if len(set(locked_rows)) != len(locked_rows):
        raise MatchingError("a row is locked twice")
    remaining = capacity - np.bincount(np.array(locked_cols, dtype=np.int64), minlength=n_cols)
    if np.any(remaining < 0):
        raise MatchingError("locked pairs exceed a column's capacity")

    free_row = np.ones(n_rows, dtype=bool)
    free_row[locked_rows] = False
    use = allowed & free_row[rows] & (remaining[cols] > 0)
    r_use, c_use, v_use = rows[use], cols[use], values[use]

    out_rows = np.array(locked_rows, dtype=np.int64)
    out_cols = np.array(locked_cols, dtype=np.int64)
    out_scores = np.array(locked_scores, dtype=float)
    if len(r_use):
        int_scores = scaled(v_use)
        source, sink = n_rows + n_cols, n_rows + n_cols + 1
        row_nodes = np.flatnonzero(np.bincount(r_use, minlength=n_rows))
        col_nodes = np.flatnonzero(np.bincount(c_use, minlength=n_cols))
        tails = np.concatenate([np.full(len(row_nodes), source), r_use, n_rows + col_nodes])
        heads = np.concatenate([row_nodes, n_rows + c_use, np.full(len(col_nodes), sink)])
        caps = np.concatenate(
            [np.ones(len(row_nodes), np.int64), np.ones(len(r_use), np.int64), remaining[col_nodes]]
        )
        costs = np.concatenate(
            [np.zeros(len(row_nodes), np.int64), -int_scores, np.zeros(len(col_nodes), np.int64)]
        )
        # The largest number of matches first, then the best total score among the matchings
        # of that size: OR-Tools' maximum flow of minimum cost (a max flow, then a min-cost
        # flow of exactly that value on the same graph).
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
        flow.set_node_supply(source, len(row_nodes))
        flow.set_node_supply(sink, -len(row_nodes))
        status = flow.solve_max_flow_with_min_cost()
        if status != flow.OPTIMAL:
            raise MatchingError(f"the min-cost flow solver failed (status {status})")
        flows = flow.flows(np.arange(len(row_nodes), len(row_nodes) + len(r_use)))
        chosen = flows > 0
        out_rows = np.concatenate([out_rows, r_use[chosen]])
        out_cols = np.concatenate([out_cols, c_use[chosen]])
        out_scores = np.concatenate([out_scores, v_use[chosen]])
    order = np.argsort(out_rows, kind="stable")
    return Assignment(
        rows=out_rows[order],
        cols=out_cols[order],
        scores=out_scores[order],
        n_rows=n_rows,
        n_cols=n_cols,
    )
