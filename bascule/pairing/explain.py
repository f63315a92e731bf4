"""Explanations and warnings in the reader's language.

The engine's reasons are rendered by `bascule_matching.render` with the skills' labels and
the slots' names in that language; the reasons of our own (a level missing, a pair excluded
by hand) and the warnings of manual pairs are translated here.
"""

from collections.abc import Iterable, Mapping
from contextlib import suppress
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from bascule.pairing.inputs import EXCLUDED_BY_HAND, NO_LEVEL, REPLACED_BY_HAND
from bascule.people.models import Skill
from bascule.programs.availability import SLOT_CODES, slot_label
from bascule_matching import MatchingError, render

ENGINE_LANGUAGES = ("fr", "en")
OWN_CODES = (NO_LEVEL, EXCLUDED_BY_HAND, REPLACED_BY_HAND)


def reader_language(language: str | None = None) -> str:
    code = (language or translation.get_language() or "fr")[:2]
    return code if code in ENGINE_LANGUAGES else "en"


def skill_ids(reason_lists: Iterable[Iterable[Mapping[str, Any]]]) -> set[int]:
    return {
        skill
        for reasons in reason_lists
        for reason in reasons or []
        for skill in reason.get("skills", []) or []
        if isinstance(skill, int)
    }


def in_sentence(label: str) -> str:
    """Return a label as it reads inside a sentence: "Video calls" → "video calls", while
    "AI tools" or "IA générative" keep their capitals."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def skill_labels(ids: Iterable[int], language: str) -> dict[int, str]:
    field = "label_fr" if language == "fr" else "label_en"
    rows = Skill.objects.filter(pk__in=list(ids)).values_list("pk", field)
    return {pk: in_sentence(label) for pk, label in rows}


def slot_labels(language: str) -> dict[str, str]:
    with translation.override(language):
        labels = {code: str(slot_label(code)) for code in SLOT_CODES}
    if language == "fr":
        return {code: label.lower() for code, label in labels.items()}
    return labels


class Explainer:
    """Renders many reason lists in one language with one query for the skills' labels."""

    def __init__(self, reason_lists: Iterable[Iterable[Mapping[str, Any]]], language: str):
        lists = list(reason_lists)
        self.language = reader_language(language)
        self.skills = skill_labels(skill_ids(lists), self.language)
        self.slots = slot_labels(self.language)

    def sentence(self, reasons: Iterable[Mapping[str, Any]], mentor: str = "", mentee: str = ""):
        reasons = list(reasons or [])
        own = [r for r in reasons if r.get("code") in OWN_CODES]
        engine = [r for r in reasons if r.get("code") not in OWN_CODES]
        parts = []
        with translation.override(self.language):
            for reason in own:
                if reason["code"] == NO_LEVEL:
                    parts.append(_("no seniority level in the directory: fill it in first"))
                elif reason["code"] == REPLACED_BY_HAND:
                    parts.append(_("their mentee was paired by hand with someone else"))
                else:
                    parts.append(_("the pair proposed was excluded by hand"))
        if engine:
            names = {}
            if mentor:
                names["mentor"] = mentor
            if mentee:
                names["mentee"] = mentee
            with suppress(MatchingError):
                parts.append(
                    render(
                        engine,
                        self.language,
                        names,
                        lambda s: self.skills.get(s, str(s)),
                        self.slots,
                    )
                )
        text = "; ".join(p for p in parts if p)
        return text[:1].upper() + text[1:] + ("." if text else "")


def explain(reasons, language: str, mentor: str = "", mentee: str = "") -> str:
    return Explainer([reasons], language).sentence(reasons, mentor, mentee)


def warning_text(warning: Mapping[str, Any]) -> str:
    """Return one broken constraint of a manual pair in words (current language)."""
    code = warning.get("code")
    if code == "reporting_line":
        return _("they are in the same reporting line")
    if code == "same_manager":
        return _("they have the same manager")
    if code == "no_common_language":
        return _("they have no language in common")
    if code == "unknown_level":
        return _("a seniority level is missing, so the level gap cannot be checked")
    if code == "level_gap":
        return _("the level gap is %(gap)s, below the %(min_gap)s the program requires") % {
            "gap": warning.get("gap"),
            "min_gap": warning.get("min_gap"),
        }
    if code == "capacity":
        return _("the mentor already has %(capacity)s mentee(s), the most the program allows") % {
            "capacity": warning.get("capacity")
        }
    if code == "exclusion":
        return _("this pair was excluded")
    if code == "previous_pair":
        return _("they were already paired in an earlier program")
    return str(code)


def warnings_text(warnings: Iterable[Mapping[str, Any]]) -> list[str]:
    return [warning_text(w) for w in warnings or []]


COMPONENT_LABELS = {
    "mentor_can_help": lambda: _("Mentor can help"),
    "mentee_can_help": lambda: _("Mentee can help"),
    "shared_interests": lambda: _("Shared interests"),
    "availability": lambda: _("Availability"),
    "format": lambda: _("Meeting format"),
    "different_department": lambda: _("Different departments"),
    "career_gap": lambda: _("Career gap"),
}

COMPONENT_HELP = {
    "mentor_can_help": lambda: _("How well the mentor's skills cover what the mentee wants."),
    "mentee_can_help": lambda: _("The same the other way round: mutual learning."),
    "shared_interests": lambda: _("Interests in common."),
    "availability": lambda: _("Time slots in common."),
    "format": lambda: _("In person, virtual or hybrid: compatible preferences."),
    "different_department": lambda: _("Meeting someone from another department."),
    "career_gap": lambda: _("A level gap within what the program asks."),
}


def component_label(name: str) -> str:
    label = COMPONENT_LABELS.get(name)
    return label() if label else name
