"""Explanations and warnings in the reader's language.

The engine returns reasons as codes with their data (skills, interests, slots, languages,
levels); every sentence is written here, through gettext, with the skills' labels and the
slots' names in the reader's language. The reasons of our own (a level missing, a pair
excluded by hand) and the warnings of manual pairs are translated here too.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from bascule.pairing.inputs import EXCLUDED_BY_HAND, NO_LEVEL, REPLACED_BY_HAND
from bascule.programs.availability import SLOT_CODES, slot_label
from bascule.skills.models import Skill

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
            names = {
                "mentor": mentor or pgettext("in a sentence", "the mentor"),
                "mentee": mentee or pgettext("in a sentence", "the mentee"),
            }
            parts.extend(self.reason_text(reason, names) for reason in engine)
        text = "; ".join(p for p in parts if p)
        return text[:1].upper() + text[1:] + ("." if text else "")

    def reason_text(self, reason: Mapping[str, Any], names: Mapping[str, str]) -> str:
        """One engine reason in words, in the current language ("" for an unknown code)."""
        text = ENGINE_REASONS.get(reason.get("code"))
        if text is None:
            return ""
        values = dict(names)
        values["skills"] = and_list(self.skills.get(s, str(s)) for s in reason.get("skills", ()))
        values["interests"] = and_list(str(i) for i in reason.get("interests", ()))
        values["slots"] = and_list(self.slots.get(s, str(s)) for s in reason.get("slots", ()))
        values["languages"] = or_list(language_name(c) for c in reason.get("languages", ()))
        number = int(reason.get("levels", reason.get("min_gap", 0)) or 0)
        values["levels"] = values["min_gap"] = number
        return text(number) % values


def and_list(items: Iterable[str]) -> str:
    """ "a, b and c" in the current language."""
    return _joined(list(items), pgettext("end of a list", "and"))


def or_list(items: Iterable[str]) -> str:
    """ "a, b or c" in the current language."""
    return _joined(list(items), pgettext("end of a list", "or"))


def _joined(items: list[str], last: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


LANGUAGE_NAMES = {
    "fr": lambda: pgettext("language in a sentence", "French"),
    "en": lambda: pgettext("language in a sentence", "English"),
    "de": lambda: pgettext("language in a sentence", "German"),
    "es": lambda: pgettext("language in a sentence", "Spanish"),
    "it": lambda: pgettext("language in a sentence", "Italian"),
}


def language_name(code: str) -> str:
    name = LANGUAGE_NAMES.get(code)
    return name() if name else code


# The engine's reason codes (bascule_matching.explain) in words; each takes the number of
# levels (career gaps) for the plural.
ENGINE_REASONS = {
    "mentor_can_help": lambda n: _("%(mentor)s can help %(mentee)s with %(skills)s"),
    "mentee_can_help": lambda n: _("%(mentee)s can help %(mentor)s with %(skills)s"),
    "shared_interests": lambda n: _("both like %(interests)s"),
    "availability_overlap": lambda n: _("availability overlaps on %(slots)s"),
    "no_common_availability": lambda n: _("no common availability yet"),
    "format_compatible": lambda n: _("compatible meeting formats"),
    "different_departments": lambda n: _("different departments"),
    "same_department": lambda n: _("same department"),
    "career_gap": lambda n: ngettext(
        "%(levels)s career level apart", "%(levels)s career levels apart", n
    ),
    "no_mentor": lambda n: _("no mentor has room in this program"),
    "no_common_language": lambda n: _("no eligible mentor speaks %(languages)s"),
    "career_gap_too_small": lambda n: ngettext(
        "no mentor is at least %(min_gap)s career level below",
        "no mentor is at least %(min_gap)s career levels below",
        n,
    ),
    "only_refused_mentors": lambda n: _(
        "every possible mentor is in the reporting line, excluded or a previous pair"
    ),
    "mentors_at_capacity": lambda n: _(
        "all mentors with these skills are at capacity (%(skills)s)"
    ),
    "not_selected": lambda n: _("the available mentors were a better fit for other mentees"),
    "no_eligible_mentee": lambda n: _("no mentee is eligible for this mentor"),
    "mentees_matched_elsewhere": lambda n: _("every eligible mentee was matched with someone else"),
}


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
