"""The matching engine end to end: scoring, candidates, assignment, certificate, reasons."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .assignment import Assignment, assign
from .cardinality import maximum_matching
from .certificate import Certificate, dual_bound, mentor_prices
from .classes import class_code, class_eligibility
from .explain import explain_pair, explain_unmatched_mentee, explain_unmatched_mentors
from .model import COMPONENTS, Participant, ParticipantId, Program
from .problem import Problem
from .topk import FLOAT32_MARGIN

# Enlarged candidate sets keep this many times more candidates per mentee.
ENLARGE_FACTOR = 2
# The first round, without prices yet, puts in play this many times `candidates_per_mentee`
# pairs per mentee by raw score: wide enough for a matching of the largest size, whose
# prices are close to the final ones; the second round then puts this many times
# `candidates_per_mentee` in play for every mentee, by reduced score under those prices.
FIRST_TAKE_FACTOR = 4
SECOND_TAKE_FACTOR = 2
# Each mentee's list holds this many times `candidates_per_mentee` mentors; a list found too
# short is scored again this many times deeper, while all lists fit in LIST_BYTES.
LIST_FACTOR = 8
# ... and at least this share of the mentors: the more mentors, the deeper the rank a mentee's
# value in the optimal matching falls to (competition for the same good mentors).
LIST_SHARE = 0.011
# ... but at most this deep: memory per mentee stays bounded whatever the number of mentors
# (495 at 100,000 participants; 990 at 200,000 without the cap).
LIST_DEPTH_MAX = 512
LIST_BYTES = 1 << 29
# Up to this many pairs in play, their scores are recomputed exactly (float64); beyond, the
# float32 scores of the lists are used, plus FLOAT32_MARGIN in the certificate.
EXACT_POOL = 1 << 20
# Lists handled at once when choosing the pairs in play (bounds the temporary arrays).
SELECT_ROWS = 4096
GAP_TOLERANCE = 1e-9
# Unmatched mentees whose eligible mentors are checked one by one for the cardinality proof.
UNMATCHED_CHECKED = 2000


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
    """Each free mentee's best mentors by score (a list of fixed depth, float32 scores, from
    one scoring pass) and the pairs in play: the first `take` of the list by reduced score
    (score − mentor price), so that the pool follows the prices of the last assignment."""

    def __init__(self, problem: Problem, rows: np.ndarray, mentor_ok: np.ndarray, k: int):
        self.problem = problem
        self.n_m = len(problem.mentors.ids)
        self.mentor_ok = mentor_ok
        self.class_ok = class_eligibility(problem)
        mentees, mentors = problem.mentees, problem.mentors
        self.list_class = class_code(mentees.language_set[rows], mentees.level[rows])
        self.mentor_class = class_code(mentors.language_set, mentors.level)
        self.list_of = rows  # the mentee of each list row
        self.take = np.full(len(rows), k * FIRST_TAKE_FACTOR, dtype=np.int64)
        self.list_cols = np.zeros((len(rows), 0), dtype=np.int32)
        self.list_fast = np.zeros((len(rows), 0), dtype=np.float32)
        self.beyond = np.full(len(rows), -np.inf)  # bound of the pairs beyond each list
        # Exact scores of the pairs in play at the last round: (list row × width + rank, score).
        self.exact: tuple[np.ndarray, np.ndarray] = (np.zeros(0, np.int64), np.zeros(0))
        self.evaluated = 0
        usable = int(mentor_ok.sum())
        share = min(int(LIST_SHARE * usable), LIST_DEPTH_MAX)
        self.deepen(np.arange(len(rows)), max(k * LIST_FACTOR, share))

    def deepen(self, at: np.ndarray, depth: int) -> None:
        """(Re)build the lists of list rows `at` with their `depth` best mentors."""
        if not len(at):
            return
        found = self.problem.top_lists(depth, self.list_of[at], self.mentor_ok)
        self.evaluated += found.evaluated_pairs
        n, width = self.list_cols.shape
        if width == 0 and len(at) == n:
            self.list_cols, self.list_fast = found.cols, found.scores
        else:
            if depth > width:
                cols = np.full((n, depth), -1, dtype=np.int32)
                fast = np.full((n, depth), -np.inf, dtype=np.float32)
                cols[:, :width], fast[:, :width] = self.list_cols, self.list_fast
                self.list_cols, self.list_fast = cols, fast
            self.list_cols[at] = -1
            self.list_fast[at] = -np.inf
            self.list_cols[at, :depth] = found.cols
            self.list_fast[at, :depth] = found.scores
        self.exact = (np.zeros(0, np.int64), np.zeros(0))
        self.beyond[at] = found.upper

    def select(self, prices: np.ndarray, keep: np.ndarray) -> None:
        """Put in play, for each list row, its `take` best pairs by reduced score under
        `prices`, plus the pairs of `keep` (list rows × any number of mentors, −1 for none:
        the mentee's current mentor, its mentor in a maximum matching), in its list or not."""
        n, width = self.list_cols.shape
        top = int(min(self.take.max(initial=1), width))
        price32 = prices.astype(np.float32)
        play = np.zeros((n, width), dtype=bool)
        for start in range(0, n, SELECT_ROWS):
            cols = self.list_cols[start : start + SELECT_ROWS]
            reduced = np.where(cols >= 0, self.list_fast[start : start + SELECT_ROWS], -np.inf)
            reduced -= price32[np.maximum(cols, 0)]
            if top == 0:
                continue
            if top < width:
                part = np.argpartition(-reduced, top - 1, axis=1)[:, :top]
            else:
                part = np.broadcast_to(np.arange(top), reduced.shape)
            order = np.argsort(-np.take_along_axis(reduced, part, axis=1), axis=1, kind="stable")
            chosen = np.take_along_axis(part, order, axis=1)
            inside = np.arange(top)[None, :] < self.take[start : start + SELECT_ROWS, None]
            rows = np.broadcast_to(np.arange(len(cols))[:, None], chosen.shape)
            play[start + rows[inside], chosen[inside]] = True
        keep = keep[:, None] if keep.ndim == 1 else keep
        extra = []
        for column in keep.T:
            hit = (self.list_cols == column[:, None]) & (column[:, None] >= 0)
            play |= hit
            beyond = np.flatnonzero((column >= 0) & ~hit.any(axis=1))
            extra.append(beyond * self.n_m + column[beyond])
        play &= self.list_cols >= 0
        self.play = play
        r, j = np.nonzero(play)
        self.at = (r, j)
        # Kept pairs beyond their mentee's list: in play too, scored exactly.
        codes = np.unique(np.concatenate(extra)) if extra else np.zeros(0, np.int64)
        self.extra_rows = self.list_of[codes // self.n_m]
        self.extra_cols = codes % self.n_m
        self.extra_scores = self.problem.score_pairs(self.extra_rows, self.extra_cols)
        self.rows = np.concatenate([self.list_of[r], self.extra_rows])
        self.cols = np.concatenate([self.list_cols[r, j].astype(np.int64), self.extra_cols])
        # Float32 scores; an upper bound of the exact one once FLOAT32_MARGIN is added.
        self.scores = np.concatenate([self.list_fast[r, j].astype(float), self.extra_scores])

    def exact_scores(self) -> np.ndarray:
        """Exact (float64) scores of the pairs in play, each pair of a list scored once."""
        r, j = self.at
        codes = r * self.list_cols.shape[1] + j  # sorted, as np.nonzero gives them
        known_codes, known = self.exact
        pos = np.minimum(np.searchsorted(known_codes, codes), max(0, len(known_codes) - 1))
        found = known_codes[pos] == codes if len(known_codes) else np.zeros(len(codes), bool)
        scores = np.empty(len(codes))
        scores[found] = known[pos[found]]
        missing = np.flatnonzero(~found)
        scores[missing] = self.problem.score_pairs(self.rows[missing], self.cols[missing])
        self.exact = (codes, scores)
        return np.concatenate([scores, self.extra_scores])

    def outside(self, prices: np.ndarray, n_rows: int) -> np.ndarray:
        """Per mentee, an upper bound of score − price over its eligible pairs not in play
        (−inf when there is none): the list's pairs left out, and the pairs beyond it, whose
        score is at most the list's bound and whose price at least the least price of the
        mentors of the classes eligible for the mentee. Computed in float64: prices may
        carry a large bonus (the bound among matchings of the maximum size)."""
        best = np.full(len(self.list_of), -np.inf)
        for start in range(0, len(self.list_of), SELECT_ROWS):
            cols = self.list_cols[start : start + SELECT_ROWS]
            left = (cols >= 0) & ~self.play[start : start + SELECT_ROWS]
            fast = self.list_fast[start : start + SELECT_ROWS].astype(np.float64)
            reduced = np.where(left, fast - prices[np.maximum(cols, 0)], -np.inf)
            best[start : start + len(cols)] = reduced.max(axis=1, initial=-np.inf)
        # The least price a mentor beyond the list can have, per mentee class.
        least = np.full(self.class_ok.shape[1], np.inf)
        usable = np.flatnonzero(self.mentor_ok)
        np.minimum.at(least, self.mentor_class[usable], prices[usable])
        floor = np.where(self.class_ok, least[None, :], np.inf).min(axis=1)
        beyond = self.beyond - floor[self.list_class]
        out = np.full(n_rows, -np.inf)
        # The margin covers the float32 scores of the lists.
        out[self.list_of] = np.maximum(best + FLOAT32_MARGIN, beyond)
        return out


def match(participants: Sequence[Participant], program: Program | None = None) -> MatchResult:
    """Propose mentor–mentee pairs for a program and certify how good they are.

    Hard constraints are never broken; as many mentees as possible are matched, then the
    total score is maximised. The same input and `program.seed` give the same output.
    """
    with _cyclic_gc_paused():
        return _match(participants, program or Program())


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, then restore it as it was.

    The engine allocates hundreds of thousands of small containers (explanations, breakdowns)
    that form no reference cycle, and each automatic pass of the collector walks the whole
    heap, participants included: about 2 s of 15 at 100,000 participants. Reference counting
    still frees everything as usual; only the search for cycles waits until the end.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _match(participants: Sequence[Participant], program: Program) -> MatchResult:
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
    pool = _CandidateSet(problem, free_rows, mentor_ok, k)
    list_row = np.full(n_e, -1, dtype=np.int64)
    list_row[free_rows] = np.arange(len(free_rows))
    prices = np.zeros(n_m)
    current = np.full(len(free_rows), -1, dtype=np.int64)
    # Each free mentee's mentor in a matching of maximum size over all eligible pairs, once
    # the lists alone could not prove theirs maximal: kept in play from then on.
    mate = None
    max_size = None
    rounds = 1
    while True:
        pool.select(prices, current if mate is None else np.stack([current, mate], axis=1))
        if len(pool.rows) <= EXACT_POOL:
            # Small enough: the assignment and the certificate use the exact scores.
            pool.scores = pool.exact_scores()
            margin = 0.0
        else:
            margin = FLOAT32_MARGIN
        matrix = sp.csr_matrix((pool.scores, (pool.rows, pool.cols)), shape=(n_e, n_m))
        result = assign(matrix, remaining)
        match_of = np.full(n_e, -1, dtype=np.int64)
        match_of[result.rows] = result.cols
        exact = problem.score_pairs(result.rows, result.cols)
        total = float(exact.sum())
        # Pool scores are float32: adding the margin makes them upper bounds of the exact ones.
        upper_scores = pool.scores + margin
        prices = mentor_prices(pool.rows, pool.cols, pool.scores, match_of, n_m)
        outside = pool.outside(prices, n_e)
        bound, u = dual_bound(n_e, pool.rows, pool.cols, upper_scores, remaining, prices, outside)
        gap = (bound - total) / bound if bound > 0 else 0.0
        if max_size is None:
            proven = _max_cardinality(
                pool.rows, pool.cols, outside, match_of, free, remaining, result.matched
            ) or result.matched >= _max_possible(problem, free, match_of, remaining)
        else:
            proven = result.matched >= max_size
        if not proven:
            if max_size is not None:
                raise AssertionError("a maximum matching in play did not give its size")
            # Ties or short lists: complete this matching to one of maximum size over every
            # eligible pair, then assign again with its pairs in play (same round).
            best = maximum_matching(problem, free, remaining, match_of)
            max_size, mate = best.matched, best.match_of[free_rows]
            current = match_of[free_rows]
            continue
        if proven and result.matched:
            # Bound among the matchings of the proven maximum size: scores raised by a bonus.
            bonus = float(result.matched + 1)
            prices_b = mentor_prices(pool.rows, pool.cols, pool.scores, match_of, n_m, bonus)
            bound_b, _ = dual_bound(
                n_e, pool.rows, pool.cols, upper_scores + bonus, remaining, prices_b,
                pool.outside(prices_b, n_e) + bonus,
            )  # fmt: skip
            bound = min(bound, bound_b - bonus * result.matched)
            gap = (bound - total) / bound if bound > 0 else 0.0
        if rounds > program.max_rounds:
            break
        u_inside = np.zeros(n_e)
        np.maximum.at(u_inside, pool.rows, upper_scores - prices[pool.cols])
        flagged = free & (outside > u_inside + GAP_TOLERANCE)
        if (gap <= program.gap_target and proven) or not flagged.any():
            break
        at = list_row[np.flatnonzero(flagged)]
        if rounds == 1:
            # Prices now exist: every mentee's pairs in play follow them from here on.
            pool.take[:] = k * SECOND_TAKE_FACTOR
        else:
            pool.take[at] *= ENLARGE_FACTOR
        # Lists used up whose pairs beyond them may still beat the mentee's value: scored
        # deeper.
        width = pool.list_cols.shape[1]
        beyond = pool.beyond[at] > u_inside[free_rows[at]] + GAP_TOLERANCE
        short = at[(pool.take[at] > width) & beyond]
        depth = width * LIST_FACTOR
        if len(short) and len(free_rows) * depth * 8 <= LIST_BYTES:
            pool.deepen(short, depth)
        current = match_of[free_rows]
        rounds += 1

    result = Assignment(rows=result.rows, cols=result.cols, scores=exact, n_rows=n_e, n_cols=n_m)
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
    idle = np.flatnonzero((load == 0) & (capacity > 0))
    unmatched += [
        Unmatched(problem.mentors.ids[m], "mentor", tuple(reasons))
        for m, reasons in zip(idle.tolist(), explain_unmatched_mentors(problem, idle), strict=True)
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


def _max_possible(
    problem: Problem, free: np.ndarray, match_of: np.ndarray, remaining: np.ndarray
) -> int:
    """Upper bound of the number of free mentees any matching can match: the class-level max
    flow of `Problem.max_matched_upper_bound`, leaving out the unmatched mentees that have
    no eligible mentor at all (checked exactly, exceptions included)."""
    unmatched = np.flatnonzero(free & (match_of < 0))
    if len(unmatched) > UNMATCHED_CHECKED:
        unmatched = unmatched[:0]
    mentors = np.flatnonzero(remaining > 0)
    hopeless = np.zeros(len(free), dtype=bool)
    for e in unmatched.tolist():
        hopeless[e] = not problem.eligible(np.full(len(mentors), e), mentors).any()
    return problem.max_matched_upper_bound(np.flatnonzero(free & ~hopeless), remaining)


def _max_cardinality(
    pool_rows: np.ndarray,
    pool_cols: np.ndarray,
    outside: np.ndarray,
    match_of: np.ndarray,
    free: np.ndarray,
    remaining: np.ndarray,
    matched: int,
) -> bool:
    """Whether no matching over all eligible pairs can match more mentees than `matched`,
    proven cheaply from the pairs in play (False: not proven this way).

    From König's theorem: the mentees not reachable plus the mentors reachable cover every
    candidate pair, and cover every eligible pair too when the reachable mentees have no
    eligible pair outside the candidate set; the cover's size is then the maximum.
    """
    n_e = len(match_of)
    reachable = np.zeros(n_e, dtype=bool)
    unmatched = free & (match_of < 0)
    if not unmatched.any() or matched >= remaining.sum():
        return True
    adjacency = sp.csr_matrix(
        (np.ones(len(pool_rows)), (pool_rows, pool_cols)), shape=(n_e, len(remaining))
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
    return bool(np.all(~np.isfinite(outside[reachable])))
