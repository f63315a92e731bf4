"""Explanations as structured reasons (a code and its parameters), and their rendering.

Reasons are plain dicts such as {"code": "mentor_can_help", "skills": ["s1", "s2"]}; the
renderer turns a list of them into one sentence in French or English, given names and the
labels of skills (and optionally of slots, languages and interests).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from .classes import STAGES, class_code, class_eligibility
from .model import MatchingError

if TYPE_CHECKING:
    from .scoring import Problem

FORMAT_MIN = 0.5


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
    refused_e, refused_m = problem.exceptions // n_m, problem.exceptions % n_m
    position = np.full(n_m, -1, dtype=np.int64)
    position[mentors] = np.arange(len(mentors))
    hit = position[refused_m] >= 0
    where, e = position[refused_m[hit]], refused_e[hit]
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


DAY_LABELS = {
    "en": dict(
        zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
            strict=True)
    ),
    "fr": dict(
        zip(DAYS, ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
            strict=True)
    ),
}  # fmt: skip
HALF_LABELS = {
    "en": {"am": "mornings", "pm": "afternoons"},
    "fr": {"am": "matin", "pm": "après-midi"},
}
LANGUAGE_LABELS = {
    "en": {"fr": "French", "en": "English", "de": "German", "es": "Spanish", "it": "Italian"},
    "fr": {"fr": "français", "en": "anglais", "de": "allemand", "es": "espagnol", "it": "italien"},
}
FORMAT_LABELS = {
    "en": {"in_person": "in person", "virtual": "virtual", "hybrid": "hybrid", "": "any"},
    "fr": {"in_person": "en présentiel", "virtual": "à distance", "hybrid": "hybride", "": "tout"},
}
TEMPLATES = {
    "en": {
        "mentor_can_help": "{mentor} can help {mentee} with {skills}",
        "mentee_can_help": "{mentee} can help {mentor} with {skills}",
        "shared_interests": "both like {interests}",
        "availability_overlap": "availability overlaps on {slots}",
        "no_common_availability": "no common availability yet",
        "format_compatible": "compatible meeting formats",
        "different_departments": "different departments",
        "same_department": "same department",
        "career_gap": "{levels} career levels apart",
        "no_mentor": "no mentor has room in this program",
        "no_common_language": "no eligible mentor speaks {languages}",
        "career_gap_too_small": "no mentor is at least {min_gap} career levels below",
        "only_refused_mentors": (
            "every possible mentor is in the reporting line, excluded or a previous pair"
        ),
        "mentors_at_capacity": "all mentors with these skills are at capacity ({skills})",
        "not_selected": "the available mentors were a better fit for other mentees",
        "no_eligible_mentee": "no mentee is eligible for this mentor",
        "mentees_matched_elsewhere": "every eligible mentee was matched with someone else",
        "_and": "and",
    },
    "fr": {
        "mentor_can_help": "{mentor} peut aider {mentee} sur ces points : {skills}",
        "mentee_can_help": "{mentee} peut aider {mentor} sur ces points : {skills}",
        "shared_interests": "tous deux aiment {interests}",
        "availability_overlap": "disponibilités communes le {slots}",
        "no_common_availability": "pas encore de disponibilité commune",
        "format_compatible": "formats de rencontre compatibles",
        "different_departments": "services différents",
        "same_department": "même service",
        "career_gap": "{levels} niveaux d'écart",
        "no_mentor": "aucun mentor n'a de place dans ce programme",
        "no_common_language": "aucun mentor possible ne parle {languages}",
        "career_gap_too_small": "aucun mentor n'a au moins {min_gap} niveaux de moins",
        "only_refused_mentors": (
            "tous les mentors possibles sont dans la ligne hiérarchique, exclus ou déjà associés"
        ),
        "mentors_at_capacity": "tous les mentors ayant ces compétences sont complets ({skills})",
        "not_selected": "les mentors disponibles convenaient mieux à d'autres mentorés",
        "no_eligible_mentee": "aucun mentoré n'est compatible avec ce mentor",
        "mentees_matched_elsewhere": "tous les mentorés compatibles ont été associés à d'autres",
        "_and": "et",
    },
}


def render(
    reasons: Sequence[Mapping],
    language: str,
    names: Mapping[str, str] | None = None,
    skill_labels: Mapping[Hashable, str] | Callable[[Hashable], str] | None = None,
    slot_labels: Mapping[str, str] | None = None,
    interest_labels: Mapping[str, str] | None = None,
) -> str:
    """Turn reasons into one sentence in `language` ("en" or "fr").

    `names` gives {"mentor": ..., "mentee": ...}; labels default to the raw ids (slots such as
    "tue-am" and ISO language codes are labelled out of the box).
    """
    if language not in TEMPLATES:
        raise MatchingError(f"no templates for language {language!r}")
    templates = TEMPLATES[language]
    names = dict(names or {})
    names.setdefault("mentor", "the mentor" if language == "en" else "le mentor")
    names.setdefault("mentee", "the mentee" if language == "en" else "le mentoré")

    def label(lookup, value) -> str:
        if lookup is None:
            return str(value)
        if callable(lookup):
            return lookup(value)
        return lookup.get(value, str(value))

    def join(items: list[str]) -> str:
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {templates['_and']} " + items[-1]

    parts = []
    for reason in reasons:
        code = reason["code"]
        if code not in templates:
            raise MatchingError(f"no template for reason {code!r}")
        values = dict(names)
        if "skills" in reason:
            values["skills"] = join([label(skill_labels, s) for s in reason["skills"]])
        if "interests" in reason:
            values["interests"] = join([label(interest_labels, i) for i in reason["interests"]])
        if "slots" in reason:
            values["slots"] = join(
                [(slot_labels or {}).get(s) or _slot_label(s, language) for s in reason["slots"]]
            )
        if "languages" in reason:
            labels = LANGUAGE_LABELS[language]
            words = [labels.get(code_, code_) for code_ in reason["languages"]]
            values["languages"] = join(words).replace(
                f" {templates['_and']} ", " or " if language == "en" else " ou "
            )
        for key in ("levels", "min_gap"):
            if key in reason:
                values[key] = reason[key]
        parts.append(templates[code].format(**values))
    return "; ".join(parts)


def _slot_label(slot: str, language: str) -> str:
    day, _, half = slot.partition("-")
    if day in DAYS and half in HALF_LABELS[language]:
        return f"{DAY_LABELS[language][day]} {HALF_LABELS[language][half]}"
    return slot
