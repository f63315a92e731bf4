"""Layer 1: participants' features → sparse candidate pairs with scores and upper bounds.

The score of a pair is the dot product of a mentee vector and a mentor vector (weighted
features, plus one-hot columns for the career gap and hard rules, the format and the
department). Mentors have a dozen non-zero features, so chunks of mentees of the same
classes are scored against every mentor eligible for them by one float32 sparse × dense
product. Only each mentee's best mentors are kept, with the (k + 1)-th score as the
bound of every pair left out (used by the certificate); the dense mentees × mentors matrix
is never built."""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from ortools.graph.python import max_flow

from .classes import STAGES, class_code, class_eligibility
from .model import COMPONENTS, MatchingError, Participant, Program

# Mentees scored per matrix product: at most this many (mentee, mentor) cells at once (and
# at least 64 mentees). Small blocks stay in the processor's caches between the product and
# the selection of the top scores: 2²¹ cells took 4.6–5.4 s at 100,000 participants where
# 2²³ took 5.8 s.
ROW_CHUNK = 2048
CHUNK_CELLS = 1 << 21
# Chunks scored at once (scipy's sparse products and numpy release the GIL).
THREADS = 2
# Columns sampled per row to set the threshold above which the top of the row is sought, and
# how many times k + 1 scores are expected above it.
SAMPLE_COLUMNS = 2048
SURVIVORS = 2
# Reporting-line levels followed for everyone at once (longer chains: one by one).
REPORTING_LEVELS = 1 << 12
# Added to the product of a pair breaking the language or level rule (scores are in [0, 1]).
PENALTY = 16.0
ELIGIBLE_FLOOR = np.float32(-1.0)
# Odd multiplier (Knuth's) spreading each mentee's starting mentor for ties.
TIE_SPREAD = 2654435761
# Margin added to bounds taken from float32 scores (their rounding error is far below it).
FLOAT32_MARGIN = 1e-5
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
    table = np.zeros((STAGES, STAGES))
    for mentee_level in range(1, STAGES):
        for mentor_level in range(1, STAGES):
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
        self._mentee_sparse: list[tuple[np.ndarray, np.ndarray]] | None = None
        self.locked = self._locked()

    # -- encoding ---------------------------------------------------------------------------

    def _encode(self, people: list[Participant], side: str, ls_index: dict) -> Side:
        n = len(people)
        n_skills, n_int, n_slots = len(self.skills), len(self.interests), len(self.slots)
        int_index = {v: i for i, v in enumerate(self.interests)}
        slot_index = {v: i for i, v in enumerate(self.slots)}
        skill_index = self.skill_index
        offsets = np.cumsum([0, n_skills, n_skills, n_int, n_slots])
        o_fwd, o_rev, o_int, o_slot = (int(v) for v in offsets[:4])
        w = self.w
        mentee = side == "mentee"
        # mentor_can_help = Σ want_level × share_level / (4 Σ want_level), mentee's wants;
        # mentee_can_help is the same with the roles swapped. Shared interests and
        # availability: cosine similarity of the two sets. The weights go on the mentee side.
        w_fwd = w["mentor_can_help"] if mentee else 1.0
        w_rev = w["mentee_can_help"] if mentee else 1.0
        w_int = w["shared_interests"] if mentee else 1.0
        w_slot = w["availability"] if mentee else 1.0
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for row, p in enumerate(people):
            fwd, rev = (p.wants, p.can_share) if mentee else (p.can_share, p.wants)
            if fwd:
                scale = w_fwd / (4 * sum(fwd.values())) if mentee else 1.0
                for s, lvl in fwd.items():
                    rows.append(row)
                    cols.append(o_fwd + skill_index[s])
                    vals.append(scale * lvl)
            if rev:
                scale = w_rev if mentee else 1.0 / (4 * sum(rev.values()))
                for s, lvl in rev.items():
                    rows.append(row)
                    cols.append(o_rev + skill_index[s])
                    vals.append(scale * lvl)
            if p.interests:
                factor = w_int / len(p.interests) ** 0.5
                for value in p.interests:
                    rows.append(row)
                    cols.append(o_int + int_index[value])
                    vals.append(factor)
            if p.availability:
                factor = w_slot / len(p.availability) ** 0.5
                for value in p.availability:
                    rows.append(row)
                    cols.append(o_slot + slot_index[value])
                    vals.append(factor)
        dense = np.zeros((n, int(offsets[-1])))
        dense[rows, cols] = vals
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

        # Reporting lines, one level at a time for everyone at once.
        node = {p.id: i for i, p in enumerate(participants)}
        for child, boss in managers.items():
            node.setdefault(child, len(node))
            node.setdefault(boss, len(node))
        parent = np.full(len(node), -1, dtype=np.int64)
        if managers:
            parent[[node[c] for c in managers]] = [node[b] for b in managers.values()]
        n_p = len(participants)
        mentee_at = np.full(len(node), -1, dtype=np.int64)
        mentor_at = np.full(len(node), -1, dtype=np.int64)
        for i, p in enumerate(participants):
            if p.side == "mentee":
                mentee_at[i] = self.mentee_index[p.id]
            else:
                mentor_at[i] = self.mentor_index[p.id]
        codes = []
        starts, current = np.arange(n_p), parent[:n_p]
        level = 0
        while level < (REPORTING_LEVELS if depth is None else depth):
            active = current >= 0
            starts, current = starts[active], current[active]
            if not len(starts):
                break
            for a, b in ((starts, current), (current, starts)):
                e, m = mentee_at[a], mentor_at[b]
                ok = (e >= 0) & (m >= 0)
                codes.append(e[ok] * n_mentors + m[ok])
            current = parent[current]
            level += 1
        # Pairs found one by one (long chains, exclusions, previous pairs): (mentee, mentor).
        pairs: list[tuple[int, int]] = []
        if depth is None:
            # Chains longer than REPORTING_LEVELS (or with a cycle): followed one by one.
            for i in np.unique(starts[current >= 0]).tolist():
                pid = participants[i].id
                for boss in chain(pid):
                    pair = self._orient((pid, boss))
                    if pair is not None:
                        pairs.append(pair)
        if program.forbid_same_manager:
            # The direct manager from the same merged mapping as the reporting lines: the
            # participant's own manager_id, else the org tree.
            teams = self._same_manager(parent[:n_p], mentee_at[:n_p], mentor_at[:n_p])
        else:
            teams = []
        refused = set(program.exclusions)
        if not program.allow_previous_pairs:
            refused |= set(program.previous_pairs)
        for pair in refused:
            oriented = self._orient(pair)
            if oriented is not None:
                pairs.append(oriented)
        if pairs:
            e, m = np.array(pairs, dtype=np.int64).T
            codes.append(e * n_mentors + m)
        # With flat teams the codes run into the tens of millions: they are written once
        # into one array (each team's mentees × mentors made there), sorted in place and
        # copied again only when there are duplicates to drop.
        total = sum(len(c) for c in codes) + sum(len(e) * len(m) for e, m in teams)
        flat = np.empty(total, dtype=np.int64)
        at = 0
        for part in codes:
            flat[at : at + len(part)] = part
            at += len(part)
        del codes
        for e, m in teams:
            np.add(e[:, None], m[None, :], out=flat[at : at + len(e) * len(m)].reshape(len(e), -1))
            at += len(e) * len(m)
        flat.sort()
        repeated = flat[1:] == flat[:-1]
        if repeated.any():
            flat = flat[np.concatenate([[True], ~repeated])]
        return flat

    def _same_manager(
        self, boss: np.ndarray, mentee_at: np.ndarray, mentor_at: np.ndarray
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """The pairs reporting to the same manager, by manager: (mentees × n_mentors,
        mentors) as int64 arrays, whose outer sum gives the team's codes (mentee × n_mentors
        + mentor).

        `boss[i]` is the manager node of participant i (−1: none), `mentee_at[i]` /
        `mentor_at[i]` its mentee / mentor index (−1: other side). Only managers with both
        mentees and mentors are listed (teams of 1,000 give a quarter of a million pairs
        each: never Python tuples)."""
        n_mentors = len(self.mentors.ids)
        is_e, is_m = (boss >= 0) & (mentee_at >= 0), (boss >= 0) & (mentor_at >= 0)
        e_boss, e_idx = boss[is_e], mentee_at[is_e]
        m_boss, m_idx = boss[is_m], mentor_at[is_m]
        order = np.argsort(e_boss, kind="stable")
        e_boss, e_idx = e_boss[order], e_idx[order] * n_mentors
        order = np.argsort(m_boss, kind="stable")
        m_boss, m_idx = m_boss[order], m_idx[order]
        shared = np.intersect1d(e_boss, m_boss)
        e_lo, e_hi = np.searchsorted(e_boss, shared), np.searchsorted(e_boss, shared, "right")
        m_lo, m_hi = np.searchsorted(m_boss, shared), np.searchsorted(m_boss, shared, "right")
        return [
            (e_idx[a:b], m_idx[c:d])
            for a, b, c, d in zip(
                e_lo.tolist(), e_hi.tolist(), m_lo.tolist(), m_hi.tolist(), strict=True
            )
        ]

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

    def max_matched_upper_bound(self, rows: np.ndarray, remaining: np.ndarray) -> int:
        """Most mentees of `rows` that any matching can match with mentors of capacity
        `remaining`, ignoring the exceptions (reporting lines, exclusions, previous pairs):
        a max flow between classes of people with the same language set and level, which
        share their eligibility. Exceptions only remove pairs, so this bounds the true
        maximum from above; when a matching reaches it, it is a maximum matching."""
        e, m = self.mentees, self.mentors
        n_ls = len(self.language_sets)
        e_code = class_code(e.language_set[rows], e.level[rows])
        demand = np.bincount(e_code, minlength=n_ls * STAGES)
        supply = np.bincount(
            class_code(m.language_set, m.level),
            weights=np.maximum(remaining, 0),
            minlength=n_ls * STAGES,
        ).astype(np.int64)
        e_cls, m_cls = np.flatnonzero(demand), np.flatnonzero(supply)
        if not len(e_cls) or not len(m_cls):
            return 0
        ok = class_eligibility(self)[e_cls[:, None], m_cls[None, :]]
        a, b = np.nonzero(ok)
        source, sink = len(e_cls) + len(m_cls), len(e_cls) + len(m_cls) + 1
        tails = np.concatenate([np.full(len(e_cls), source), a, len(e_cls) + np.arange(len(m_cls))])
        heads = np.concatenate([np.arange(len(e_cls)), len(e_cls) + b, np.full(len(m_cls), sink)])
        caps = np.concatenate([demand[e_cls], np.full(len(a), len(rows)), supply[m_cls]])
        flow = max_flow.SimpleMaxFlow()
        flow.add_arcs_with_capacity(tails, heads, caps.astype(np.int64))
        if flow.solve(source, sink) != flow.OPTIMAL:
            return len(rows)
        return int(flow.optimal_flow())

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
        e, m, w = self.mentees, self.mentors, self.w
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        # By mentor, so that the gathers of a mentor's features hit the same cache lines.
        by_mentor = np.argsort(cols, kind="stable")
        rows, cols = rows[by_mentor], cols[by_mentor]
        out = np.zeros((len(rows), len(COMPONENTS)))
        sparse = self._sparse_rows()
        for start in range(0, len(rows), 1 << 16):
            r, c = rows[start : start + (1 << 16)], cols[start : start + (1 << 16)]
            block = out[start : start + len(r)]
            for k, name in enumerate(SPARSE_COMPONENTS):
                if w[name] > 0:
                    # The mentee's non-zero features of the component (padded with zeros)
                    # times the mentor's same features.
                    idx, val = sparse[k]
                    total = (val[r] * m.dense[c[:, None], idx[r]]).sum(axis=1)
                    block[:, k] = np.clip(total / w[name], 0.0, 1.0)
            block[:, 4] = FORMAT_TABLE[e.format[r], m.format[c]]
            block[:, 5] = _department(e.department[r], m.department[c])
            block[:, 6] = self.gap_table[e.level[r], m.level[c]]
        unsorted = np.empty_like(out)
        unsorted[by_mentor] = out
        return unsorted

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

    def _sparse_rows(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per sparse component, each mentee's non-zero features of that component as
        (indices, values), padded with zeros to the same width."""
        if self._mentee_sparse is None:
            self._mentee_sparse = []
            for k in range(len(SPARSE_COMPONENTS)):
                lo, hi = int(self.offsets[k]), int(self.offsets[k + 1])
                dense = self.mentees.dense[:, lo:hi]
                nnz = (dense != 0).sum(axis=1)
                width = max(1, int(nnz.max()) if len(nnz) else 1)
                order = np.argsort(dense == 0, axis=1, kind="stable")[:, :width]
                values = np.take_along_axis(dense, order, axis=1)
                self._mentee_sparse.append((order + lo, values))
        return self._mentee_sparse

    def _embedding(self, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Mentee and mentor vectors (float32) whose dot product is the score of a pair.

        The weighted features of the sparse components come first; then one column per
        (language set, level) of the mentors in `cols`, per format and per department, so
        that the career gap, the format and the department components are products too.
        A pair breaking the language or the level rule gets −PENALTY instead of its career
        gap, which puts its product far below 0 (scores are in [0, 1]).
        """
        e, m, w = self.mentees, self.mentors, self.w
        n_e, n_f = len(e.ids), e.dense.shape[1]
        n_ls = len(self.language_sets)
        m_class = class_code(m.language_set[cols], m.level[cols])
        codes, code_m = np.unique(m_class, return_inverse=True)
        n_dept = len(self.department_index)
        n_c, width = len(codes), n_f + len(codes) + 4 + n_dept + 1
        x = np.zeros((n_e, width), dtype=np.float32)
        y = np.zeros((len(cols), width), dtype=np.float32)
        x[:, :n_f] = e.dense
        y[:, :n_f] = m.dense[cols]
        # Career gap and hard rules, by (language set, level) of the mentor.
        table = np.where(
            class_eligibility(self).reshape(n_ls, STAGES, n_ls, STAGES),
            w["career_gap"] * self.gap_table[None, :, None, :],
            -PENALTY,
        ).reshape(n_ls * STAGES, n_ls * STAGES)
        x[:, n_f : n_f + n_c] = table[class_code(e.language_set, e.level)][:, codes]
        y[np.arange(len(cols)), n_f + code_m] = 1
        start = n_f + n_c
        x[:, start : start + 4] = w["format"] * FORMAT_TABLE[e.format]
        y[np.arange(len(cols)), start + m.format[cols]] = 1
        start += 4
        # Department: 1 − same, 0.5 when either is unknown (last column: unknown mentor).
        wd = w["different_department"]
        known = e.department >= 0
        x[:, start : start + n_dept] = np.where(known[:, None], wd, wd / 2)
        x[np.flatnonzero(known), start + e.department[known]] = 0
        x[:, start + n_dept] = wd / 2
        dept_m = m.department[cols]
        y[np.arange(len(cols)), np.where(dept_m >= 0, start + dept_m, start + n_dept)] = 1
        return x, y

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
        exact_scores: bool = True,
    ) -> Candidates:
        """Top-`k` eligible mentors of each mentee of `rows`, with the bound of the others,
        as flat candidate pairs: in the order of `rows`, then by decreasing score (see
        `top_lists`). With `exact_scores` their scores are recomputed in float64 (otherwise
        they are the float32 ones, with int32 indices)."""
        rows = np.arange(len(self.mentees.ids)) if rows is None else np.asarray(rows, np.int64)
        lists = self.top_lists(k, rows, mentor_ok)
        valid = lists.cols >= 0  # each row's candidates are a prefix of its list
        cand_rows = np.repeat(rows.astype(np.int32), valid.sum(axis=1))
        cand_cols = lists.cols[valid]
        cand_scores = lists.scores[valid]
        if exact_scores:
            cand_rows, cand_cols = cand_rows.astype(np.int64), cand_cols.astype(np.int64)
            cand_scores = self.score_pairs(cand_rows, cand_cols)
        return Candidates(
            rows=cand_rows,
            cols=cand_cols,
            scores=cand_scores,
            bound_rows=rows,
            upper=lists.upper,
            evaluated_pairs=lists.evaluated_pairs,
        )

    def top_lists(self, k: int, rows: np.ndarray, mentor_ok: np.ndarray | None = None) -> TopLists:
        """Top-`k` eligible mentors of each mentee of `rows`, with the bound of the others.

        Every pair of an eligible class pair is scored, exactly up to float32 rounding, by
        chunks of mentees sorted by class: one sparse × dense product per chunk (each
        mentor's few non-zero features, hard rules included as a penalty, times the chunk's
        mentee vectors) against the mentors eligible for one of the chunk's classes at
        least, two chunks at a time on two threads. The top k + 1 of each mentee are found
        among the scores above a threshold read from a sample of mentors, without sorting
        the rows. Row i of the lists holds the mentors of `rows[i]` by decreasing score
        (then mentor), padded with −1; `upper` is the (k + 1)-th score plus a margin for the
        rounding (−inf when there is none). `mentor_ok` restricts the mentors (those with
        capacity left).
        """
        rows = np.asarray(rows, np.int64)
        if mentor_ok is None:
            mentor_ok = self.mentors.capacity > 0
        usable = np.flatnonzero(mentor_ok)
        if not len(usable) or not len(rows):
            return TopLists.empty(len(rows), k)
        x, y = self._embedding(usable)
        # Mentors as sparse rows: a dozen features, plus one column each for their class,
        # format and department.
        y_sparse = sp.csr_matrix(y)
        del y
        keep = k + 1
        n_u = len(usable)
        chunk_rows = max(64, min(ROW_CHUNK, CHUNK_CELLS // n_u))
        # Mentees by class (language set, level), so that a chunk holds few classes and is
        # scored only against the mentors eligible for one of them at least.
        e, m = self.mentees, self.mentors
        class_ok = class_eligibility(self)
        e_class = class_code(e.language_set[rows], e.level[rows])
        m_class = class_code(m.language_set[usable], m.level[usable])
        perm = np.argsort(e_class, kind="stable")
        ordered = rows[perm]
        refused_at, refused_col = self._refused(ordered, usable)
        rng = np.random.default_rng(self.program.seed)
        blocks: dict[tuple, tuple] = {}
        jobs = []
        scored = 0
        # The mentors of a block as sparse rows, made when first needed and dropped after
        # the last chunk using them (chunks of the same classes come one after the other).
        uses: dict[tuple, int] = {}
        slices: dict[tuple, sp.csr_matrix] = {}
        lock = threading.Lock()

        def mentors_of(key: tuple) -> sp.csr_matrix:
            with lock:
                if key not in slices:
                    slices[key] = y_sparse[blocks[key][0]]
                return slices[key]

        def done_with(key: tuple) -> None:
            with lock:
                uses[key] -= 1
                if not uses[key]:
                    del slices[key]

        for start in range(0, len(rows), chunk_rows):
            key = tuple(np.unique(e_class[perm[start : start + chunk_rows]]).tolist())
            if key not in blocks:
                sub = np.flatnonzero(class_ok[list(key)][:, m_class].any(axis=0))
                sample = np.sort(rng.choice(len(sub), min(len(sub), SAMPLE_COLUMNS), replace=False))
                # Rank in the sample leaving about SURVIVORS × keep scores above it.
                rank = int(np.ceil(SURVIVORS * keep * len(sample) / max(1, len(sub))))
                blocks[key] = (sub, sample, min(max(0, len(sample) - 1), rank))
            jobs.append((start, key))
            uses[key] = uses.get(key, 0) + 1
            scored += len(blocks[key][0]) * len(perm[start : start + chunk_rows])

        out_cols = np.full((len(rows), k), -1, dtype=np.int32)
        out_scores = np.full((len(rows), k), -np.inf, dtype=np.float32)
        upper = np.full(len(rows), -np.inf)

        def top(job: tuple) -> None:
            start, key = job
            sub, sample, rank = blocks[key]
            chunk = ordered[start : start + chunk_rows]
            if not len(sub):
                return
            # Mentors × mentees of the chunk (the chunk's vectors stay in cache).
            scores = mentors_of(key) @ np.ascontiguousarray(x[chunk].T)
            done_with(key)
            # Refused pairs (reporting lines, exclusions…): −inf.
            lo, hi = np.searchsorted(refused_at, [start, start + len(chunk)])
            at, col = refused_at[lo:hi] - start, np.searchsorted(sub, refused_col[lo:hi])
            hit = col < len(sub)
            hit[hit] = sub[col[hit]] == refused_col[lo:hi][hit]
            scores[col[hit], at[hit]] = -np.inf
            # Ties go to different mentors for different mentees: each mentee reads the
            # mentors from its own starting point (otherwise tied mentees all list the same
            # few mentors, and fewer of them can be matched).
            shift = (chunk * TIE_SPREAD) % len(sub)
            r, rank_of, c, s, bound = _top_columns(scores, k, sample, rank, len(sub) > keep, shift)
            # Each chunk writes the rows of its own mentees only.
            dest = perm[start + r]
            out_cols[dest, rank_of] = usable[sub[c]]
            out_scores[dest, rank_of] = s
            upper[perm[start : start + len(bound)]] = bound

        with ThreadPoolExecutor(THREADS) as pool:
            for _ in pool.map(top, jobs):
                pass
        return TopLists(cols=out_cols, scores=out_scores, upper=upper, evaluated_pairs=scored)

    def _refused(self, ordered: np.ndarray, usable: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The refused pairs (reporting lines, exclusions…) between the mentees `ordered`
        and the mentors `usable`: (position in `ordered`, position in `usable`), sorted."""
        n_m = len(self.mentors.ids)
        if not len(self.exceptions) or not len(ordered):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        # The codes are sorted, so each mentee's refused pairs are one slice of them: the
        # slices of `ordered` one after the other come out sorted by position without a
        # sort (with flat teams there are tens of millions of them: few temporary copies).
        first = np.searchsorted(self.exceptions, np.arange(len(self.mentees.ids) + 1) * n_m)
        count = (first[1:] - first[:-1])[ordered]
        ends = np.cumsum(count)
        index = np.repeat(first[ordered] - (ends - count), count)
        index += np.arange(len(index))
        at = np.repeat(np.arange(len(ordered), dtype=np.int64), count)
        mentor = self.exceptions[index]
        del index
        np.remainder(mentor, n_m, out=mentor)
        column = np.full(n_m, -1, dtype=np.int64)
        column[usable] = np.arange(len(usable))
        col = column[mentor]
        del mentor
        hit = col >= 0
        if not hit.all():
            at, col = at[hit], col[hit]
        return at, col


def _top_columns(
    scores: np.ndarray,
    k: int,
    sample: np.ndarray,
    rank: int,
    threshold_first: bool,
    shift: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The k best rows (mentors) of each column (mentee) of a float32 score block above
    ELIGIBLE_FLOOR, as (column, rank in the column, row, score) sorted by column, decreasing
    score, then row counted from `shift[column]` (0 by default) round to it; and per column
    the (k + 1)-th score plus FLOAT32_MARGIN (−inf when there is none)."""
    keep = k + 1
    n_rows, n = scores.shape
    if threshold_first:
        part = -np.partition(-scores[sample], rank, axis=0)[rank]
        threshold = np.maximum(part, ELIGIBLE_FLOOR)
        flat = np.flatnonzero(scores > threshold[None, :])
        count = np.bincount(flat % n, minlength=n)
        short = (count < keep) & (part > ELIGIBLE_FLOOR)
        if short.any():
            # Unlucky sample: the exact (k + 1)-th score of these columns.
            fix = np.flatnonzero(short)
            kth = -np.partition(-scores[:, fix], keep - 1, axis=0)[keep - 1]
            below = np.nextafter(kth, np.float32(-np.inf))
            threshold[fix] = np.maximum(below, ELIGIBLE_FLOOR)
            flat = np.flatnonzero(scores > threshold[None, :])
    else:
        flat = np.flatnonzero(scores > ELIGIBLE_FLOOR)
    c, r = np.divmod(flat, n)
    s = scores.ravel()[flat]
    del flat
    if shift is not None:
        c = (c + shift[r]) % n_rows  # rows counted from each column's own start
    # Sorted by column, decreasing score, then row: one sort of a packed integer key
    # (column, score bits flipped so that larger scores come first, row).
    c_bits = max(1, (n_rows - 1).bit_length())
    r_bits = max(1, (n - 1).bit_length())
    if c_bits + r_bits + 32 <= 63:
        bits = s.view(np.int32).astype(np.int64)
        ordered = np.where(bits < 0, bits ^ 0x7FFFFFFF, bits) + (1 << 31)  # increasing in s
        key = (r << (32 + c_bits)) | (((1 << 32) - 1 - ordered) << c_bits) | c
        key.sort()
        r, c = key >> (32 + c_bits), key & ((1 << c_bits) - 1)
        if shift is not None:
            c = (c - shift[r]) % n_rows
        s = scores[c, r]
    else:
        order = np.lexsort((c, -s, r))
        r, c, s = r[order], c[order], s[order]
        if shift is not None:
            c = (c - shift[r]) % n_rows
    first = np.searchsorted(r, np.arange(n))
    pos = np.arange(len(r)) - first[r]
    kept = pos < k
    nxt = pos == k
    upper = np.full(n, -np.inf)
    upper[r[nxt]] = s[nxt].astype(float) + FLOAT32_MARGIN
    return r[kept], pos[kept], c[kept], s[kept], upper


@dataclass(frozen=True)
class TopLists:
    """Each mentee's best mentors as a row of fixed width `k` (mentor indices, −1 past the
    end; float32 scores, −inf past the end) and `upper`, a bound of its eligible pairs left
    out (−inf if none)."""

    cols: np.ndarray
    scores: np.ndarray
    upper: np.ndarray
    evaluated_pairs: int

    @classmethod
    def empty(cls, n: int, k: int) -> TopLists:
        """No mentor at all for `n` mentees."""
        return cls(
            np.full((n, k), -1, dtype=np.int32),
            np.full((n, k), -np.inf, dtype=np.float32),
            np.full(n, -np.inf),
            0,
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

    def matrix(self, shape: tuple[int, int]) -> sp.csr_matrix:
        """The candidates as a sparse matrix (explicit zeros kept: they are allowed pairs)."""
        return sp.csr_matrix((self.scores, (self.rows, self.cols)), shape=shape)


def _department(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Different-department component: 1 if different, 0 if the same, 0.5 if unknown."""
    return np.where((a < 0) | (b < 0), 0.5, np.where(a == b, 0.0, 1.0))
