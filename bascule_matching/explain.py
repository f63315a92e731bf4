"""Explanations as structured reasons: a code and its data, never a sentence.

Reasons are plain dicts such as {"code": "mentor_can_help", "skills": ["s1", "s2"]}; the
application writes them in the reader's language (Bascule: `bascule.pairing.explain`, through
gettext). `REASON_CODES` lists every code with the keys of its data.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from .classes import STAGES, class_code, class_eligibility

if TYPE_CHECKING:
    from .problem import Problem

FORMAT_MIN = 0.5
# Refused pairs read at once when explaining the mentors left without a mentee.
EXCEPTIONS_AT_ONCE = 1 << 20

# Every reason the engine gives, and the keys of its data.
REASON_CODES = {
    # Why a pair is proposed.
    "mentor_can_help": ("skills",),
    "mentee_can_help": ("skills",),
    "shared_interests": ("interests",),
    "availability_overlap": ("slots",),
    "no_common_availability": (),
    "format_compatible": (),
    "different_departments": (),
    "same_department": (),
    "career_gap": ("levels",),
    # Why a mentee has no mentor.
    "no_mentor": (),
    "no_common_language": ("languages",),
    "career_gap_too_small": ("min_gap",),
    "only_refused_mentors": (),
    "mentors_at_capacity": ("skills",),
    "not_selected": (),
    # Why a mentor has no mentee.
    "no_eligible_mentee": (),
    "mentees_matched_elsewhere": (),
}


def explain_pair(problem: Problem, e: int, m: int, components: np.ndarray) -> list[dict]:
    """Reasons why mentee index `e` and mentor index `m` make a good pair."""
    mentee = problem.mentees.participants[e]
    mentor = problem.mentors.participants[m]
    reasons: list[dict] = []
    fwd = _skills(mentor.can_share, mentee.wants)
    if fwd:
        reasons.append({"code": "mentor_can_help", "skills": fwd})
    rev = _skills(mentee.can_share, mentor.wants)
    if rev:
        reasons.append({"code": "mentee_can_help", "skills": rev})
    interests = sorted(mentee.interests & mentor.interests)
    if interests:
        reasons.append({"code": "shared_interests", "interests": interests})
    slots = _slot_order(mentee.availability & mentor.availability)
    if slots:
        reasons.append({"code": "availability_overlap", "slots": slots})
    else:
        reasons.append({"code": "no_common_availability"})
    if components[4] >= FORMAT_MIN:
        reasons.append({"code": "format_compatible", "formats": [mentee.format, mentor.format]})
    if mentee.department_id is not None and mentor.department_id is not None:
        code = "different_departments" if components[5] == 1 else "same_department"
        reasons.append({"code": code})
    reasons.append({"code": "career_gap", "levels": mentee.seniority - mentor.seniority})
    return reasons


def explain_unmatched_mentee(problem: Problem, e: int, load: np.ndarray) -> list[dict]:
    """Reasons why mentee index `e` has no mentor (`load`: mentees per mentor)."""
    mentee = problem.mentees.participants[e]
    mentors = problem.mentors
    everyone = np.arange(len(mentors.ids))
    rows = np.full(len(everyone), e)
    with_capacity = mentors.capacity > 0
    if not with_capacity.any():
        return [{"code": "no_mentor"}]
    speaks = problem.language_ok[problem.mentees.language_set[e], mentors.language_set]
    speaks &= with_capacity
    if not speaks.any():
        return [{"code": "no_common_language", "languages": sorted(mentee.languages)}]
    gap_ok = speaks & (mentee.seniority - mentors.level >= problem.program.min_level_gap)
    if not gap_ok.any():
        return [{"code": "career_gap_too_small", "min_gap": problem.program.min_level_gap}]
    eligible = problem.eligible(rows, everyone)
    if not eligible.any():
        return [{"code": "only_refused_mentors"}]
    skills = sorted(
        {
            s
            for m in np.flatnonzero(eligible).tolist()
            for s in mentors.participants[m].can_share
            if s in mentee.wants
        },
        key=lambda s: (type(s).__name__, str(s)),
    )
    if np.all(load[eligible] >= mentors.capacity[eligible]):
        return [{"code": "mentors_at_capacity", "skills": skills}]
    return [{"code": "not_selected"}]


def explain_unmatched_mentors(problem: Problem, mentors: np.ndarray) -> list[list[dict]]:
    """Reasons why each mentor index of `mentors` has no mentee, for all of them at once:
    mentees are counted by (language set, level), which decides the language and level
    rules, and the refused pairs (reporting lines, exclusions…) of each mentor are taken off.
    """
    mentees, team = problem.mentees, problem.mentors
    mentors = np.asarray(mentors, dtype=np.int64)
    n_codes = len(problem.language_sets) * STAGES
    e_code = class_code(mentees.language_set, mentees.level)
    per_code = np.bincount(e_code, minlength=n_codes)
    codes = np.arange(n_codes)
    m_code = class_code(team.language_set[mentors], team.level[mentors])
    ok = class_eligibility(problem)[codes[None, :], m_code[:, None]]
    count = (ok * per_code[None, :]).sum(axis=1)
    count[team.capacity[mentors] <= 0] = 0
    n_m = len(team.ids)
    position = np.full(n_m, -1, dtype=np.int64)
    position[mentors] = np.arange(len(mentors))
    # The refused pairs by slices: with flat teams and the same-manager rule there are tens
    # of millions, and full-size temporary copies would dominate the engine's peak memory.
    for start in range(0, len(problem.exceptions), EXCEPTIONS_AT_ONCE):
        codes = problem.exceptions[start : start + EXCEPTIONS_AT_ONCE]
        where = position[codes % n_m]
        hit = where >= 0
        where, e = where[hit], codes[hit] // n_m
        counted = ok[where, e_code[e]]
        count -= np.bincount(where[counted], minlength=len(mentors))
    return [
        [{"code": "no_eligible_mentee" if c <= 0 else "mentees_matched_elsewhere"}]
        for c in count.tolist()
    ]


def _skills(shared: Mapping[Hashable, int], wanted: Mapping[Hashable, int]) -> list:
    common = [s for s in shared if s in wanted]
    if len(common) < 2:
        return common
    return sorted(common, key=lambda s: (-shared[s] * wanted[s], type(s).__name__, str(s)))


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@lru_cache(maxsize=4096)
def _slot_key(slot: str) -> tuple:
    day, _, half = slot.partition("-")
    return (DAYS.index(day) if day in DAYS else 99, half, slot)


def _slot_order(slots: frozenset[str]) -> list[str]:
    return sorted(slots, key=_slot_key)
