"""Explanations in the reader's language, and the warnings of manual pairs in words."""

import pytest
from django.utils import translation

from bascule.pairing.explain import explain, in_sentence, warnings_text
from bascule_matching import REASON_CODES, Participant, match

pytestmark = pytest.mark.django_db


def test_labels_read_naturally_inside_a_sentence():
    assert in_sentence("Video calls that work") == "video calls that work"
    assert in_sentence("AI tools") == "AI tools"
    assert in_sentence("IA générative") == "IA générative"


def test_reasons_render_in_english_and_french():
    reasons = [
        {"code": "shared_interests", "interests": ["cycling"]},
        {"code": "availability_overlap", "slots": ["tue-noon"]},
        {"code": "career_gap", "levels": 4},
    ]
    english = explain(reasons, "en", mentor="Léa", mentee="Bernard")
    assert english == (
        "Both like cycling; availability overlaps on Tuesday lunchtime; 4 career levels apart."
    )
    french = explain(reasons, "fr")
    assert french.startswith("Tous deux aiment cycling; disponibilités communes le mardi")
    assert explain([{"code": "no_seniority_level"}], "en").startswith("No seniority level")


def test_warnings_are_worded():
    with translation.override("en"):
        words = warnings_text(
            [
                {"code": "reporting_line"},
                {"code": "level_gap", "gap": 1, "min_gap": 2},
                {"code": "capacity", "capacity": 1},
            ]
        )
    assert words == [
        "they are in the same reporting line",
        "the level gap is 1, below the 2 the program requires",
        "the mentor already has 1 mentee(s), the most the program allows",
    ]


def test_every_engine_reason_is_worded_in_both_languages():
    """Each reason code the engine can give has a sentence, with its data in it."""
    data = {
        "skills": [],
        "interests": ["chess", "music"],
        "slots": ["tue-am"],
        "languages": ["de", "es"],
        "levels": 3,
        "min_gap": 2,
    }
    for code, keys in REASON_CODES.items():
        reason = {"code": code, **{key: data[key] for key in keys}}
        for language in ("en", "fr"):
            text = explain([reason], language, mentor="Léa", mentee="Bernard")
            assert text and "%(" not in text, (code, language)
        assert explain([reason], "fr") != explain([reason], "en"), code


def test_a_proposed_pair_and_a_person_left_aside_read_well():
    lea = Participant(
        "lea", "mentor", can_share={"social": 4, "ai": 3}, wants={"nego": 2},
        interests=frozenset({"cycling"}), availability=frozenset({"tue-am"}),
        languages=frozenset({"fr"}), department_id="digital", seniority=2,
    )  # fmt: skip
    bernard = Participant(
        "bernard", "mentee", can_share={"nego": 4}, wants={"social": 4, "ai": 4},
        interests=frozenset({"cycling"}), availability=frozenset({"tue-am", "wed-pm"}),
        languages=frozenset({"fr", "de"}), department_id="finance", seniority=7,
    )  # fmt: skip
    hans = Participant("hans", "mentee", languages=frozenset({"de"}), seniority=7)
    result = match([lea, bernard, hans])
    (pair,) = result.pairs
    english = explain(pair.reasons, "en", mentor="Léa", mentee="Bernard")
    assert english.startswith(
        "Léa can help Bernard with social and ai; Bernard can help Léa with nego; "
        "both like cycling; availability overlaps on Tuesday morning"
    )
    assert "different departments" in english
    french = explain(pair.reasons, "fr", mentor="Léa", mentee="Bernard")
    assert french.startswith("Léa peut aider Bernard sur ces points : social et ai; ")
    (alone,) = result.unmatched
    assert explain(alone.reasons, "en") == "No eligible mentor speaks German."
    assert explain(alone.reasons, "fr") == "Aucun mentor possible ne parle allemand."
    two = [{"code": "no_common_language", "languages": ["de", "es"]}]
    assert explain(two, "en") == "No eligible mentor speaks German or Spanish."
    assert explain(two, "fr") == "Aucun mentor possible ne parle allemand ou espagnol."
    gap = [{"code": "career_gap_too_small", "min_gap": 1}]
    assert explain(gap, "en") == "No mentor is at least 1 career level below."
