"""Explanations in the reader's language, and the warnings of manual pairs in words."""

import pytest
from django.utils import translation

from bascule.pairing.explain import explain, in_sentence, warnings_text

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
