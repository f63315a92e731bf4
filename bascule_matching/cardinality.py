"""The most mentees that can be matched at all, found and proven on every eligible pair.

The score rounds look at each mentee's best mentors only. When many scores tie (profiles
left empty right after an HR import, a few hub skills), those lists all name the same few
mentors, and a matching of the lists can leave out mentees that other mentors could take.
`maximum_matching` completes any matching to one of maximum size over ALL eligible pairs,
without ever listing them: eligibility is a property of classes (language set × career
stage, `classes.class_eligibility`) minus a sorted array of exceptions (reporting lines, exclusions,
earlier pairs), so a breadth-first search visits each mentor once per phase by walking the
mentors of the eligible classes not visited yet, skipping only the mentee's own exceptions.

It augments the matching (Berge) until a search from every unmatched mentee reaches no
mentor with room left: then no augmenting path exists, and the matching has the maximum
size. That final search is the proof, whatever the scores, ties or candidate lists.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .classes import class_code, class_eligibility
from .problem import Problem


@dataclass(frozen=True)
class MaximumMatching:
    """A matching of maximum size: each mentee's mentor (−1: none) and how many it matches."""

    match_of: np.ndarray
    matched: int
    augmented: int
    phases: int


def maximum_matching(
    problem: Problem, free: np.ndarray, remaining: np.ndarray, match_of: np.ndarray
) -> MaximumMatching:
    """Complete `match_of` (mentee → mentor or −1, over the mentees where `free` is true and
    mentors with `remaining` capacity) to a matching of maximum size over all eligible pairs.

    The pairs of `match_of` must be eligible; they are kept unless an augmenting path moves
    a mentee to another mentor. Returns the new matching (a copy).
    """
    e_side, m_side = problem.mentees, problem.mentors
    n_e, n_m = len(e_side.ids), len(m_side.ids)
    match_of = np.where(free, match_of, -1).astype(np.int64)
    remaining = np.maximum(np.asarray(remaining, np.int64), 0)
    e_class = class_code(e_side.language_set, e_side.level)
    m_class = class_code(m_side.language_set, m_side.level)
    ok = class_eligibility(problem)
    usable = np.flatnonzero(remaining > 0)
    mentors_of_class = {
        int(c): usable[m_class[usable] == c].tolist() for c in np.unique(m_class[usable])
    }
    classes_for = {
        int(c): [d for d in mentors_of_class if ok[c, d]] for c in np.unique(e_class[free])
    }
    exceptions = problem.exceptions
    bounds = np.searchsorted(exceptions, np.arange(n_e + 1, dtype=np.int64) * n_m)

    def refused(e: int) -> set[int]:
        lo, hi = bounds[e], bounds[e + 1]
        return set((exceptions[lo:hi] - e * n_m).tolist()) if hi > lo else set()

    load = np.bincount(match_of[match_of >= 0], minlength=n_m)
    mates: list[set[int]] = [set() for _ in range(n_m)]
    for e in np.flatnonzero(match_of >= 0).tolist():
        mates[int(match_of[e])].add(e)
    match_list = match_of.tolist()
    room = (remaining - load).tolist()

    # First the simple cases: an unmatched mentee and an eligible mentor with room left.
    with_room = {c: [m for m in ms if room[m] > 0] for c, ms in mentors_of_class.items()}
    unmatched = [
        e for e in np.flatnonzero(free & (match_of < 0)).tolist() if classes_for[e_class[e]]
    ]
    augmented = 0
    still = []
    for e in unmatched:
        skip = refused(e)
        placed = False
        for c in classes_for[int(e_class[e])]:
            rooms = with_room[c]
            for i, m in enumerate(rooms):
                if m in skip:
                    continue
                match_list[e] = m
                mates[m].add(e)
                room[m] -= 1
                if not room[m]:
                    rooms.pop(i)
                placed = True
                break
            if placed:
                break
        if placed:
            augmented += 1
        else:
            still.append(e)

    # Then augmenting paths, found by phases of one breadth-first search from every
    # unmatched mentee; the vertex-disjoint paths of a phase are applied together.
    phases = 0
    unmatched = still
    while unmatched:
        phases += 1
        pool = {c: list(ms) for c, ms in mentors_of_class.items()}
        # The search forest: each mentor's mentee that reached it, each mentee's mentor it was
        # reached through (its current mentor; −1 for the unmatched mentees it starts from).
        parent_of_mentor: dict[int, int] = {}
        parent_of_mentee = dict.fromkeys(unmatched, -1)
        frontier = list(unmatched)
        ends: list[int] = []
        while frontier:
            following = []
            for e in frontier:
                skip = refused(e)
                for c in classes_for[int(e_class[e])]:
                    mentors = pool[c]
                    if not mentors:
                        continue
                    kept = []
                    for m in mentors:
                        if m in skip or m == match_list[e]:
                            kept.append(m)
                            continue
                        parent_of_mentor[m] = e
                        if room[m] > 0:
                            ends.append(m)
                            continue
                        for mate in mates[m]:
                            if mate not in parent_of_mentee:
                                parent_of_mentee[mate] = m
                                following.append(mate)
                    pool[c] = kept
            frontier = following
        if not ends:
            break
        used: set[int] = set()
        for end in ends:
            path = []  # (mentee, its new mentor), from the end back to an unmatched mentee
            m = end
            while True:
                e = parent_of_mentor[m]
                path.append((e, m))
                m = parent_of_mentee[e]
                if m < 0:
                    break
            if any(e in used for e, _ in path):
                continue
            for e, m in path:
                used.add(e)
                old = match_list[e]
                if old >= 0:
                    mates[old].discard(e)
                match_list[e] = m
                mates[m].add(e)
            room[end] -= 1
            augmented += 1
        unmatched = [e for e in unmatched if match_list[e] < 0]
    result = np.array(match_list, dtype=np.int64)
    return MaximumMatching(
        match_of=result,
        matched=int((result >= 0).sum()),
        augmented=augmented,
        phases=phases,
    )
