"""Layer 1: participants' features → sparse candidate pairs with scores and upper bounds.

Mentors are sorted into small blocks of similar profiles. For each block the engine keeps
the element-wise maximum of the mentors' features, which gives, by one matrix product, an
upper bound of the score of every mentor of the block for every mentee. Each mentee then
scores exactly only the blocks whose bound can still beat its current candidates, so the
dense mentees × mentors matrix is never built; the bound of the blocks left aside is kept
as the mentee's upper bound for pairs outside the candidate set (used by the certificate).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .model import COMPONENTS, MatchingError, Participant, Program

LEAF_SIZE = 16
ROW_CHUNK = 1024
# Extra candidates scored per leaf batch so that refused pairs can be dropped afterwards.
EXCEPTION_SLACK = 8
# Below this many pairs per batch, refused pairs are dropped before the top is taken.
EXACT_EXCEPTIONS_UP_TO = 1 << 21
# Margin added to block bounds so that float rounding never makes a bound too low.
BOUND_MARGIN = 1e-6
SPARSE_COMPONENTS = ("mentor_can_help", "mentee_can_help", "shared_interests", "availability")
FORMAT_CODES = {"in_person": 0, "virtual": 1, "hybrid": 2, "": 3}
# Rows: mentee format, columns: mentor format (in_person, virtual, hybrid, no preference).
FORMAT_TABLE = np.array(
    [
        [1.0, 0.0, 0.5, 1.0],
        [0.0, 1.0, 0.5, 1.0],
        [0.5, 0.5, 1.0, 1.0],
        [1.0, 1.0, 1.0, 1.0],
    ]
)


def _sorted(values: Iterable[Hashable]) -> list[Hashable]:
    """Sort ids of any hashable type in an order that does not depend on hashing."""
    return sorted(set(values), key=lambda v: (type(v).__name__, str(v)))


def career_gap_table(program: Program) -> np.ndarray:
    """Return the career-gap component for every (mentee level, mentor level), 0 if refused."""
    table = np.zeros((9, 9))
    for mentee_level in range(1, 9):
        for mentor_level in range(1, 9):
            gap = mentee_level - mentor_level
            if gap < program.min_level_gap:
                continue
            if program.max_level_gap is None or gap <= program.max_level_gap:
                table[mentee_level, mentor_level] = 1.0
            else:
                table[mentee_level, mentor_level] = max(0.0, 1 - (gap - program.max_level_gap) / 3)
    return table


@dataclass(frozen=True)
class Side:
    """Encoded features of one side (mentees or mentors), aligned on `ids`."""

    ids: tuple
    participants: tuple[Participant, ...]
    dense: np.ndarray  # weighted features of the sparse components, concatenated
    level: np.ndarray
    format: np.ndarray
    department: np.ndarray
    language_set: np.ndarray
    capacity: np.ndarray


class Problem:
    """A program's participants encoded as arrays, with hard constraints and exact scoring.

    Build it once with `Problem(participants, program)`; `candidates()` then generates the
    candidate pairs, `score_pairs()` scores any pairs exactly, `dense_scores()` builds the full
    matrix for small instances (reference and tests).
    """

    def __init__(self, participants: Sequence[Participant], program: Program) -> None:
        self.program = program
        seen: set = set()
        for person in participants:
            if person.id in seen:
                raise MatchingError(f"participant {person.id!r} appears twice")
            seen.add(person.id)
        mentees = [p for p in participants if p.side == "mentee"]
        mentors = [p for p in participants if p.side == "mentor"]
        self.weights = program.effective_weights()
        total = sum(self.weights.values())
        self.w = {name: value / total for name, value in self.weights.items()}

        skills = _sorted(s for p in participants for s in list(p.can_share) + list(p.wants))
        self.skills = skills
        self.skill_index = {s: i for i, s in enumerate(skills)}
        self.interests = _sorted(i for p in participants for i in p.interests)
        self.slots = _sorted(s for p in participants for s in p.availability)
        departments = _sorted(p.department_id for p in participants if p.department_id is not None)
        self.department_index = {d: i for i, d in enumerate(departments)}
        language_sets = _sorted(tuple(sorted(p.languages)) for p in participants)
        self.language_sets = language_sets
        ls_index = {ls: i for i, ls in enumerate(language_sets)}
        self.language_ok = np.array(
            [[bool(set(a) & set(b)) for b in language_sets] for a in language_sets], dtype=bool
        ).reshape(len(language_sets), len(language_sets))
        self.gap_table = career_gap_table(program)

        self.mentees = self._encode(mentees, "mentee", ls_index)
        self.mentors = self._encode(mentors, "mentor", ls_index)
        self.mentee_index = {pid: i for i, pid in enumerate(self.mentees.ids)}
        self.mentor_index = {pid: i for i, pid in enumerate(self.mentors.ids)}
        self.exceptions = self._exceptions(participants)
        self._mentee_sparse: tuple[np.ndarray, np.ndarray] | None = None
        self.locked = self._locked()

    # -- encoding ---------------------------------------------------------------------------

    def _encode(self, people: list[Participant], side: str, ls_index: dict) -> Side:
        n = len(people)
        n_skills, n_int, n_slots = len(self.skills), len(self.interests), len(self.slots)
        int_index = {v: i for i, v in enumerate(self.interests)}
        slot_index = {v: i for i, v in enumerate(self.slots)}
        offsets = np.cumsum([0, n_skills, n_skills, n_int, n_slots])
        dense = np.zeros((n, int(offsets[-1])))
        w = self.w
        for row, p in enumerate(people):
            # mentor_can_help = Σ want_level × share_level / (4 Σ want_level), mentee's wants.
            # mentee_can_help is the same with the roles swapped.
            if side == "mentee":
                fwd, rev = p.wants, p.can_share
                fwd_norm = 4 * sum(fwd.values()) if fwd else 0
                for s, lvl in fwd.items():
                    dense[row, offsets[0] + self.skill_index[s]] = (
                        w["mentor_can_help"] * lvl / fwd_norm
                    )
                for s, lvl in rev.items():
                    dense[row, offsets[1] + self.skill_index[s]] = w["mentee_can_help"] * lvl
            else:
                fwd, rev = p.can_share, p.wants
                for s, lvl in fwd.items():
                    dense[row, offsets[0] + self.skill_index[s]] = lvl
                rev_norm = 4 * sum(rev.values()) if rev else 0
                for s, lvl in rev.items():
                    dense[row, offsets[1] + self.skill_index[s]] = lvl / rev_norm
            # Shared interests and availability: cosine similarity of the two sets.
            factor_i = (w["shared_interests"] if side == "mentee" else 1.0) / max(
                1, len(p.interests)
            ) ** 0.5
            for value in p.interests:
                dense[row, offsets[2] + int_index[value]] = factor_i
            factor_a = (w["availability"] if side == "mentee" else 1.0) / max(
                1, len(p.availability)
            ) ** 0.5
            for value in p.availability:
                dense[row, offsets[3] + slot_index[value]] = factor_a
        self.offsets = offsets
        return Side(
            ids=tuple(p.id for p in people),
            participants=tuple(people),
            dense=dense,
            level=np.array([p.seniority for p in people], dtype=np.int64),
            format=np.array([FORMAT_CODES[p.format] for p in people], dtype=np.int64),
            department=np.array(
                [self.department_index.get(p.department_id, -1) for p in people], dtype=np.int64
            ),
            language_set=np.array(
                [ls_index[tuple(sorted(p.languages))] for p in people], dtype=np.int64
            ),
            capacity=np.array(
                [p.capacity if side == "mentor" else 1 for p in people], dtype=np.int64
            ),
        )

    def _orient(self, pair: tuple) -> tuple[int, int] | None:
        a, b = pair
        if a in self.mentee_index and b in self.mentor_index:
            return self.mentee_index[a], self.mentor_index[b]
        if b in self.mentee_index and a in self.mentor_index:
            return self.mentee_index[b], self.mentor_index[a]
        return None

    def _exceptions(self, participants: Sequence[Participant]) -> np.ndarray:
        """Codes (mentee × n_mentors + mentor) of the pairs refused for reasons of their own."""
        program = self.program
        n_mentors = len(self.mentors.ids)
        pairs: set[tuple[int, int]] = set()
        managers = dict(program.org_tree)
        for p in participants:
            if p.manager_id is not None:
                managers[p.id] = p.manager_id
        depth = program.reporting_line_depth

        def chain(pid: Hashable) -> list:
            found, current, seen = [], pid, {pid}
            while depth is None or len(found) < depth:
                current = managers.get(current)
                if current is None or current in seen:
                    break
                seen.add(current)
                found.append(current)
            return found

        for p in participants:
            for boss in chain(p.id):
                pair = self._orient((p.id, boss))
                if pair is not None:
                    pairs.add(pair)
        if program.forbid_same_manager:
            by_manager = defaultdict(lambda: ([], []))
            for p in participants:
                if p.manager_id is not None:
                    by_manager[p.manager_id][p.side == "mentor"].append(p.id)
            for mentee_ids, mentor_ids in by_manager.values():
                for a in mentee_ids:
                    for b in mentor_ids:
                        pairs.add((self.mentee_index[a], self.mentor_index[b]))
        refused = set(program.exclusions)
        if not program.allow_previous_pairs:
            refused |= set(program.previous_pairs)
        for pair in refused:
            oriented = self._orient(pair)
            if oriented is not None:
                pairs.add(oriented)
        codes = np.array(sorted(e * n_mentors + m for e, m in pairs), dtype=np.int64)
        return codes

    def _locked(self) -> tuple[tuple[int, int], ...]:
        locked = []
        for pair in self.program.locked_pairs:
            oriented = self._orient(pair)
            if oriented is None:
                raise MatchingError(f"locked pair {pair!r} is not one mentee and one mentor")
            if not self.eligible(np.array([oriented[0]]), np.array([oriented[1]]))[0]:
                raise MatchingError(f"locked pair {pair!r} breaks a hard constraint")
            locked.append(oriented)
        if len({e for e, _ in locked}) != len(locked):
            raise MatchingError("a mentee is locked with two mentors")
        load = np.bincount([m for _, m in locked], minlength=len(self.mentors.ids))
        if np.any(load > self.mentors.capacity):
            raise MatchingError("locked pairs exceed a mentor's capacity")
        return tuple(locked)

    # -- exact scoring ----------------------------------------------------------------------

    def eligible(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Whether each (mentee, mentor) pair of indices respects every hard constraint."""
        e, m = self.mentees, self.mentors
        ok = self.language_ok[e.language_set[rows], m.language_set[cols]]
        ok &= e.level[rows] - m.level[cols] >= self.program.min_level_gap
        ok &= m.capacity[cols] > 0
        if len(self.exceptions):
            codes = rows.astype(np.int64) * len(m.ids) + cols
            pos = np.searchsorted(self.exceptions, codes)
            pos = np.minimum(pos, len(self.exceptions) - 1)
            ok &= self.exceptions[pos] != codes
        return ok

    def components(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Return the unweighted components (pairs × 7, order of COMPONENTS) of the pairs."""
        e, m, o, w = self.mentees, self.mentors, self.offsets, self.w
        out = np.zeros((len(rows), len(COMPONENTS)))
        for start in range(0, len(rows), 1 << 16):
            r, c = rows[start : start + (1 << 16)], cols[start : start + (1 << 16)]
            prod = e.dense[r] * m.dense[c]
            for k, name in enumerate(SPARSE_COMPONENTS):
                if w[name] > 0:
                    value = prod[:, o[k] : o[k + 1]].sum(axis=1) / w[name]
                    out[start : start + len(r), k] = np.clip(value, 0.0, 1.0)
            out[start : start + len(r), 4] = FORMAT_TABLE[e.format[r], m.format[c]]
            out[start : start + len(r), 5] = _department(e.department[r], m.department[c])
            out[start : start + len(r), 6] = self.gap_table[e.level[r], m.level[c]]
        return out

    def score_pairs(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Exact scores in [0, 1] of (mentee, mentor) index pairs (eligibility not checked)."""
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        if len(rows) == 0:
            return np.zeros(0)
        weights = np.array([self.w[name] for name in COMPONENTS])
        return self.components(rows, cols) @ weights

    def _score_block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Exact scores of every mentee in `rows` against every mentor in `cols` (dense)."""
        e, m, w = self.mentees, self.mentors, self.w
        scores = e.dense[rows] @ m.dense[cols].T
        scores += w["format"] * FORMAT_TABLE[e.format[rows][:, None], m.format[cols][None, :]]
        scores += w["different_department"] * _department(
            e.department[rows][:, None], m.department[cols][None, :]
        )
        scores += w["career_gap"] * self.gap_table[e.level[rows][:, None], m.level[cols][None, :]]
        return scores

    def _eligible_block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        e, m = self.mentees, self.mentors
        ok = self.language_ok[e.language_set[rows][:, None], m.language_set[cols][None, :]]
        ok &= (e.level[rows][:, None] - m.level[cols][None, :]) >= self.program.min_level_gap
        ok &= (m.capacity[cols] > 0)[None, :]
        if len(self.exceptions):
            codes = rows[:, None].astype(np.int64) * len(m.ids) + cols[None, :]
            lo, hi = np.searchsorted(self.exceptions, [codes.min(), codes.max() + 1])
            if hi > lo:
                ok &= ~np.isin(codes, self.exceptions[lo:hi])
        return ok

    def dense_scores(self) -> np.ndarray:
        """The full mentees × mentors score matrix, NaN where a pair is not eligible.

        Only for small instances: the reference solver of the benchmark and the tests.
        """
        n_e, n_m = len(self.mentees.ids), len(self.mentors.ids)
        out = np.full((n_e, n_m), np.nan)
        cols = np.arange(n_m)
        for start in range(0, n_e, 1024):
            rows = np.arange(start, min(n_e, start + 1024))
            block = self._score_block(rows, cols)
            block[~self._eligible_block(rows, cols)] = np.nan
            out[rows] = block
        return out

    # -- candidate generation ---------------------------------------------------------------

    def _tree_features(self, cols: np.ndarray) -> np.ndarray:
        """Mentor features scaled by how much they weigh in a score, to group similar mentors."""
        m, o, w = self.mentors, self.offsets, self.w
        x = m.dense[cols].copy()
        x[:, o[0] : o[1]] *= w["mentor_can_help"] / 8
        x[:, o[1] : o[2]] *= w["mentee_can_help"] * 2
        x[:, o[2] : o[3]] *= w["shared_interests"]
        x[:, o[3] : o[4]] *= w["availability"]
        extra = [
            np.eye(4)[m.format[cols]] * w["format"],
            np.eye(9)[m.level[cols]] * w["career_gap"],
            np.eye(len(self.language_sets))[m.language_set[cols]],
            np.eye(len(self.department_index) + 1)[m.department[cols] + 1]
            * w["different_department"],
        ]
        return np.hstack([x, *extra])

    def _leaves(self, mentor_ok: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Split the usable mentors into leaves of at most LEAF_SIZE similar mentors.

        Recursive halving along the main direction of variation (a few power iterations),
        seeded by the program's seed. Returns the leaves' members (padded with the index
        n_mentors, a mentor that is never eligible) and each leaf's maxima for the bounds.
        """
        m = self.mentors
        n_m = len(m.ids)
        usable = np.flatnonzero(mentor_ok)
        features = self._tree_features(usable)
        rng = np.random.default_rng(self.program.seed)
        leaves, stack = [], [np.arange(len(usable))]
        while stack:
            idx = stack.pop()
            if len(idx) <= LEAF_SIZE:
                leaves.append(usable[idx])
                continue
            centred = features[idx] - features[idx].mean(axis=0)
            direction = rng.standard_normal(centred.shape[1])
            for _ in range(6):
                direction = centred.T @ (centred @ direction)
                direction /= np.linalg.norm(direction) or 1.0
            order = np.argsort(centred @ direction, kind="stable")
            half = len(idx) // 2
            stack += [idx[order[half:]], idx[order[:half]]]
        n_l = len(leaves)
        members = np.full((n_l, LEAF_SIZE), n_m, dtype=np.int64)
        dense_max = np.zeros((n_l, m.dense.shape[1]))
        fmt = np.zeros((n_l, 4))
        lvl = np.zeros((n_l, 9))
        langs = np.zeros((n_l, len(self.language_sets)))
        min_level = np.zeros(n_l, dtype=np.int64)
        single_dept = np.full(n_l, -2, dtype=np.int64)
        for b, cols in enumerate(leaves):
            members[b, : len(cols)] = cols
            dense_max[b] = m.dense[cols].max(axis=0)
            fmt[b, m.format[cols]] = 1
            lvl[b, m.level[cols]] = 1
            langs[b, m.language_set[cols]] = 1
            min_level[b] = m.level[cols].min()
            depts = np.unique(m.department[cols])
            if len(depts) == 1:
                single_dept[b] = depts[0]
        return members, {
            "dense": dense_max,
            "format": fmt,
            "level": lvl,
            "languages": langs,
            "min_level": min_level,
            "single_dept": single_dept,
        }

    def _leaf_bounds(self, rows: np.ndarray, info: dict[str, np.ndarray]) -> np.ndarray:
        """Upper bound of the score of each mentee of `rows` against each leaf (−inf when
        none of the leaf's mentors can be eligible)."""
        e, o, w = self.mentees, self.offsets, self.w
        bound = np.zeros((len(rows), len(info["min_level"])))
        for k, name in enumerate(SPARSE_COMPONENTS):
            if w[name] > 0:
                part = e.dense[rows, o[k] : o[k + 1]] @ info["dense"][:, o[k] : o[k + 1]].T
                bound += np.minimum(part, w[name])
        fmt = FORMAT_TABLE[e.format[rows]] @ info["format"].T
        bound += w["format"] * np.minimum(fmt, 1.0)
        gap = self.gap_table[e.level[rows]] @ info["level"].T
        bound += w["career_gap"] * np.minimum(gap, 1.0)
        dept = e.department[rows][:, None]
        same = (dept == info["single_dept"][None, :]) & (dept >= 0)
        bound += w["different_department"] * np.where(same, 0.0, 1.0)
        bound += BOUND_MARGIN
        lang_ok = self.language_ok[e.language_set[rows]].astype(float) @ info["languages"].T > 0
        level_ok = (e.level[rows][:, None] - info["min_level"][None, :]) >= (
            self.program.min_level_gap
        )
        bound[~(lang_ok & level_ok)] = -np.inf
        return bound

    def _sparse_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """Each mentee's non-zero features as (indices, values), padded to the same width."""
        if self._mentee_sparse is None:
            dense = self.mentees.dense
            nnz = (dense != 0).sum(axis=1)
            width = max(1, int(nnz.max()) if len(nnz) else 1)
            order = np.argsort(dense == 0, axis=1, kind="stable")[:, :width]
            values = np.take_along_axis(dense, order, axis=1)
            self._mentee_sparse = (order, values)
        return self._mentee_sparse

    def _score_many(self, rows: np.ndarray, mids: np.ndarray) -> np.ndarray:
        """Exact scores of mentee rows[i] with mentors mids[i, j]; −inf where not eligible,
        exceptions (reporting lines, exclusions, previous pairs) aside."""
        e, m, w = self.mentees, self.mentors, self.w
        idx, val = self._sparse_rows()
        safe = np.minimum(mids, len(m.ids) - 1)
        scores = np.zeros(mids.shape)
        for j in range(idx.shape[1]):
            v = val[rows, j]
            if not v.any():
                continue
            scores += v[:, None] * m.dense[safe, idx[rows, j][:, None]]
        scores += w["format"] * FORMAT_TABLE[e.format[rows][:, None], m.format[safe]]
        scores += w["different_department"] * _department(
            e.department[rows][:, None], m.department[safe]
        )
        scores += w["career_gap"] * self.gap_table[e.level[rows][:, None], m.level[safe]]
        ok = self.language_ok[e.language_set[rows][:, None], m.language_set[safe]]
        ok &= (e.level[rows][:, None] - m.level[safe]) >= self.program.min_level_gap
        ok &= (m.capacity[safe] > 0) & (mids < len(m.ids))
        scores[~ok] = -np.inf
        return scores

    def _is_exception(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        if not len(self.exceptions):
            return np.zeros(rows.shape, dtype=bool)
        codes = rows.astype(np.int64) * len(self.mentors.ids) + cols
        pos = np.minimum(np.searchsorted(self.exceptions, codes), len(self.exceptions) - 1)
        return self.exceptions[pos] == codes

    def candidates(
        self,
        k: int,
        rows: np.ndarray | None = None,
        mentor_ok: np.ndarray | None = None,
        threshold: np.ndarray | None = None,
        max_leaves: int = 96,
        first_leaves: int = 4,
    ) -> Candidates:
        """Top-`k` eligible mentors of each mentee of `rows`, with the bound of the others.

        Each mentee scores its `first_leaves` most promising leaves, then every further leaf
        whose bound exceeds both its best score so far and `threshold` (per row; the dual
        value of the mentee when the engine enlarges a candidate set), up to `max_leaves`.
        `mentor_ok` restricts the mentors (those with capacity left).
        """
        n_e, n_m = len(self.mentees.ids), len(self.mentors.ids)
        rows = np.arange(n_e) if rows is None else np.asarray(rows, dtype=np.int64)
        if mentor_ok is None:
            mentor_ok = self.mentors.capacity > 0
        if threshold is None:
            threshold = np.full(len(rows), -np.inf)
        if not mentor_ok.any() or not len(rows):
            return Candidates.empty(rows)
        members, info = self._leaves(mentor_ok)
        n_l = len(members)
        max_leaves = min(max_leaves, n_l)
        first_leaves = min(first_leaves, max_leaves)
        keep = k + 1
        width = keep + EXCEPTION_SLACK
        out_rows, out_cols, out_scores = [], [], []
        upper = np.full(len(rows), -np.inf)
        evaluated = 0
        for start in range(0, len(rows), ROW_CHUNK):
            chunk = rows[start : start + ROW_CHUNK]
            n = len(chunk)
            bounds = self._leaf_bounds(chunk, info)
            if max_leaves < n_l:
                part = np.argpartition(-bounds, max_leaves, axis=1)[:, : max_leaves + 1]
            else:
                part = np.broadcast_to(np.arange(n_l), (n, n_l))
            part_b = np.take_along_axis(bounds, part, axis=1)
            order = np.argsort(-part_b, axis=1, kind="stable")
            leaf_order = np.take_along_axis(part, order, axis=1)
            sorted_b = np.take_along_axis(part_b, order, axis=1)
            top_s = np.full((n, keep), -np.inf)
            top_m = np.full((n, keep), n_m, dtype=np.int64)
            dropped = np.full(n, -np.inf)

            def evaluate(leaf_ids, mask, chunk=chunk, top_s=top_s, top_m=top_m, dropped=dropped):
                mids = np.where(mask[:, :, None], members[leaf_ids], n_m).reshape(len(chunk), -1)
                scores = self._score_many(chunk, mids)
                if scores.size <= EXACT_EXCEPTIONS_UP_TO:
                    refused = self._is_exception(np.broadcast_to(chunk[:, None], mids.shape), mids)
                    scores[refused] = -np.inf
                if scores.shape[1] > width:
                    sel = np.argpartition(-scores, width - 1, axis=1)[:, :width]
                    floor = np.take_along_axis(scores, sel, axis=1).min(axis=1)
                    np.maximum(dropped, floor, out=dropped)
                    scores = np.take_along_axis(scores, sel, axis=1)
                    mids = np.take_along_axis(mids, sel, axis=1)
                refused = self._is_exception(np.broadcast_to(chunk[:, None], mids.shape), mids)
                scores[refused] = -np.inf
                all_s = np.concatenate([top_s, scores], axis=1)
                all_m = np.concatenate([top_m, mids], axis=1)
                best = np.argpartition(-all_s, keep - 1, axis=1)[:, :keep]
                top_s[:] = np.take_along_axis(all_s, best, axis=1)
                top_m[:] = np.take_along_axis(all_m, best, axis=1)
                return int(mask.sum()) * LEAF_SIZE

            finite = np.isfinite(sorted_b)
            evaluated += evaluate(leaf_order[:, :first_leaves], finite[:, :first_leaves])
            given = threshold[start : start + n]
            bar = np.where(np.isfinite(given), given, top_s.max(axis=1))
            rest = finite[:, first_leaves:max_leaves] & (
                sorted_b[:, first_leaves:max_leaves] > bar[:, None]
            )
            n_more = rest.sum(axis=1)
            # Bounds are sorted: the leaves to score form a prefix of what is left.
            if n_more.max(initial=0) > 0:
                span = int(n_more.max())
                evaluated += evaluate(
                    leaf_order[:, first_leaves : first_leaves + span], rest[:, :span]
                )
            next_pos = first_leaves + n_more
            left = np.where(
                next_pos < sorted_b.shape[1],
                sorted_b[np.arange(n), np.minimum(next_pos, sorted_b.shape[1] - 1)],
                -np.inf,
            )
            rank = np.argsort(-top_s, axis=1, kind="stable")
            top_s = np.take_along_axis(top_s, rank, axis=1)
            top_m = np.take_along_axis(top_m, rank, axis=1)
            upper[start : start + n] = np.maximum.reduce([left, top_s[:, k], dropped])
            kept = np.isfinite(top_s[:, :k])
            out_rows.append(np.broadcast_to(chunk[:, None], (n, k))[kept])
            out_cols.append(top_m[:, :k][kept])
            out_scores.append(top_s[:, :k][kept])
        return Candidates(
            rows=np.concatenate(out_rows).astype(np.int64),
            cols=np.concatenate(out_cols).astype(np.int64),
            scores=np.concatenate(out_scores).astype(float),
            bound_rows=rows,
            upper=upper,
            evaluated_pairs=evaluated,
        )


@dataclass(frozen=True)
class Candidates:
    """Candidate pairs (indices) with exact scores, and for each mentee of `bound_rows` an
    upper bound (`upper`, −inf if none) of the score of its eligible pairs left out."""

    rows: np.ndarray
    cols: np.ndarray
    scores: np.ndarray
    bound_rows: np.ndarray
    upper: np.ndarray
    evaluated_pairs: int

    @classmethod
    def empty(cls, rows: np.ndarray) -> Candidates:
        """No candidate at all: every mentee of `rows` has nothing left to find."""
        none = np.zeros(0, dtype=np.int64)
        return cls(none, none, np.zeros(0), rows, np.full(len(rows), -np.inf), 0)

    def matrix(self, shape: tuple[int, int]) -> sp.csr_matrix:
        """The candidates as a sparse matrix (explicit zeros kept: they are allowed pairs)."""
        return sp.csr_matrix((self.scores, (self.rows, self.cols)), shape=shape)


def _department(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Different-department component: 1 if different, 0 if the same, 0.5 if unknown."""
    return np.where((a < 0) | (b < 0), 0.5, np.where(a == b, 0.0, 1.0))
