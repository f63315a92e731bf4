"""The matching engine end to end: scoring, candidates, assignment, certificate, reasons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .assignment import assign
from .certificate import Certificate, dual_bound, mentor_prices
from .explain import explain_pair, explain_unmatched_mentee, explain_unmatched_mentor
from .model import COMPONENTS, Participant, ParticipantId, Program
from .scoring import Problem

# Enlarged candidate sets keep this many times more candidates per mentee.
ENLARGE_FACTOR = 4
GAP_TOLERANCE = 1e-9


@dataclass(frozen=True)
class MatchedPair:
    """One proposed pair, its score in [0, 1], its components and its reasons."""

    mentee_id: ParticipantId
    mentor_id: ParticipantId
    score: float
    breakdown: dict[str, float]
    reasons: tuple[dict, ...]
    locked: bool = False


@dataclass(frozen=True)
class Unmatched:
    """A participant left without a pair (a mentor: without any mentee), with the reasons."""

    participant_id: ParticipantId
    side: str
    reasons: tuple[dict, ...]


@dataclass(frozen=True)
class MatchResult:
    """The engine's answer: pairs, people left aside and the certificate of quality."""

    pairs: tuple[MatchedPair, ...]
    unmatched: tuple[Unmatched, ...]
    certificate: Certificate

    @property
    def total_score(self) -> float:
        """Sum of the scores of the proposed pairs."""
        return self.certificate.total_score


class _CandidateSet:
    """Candidate pairs per free mentee, enlarged round after round."""

    def __init__(self, n_rows: int) -> None:
        self.by_row: dict[str, np.ndarray] = {}
        self.rows = np.zeros(0, dtype=np.int64)
        self.cols = np.zeros(0, dtype=np.int64)
        self.scores = np.zeros(0)
        self.outside = np.full(n_rows, -np.inf)
        self.evaluated = 0

    def replace(self, found) -> None:
        """Replace the candidates of the rows that `found` covers by its own, merged."""
        covered = np.zeros(len(self.outside), dtype=bool)
        covered[found.bound_rows] = True
        keep = ~covered[self.rows]
        old = (self.rows[~keep], self.cols[~keep], self.scores[~keep])
        rows = np.concatenate([self.rows[keep], found.rows, old[0]])
        cols = np.concatenate([self.cols[keep], found.cols, old[1]])
        scores = np.concatenate([self.scores[keep], found.scores, old[2]])
        codes = rows * (int(cols.max(initial=0)) + 1) + cols
        _, first = np.unique(codes, return_index=True)
        self.rows, self.cols, self.scores = rows[first], cols[first], scores[first]
        self.outside[found.bound_rows] = found.upper
        self.evaluated += found.evaluated_pairs


def match(participants: Sequence[Participant], program: Program | None = None) -> MatchResult:
    """Propose mentor–mentee pairs for a program and certify how good they are.

    Hard constraints are never broken; as many mentees as possible are matched, then the
    total score is maximised. The same input and `program.seed` give the same output.
    """
    program = program or Program()
    problem = Problem(participants, program)
    n_e, n_m = len(problem.mentees.ids), len(problem.mentors.ids)
    capacity = problem.mentors.capacity
    locked = problem.locked
    locked_rows = np.array([e for e, _ in locked], dtype=np.int64)
    locked_cols = np.array([m for _, m in locked], dtype=np.int64)
    remaining = capacity - np.bincount(locked_cols, minlength=n_m)
    free = np.ones(n_e, dtype=bool)
    free[locked_rows] = False
    free_rows = np.flatnonzero(free)
    mentor_ok = remaining > 0
    locked_scores = problem.score_pairs(locked_rows, locked_cols)

    k = program.candidates_per_mentee
    pool = _CandidateSet(n_e)
    pool.replace(problem.candidates(k, free_rows, mentor_ok))
    rounds = 1
    while True:
        matrix = sp.csr_matrix((pool.scores, (pool.rows, pool.cols)), shape=(n_e, n_m))
        result = assign(matrix, remaining)
        match_of = np.full(n_e, -1, dtype=np.int64)
        match_of[result.rows] = result.cols
        prices = mentor_prices(pool.rows, pool.cols, pool.scores, match_of, n_m)
        bound, u = dual_bound(
            n_e, pool.rows, pool.cols, pool.scores, remaining, prices, pool.outside
        )
        total = result.total_score
        gap = (bound - total) / bound if bound > 0 else 0.0
        proven, reachable = _max_cardinality(pool, match_of, free, remaining, result.matched)
        if proven and result.matched:
            # Bound among the matchings of the proven maximum size: scores raised by a bonus.
            bonus = float(result.matched + 1)
            prices_b = mentor_prices(pool.rows, pool.cols, pool.scores, match_of, n_m, bonus)
            bound_b, _ = dual_bound(
                n_e, pool.rows, pool.cols, pool.scores + bonus, remaining, prices_b,
                pool.outside + bonus,
            )  # fmt: skip
            bound = min(bound, bound_b - bonus * result.matched)
            gap = (bound - total) / bound if bound > 0 else 0.0
        if rounds > program.max_rounds:
            break
        u_inside = np.zeros(n_e)
        np.maximum.at(u_inside, pool.rows, pool.scores - prices[pool.cols])
        flagged = free & (pool.outside > u_inside + GAP_TOLERANCE)
        if not proven:
            flagged |= reachable & np.isfinite(pool.outside)
        if (gap <= program.gap_target and proven) or not flagged.any():
            break
        rows = np.flatnonzero(flagged)
        found = problem.candidates(
            k * ENLARGE_FACTOR**rounds,
            rows,
            mentor_ok,
            threshold=np.where(reachable[rows], -np.inf, u_inside[rows]),
            max_leaves=10**9,
        )
        pool.replace(found)
        rounds += 1

    rows = np.concatenate([locked_rows, result.rows])
    cols = np.concatenate([locked_cols, result.cols])
    scores = np.concatenate([locked_scores, result.scores])
    components = problem.components(rows, cols)
    pairs = []
    for i, (e, m) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        pairs.append(
            MatchedPair(
                mentee_id=problem.mentees.ids[e],
                mentor_id=problem.mentors.ids[m],
                score=float(scores[i]),
                breakdown=dict(zip(COMPONENTS, components[i].tolist(), strict=True)),
                reasons=tuple(explain_pair(problem, e, m, components[i])),
                locked=i < len(locked_rows),
            )
        )
    pairs.sort(key=lambda p: problem.mentee_index[p.mentee_id])
    load = np.bincount(cols, minlength=n_m)
    matched_rows = np.zeros(n_e, dtype=bool)
    matched_rows[rows] = True
    unmatched = [
        Unmatched(
            problem.mentees.ids[e], "mentee", tuple(explain_unmatched_mentee(problem, e, load))
        )
        for e in np.flatnonzero(~matched_rows).tolist()
    ]
    unmatched += [
        Unmatched(problem.mentors.ids[m], "mentor", tuple(explain_unmatched_mentor(problem, m)))
        for m in np.flatnonzero((load == 0) & (capacity > 0)).tolist()
    ]
    locked_total = float(locked_scores.sum())
    certificate = Certificate(
        total_score=total + locked_total,
        upper_bound=bound + locked_total,
        gap_percent=100 * (bound - total) / (bound + locked_total) if bound > 0 else 0.0,
        matched=len(rows),
        max_matched_proven=proven,
        rounds=rounds,
        candidate_pairs=len(pool.rows),
        evaluated_pairs=pool.evaluated,
    )
    return MatchResult(pairs=tuple(pairs), unmatched=tuple(unmatched), certificate=certificate)


def _max_cardinality(
    pool: _CandidateSet,
    match_of: np.ndarray,
    free: np.ndarray,
    remaining: np.ndarray,
    matched: int,
) -> tuple[bool, np.ndarray]:
    """Whether no matching over all eligible pairs can match more mentees than `matched`.

    Returns the proof and the mentees reachable by alternating paths from the unmatched ones.
    From König's theorem: the mentees not reachable plus the mentors reachable cover every
    candidate pair, and cover every eligible pair too when the reachable mentees have no
    eligible pair outside the candidate set; the cover's size is then the maximum.
    """
    n_e = len(match_of)
    reachable = np.zeros(n_e, dtype=bool)
    unmatched = free & (match_of < 0)
    if not unmatched.any() or matched >= remaining.sum():
        return True, reachable
    adjacency = sp.csr_matrix(
        (np.ones(len(pool.rows)), (pool.rows, pool.cols)), shape=(n_e, len(remaining))
    )
    frontier = unmatched.copy()
    reachable |= frontier
    seen_cols = np.zeros(len(remaining), dtype=bool)
    while frontier.any():
        cols = np.unique(adjacency[np.flatnonzero(frontier)].indices)
        cols = cols[~seen_cols[cols]]
        seen_cols[cols] = True
        frontier = np.zeros(n_e, dtype=bool)
        mates = np.isin(match_of, cols)
        frontier = mates & ~reachable
        reachable |= frontier
    return bool(np.all(~np.isfinite(pool.outside[reachable]))), reachable
