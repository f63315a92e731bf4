"""Layer 1a: participants encoded as arrays, with the hard constraints.

Each side (mentees, mentors) becomes a `Side`: weighted features of the sparse components
(skills wanted and shared, interests, slots) as a dense array, career stage, format,
department, language set and capacity. The pairs refused for reasons of their own
(reporting lines, same manager, exclusions, earlier pairs) become one sorted int64 array of
codes (mentee × mentors + mentor); everything else about eligibility depends on the classes
of both sides (`classes.py`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import max_flow

from .classes import STAGES, class_code, class_eligibility
from .model import MatchingError, Participant, Program

# Reporting-line levels followed for everyone at once (longer chains: one by one).
REPORTING_LEVELS = 1 << 12
FORMAT_CODES = {"in_person": 0, "virtual": 1, "hybrid": 2, "": 3}


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


class Encoding:
    """The participants of a program as arrays, the refused pairs and the locked ones."""

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

    def _is_exception(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        if not len(self.exceptions):
            return np.zeros(rows.shape, dtype=bool)
        codes = rows.astype(np.int64) * len(self.mentors.ids) + cols
        pos = np.minimum(np.searchsorted(self.exceptions, codes), len(self.exceptions) - 1)
        return self.exceptions[pos] == codes
