"""The built-in catalog (bascule/training/catalog/): ten modules, each complete in French and
English, in the shape and order the rest of the product relies on."""

import re

import pytest
from django.conf import settings

from bascule.core.markdown import render_markdown
from bascule.training import content
from bascule.training.models import Module, ModuleVersion

EXPECTED = [
    ("reverse-mentoring", "both"),
    ("mentoring-a-senior-colleague", "mentor"),
    ("learning-from-a-junior-colleague", "mentee"),
    ("communicating-across-generations", "both"),
    ("active-listening", "both"),
    ("feedback", "both"),
    ("first-meeting", "both"),
    ("setting-goals", "both"),
    ("confidentiality-and-trust", "both"),
    ("closing-well", "both"),
]
CALLOUTS = {
    "fr": ("Astuce\u00a0:", "Exemple\u00a0:"),
    "en": ("Tip:", "Example:"),
}
PARTNER = {"fr": "Mon binôme ", "en": "My partner "}
MARKDOWN_SIGNS = re.compile(r"[*_`#<>\[\]]")
COLLEAGUE = re.compile(r"\b([A-ZÉ]\w+(?:-[A-ZÉ]\w+)?), (\d{2})\b")  # "Inès, 26 ans" / "Inès, 26,"
CATALOG = content.load_catalog()


def texts():
    return [
        pytest.param(module, language, id=f"{module.slug}-{language}")
        for module in CATALOG
        for language in content.LANGUAGES
    ]


def words(markdown: str) -> int:
    return len(re.findall(r"\w+", markdown))


def test_the_catalog_holds_the_ten_modules_in_order():
    assert [(module.slug, module.audience) for module in CATALOG] == EXPECTED
    assert [module.position for module in CATALOG] == list(range(1, 11))


def test_each_file_is_named_after_its_position_and_slug():
    names = sorted(path.name for path in content.CATALOG.glob("*.toml"))

    assert names == [f"{n:02d}-{slug}.toml" for n, (slug, _audience) in enumerate(EXPECTED, 1)]


@pytest.mark.parametrize("module", CATALOG, ids=lambda module: module.slug)
def test_each_module_has_its_duration_pass_mark_and_both_languages(module):
    assert 10 <= module.minutes <= 25
    assert 60 <= module.pass_mark <= 80
    assert set(module.texts) == {"fr", "en"}


@pytest.mark.parametrize("module", CATALOG, ids=lambda module: module.slug)
def test_questions_are_the_same_in_both_languages(module):
    french, english = module.texts["fr"].questions, module.texts["en"].questions

    assert 3 <= len(french) <= 6
    assert [(q.multiple, [c.correct for c in q.choices]) for q in french] == [
        (q.multiple, [c.correct for c in q.choices]) for q in english
    ]


@pytest.mark.parametrize("module, language", texts())
def test_each_text_is_complete(module, language):
    text = module.texts[language]

    assert text.title and text.summary and text.practice
    assert 1 <= len(re.findall(r"[.!?](?:\s|$)", text.summary)) <= 2  # one or two sentences
    assert 2 <= len(text.objectives) <= 4
    assert 3 <= len(text.sections) <= 5
    assert text.behaviour.startswith(PARTNER[language])
    assert "\n" not in text.behaviour


@pytest.mark.parametrize("module, language", texts())
def test_every_choice_is_explained(module, language):
    for question in module.texts[language].questions:
        assert 3 <= len(question.choices) <= 4
        assert sum(choice.correct for choice in question.choices) >= 1
        assert all(choice.explanation.strip() for choice in question.choices)
        assert question.prompt.endswith("?")


def test_the_catalog_has_multiple_choice_questions_and_mostly_single_ones():
    questions = [q for module in CATALOG for q in module.texts["en"].questions]
    several = [q for q in questions if q.multiple]

    assert several
    assert len(several) < len(questions) / 2
    assert all(sum(c.correct for c in q.choices) >= 2 for q in several)


@pytest.mark.parametrize("module, language", texts())
def test_each_section_renders_safely_with_its_callout(module, language):
    for section in module.texts[language].sections:
        html = str(render_markdown(section.body)).replace("&nbsp;", "\u00a0")

        assert "<script" not in html
        assert "<blockquote>" in html
        assert any(
            f"<blockquote>\n<p><strong>{label}</strong>" in html for label in CALLOUTS[language]
        ), section.title
        assert "<ul>" in html or "<ol>" in html or "<table>" in html, section.title
        assert 120 <= words(section.body) <= 300, (section.title, words(section.body))


@pytest.mark.parametrize("module, language", texts())
def test_each_section_has_an_example_with_colleagues_of_two_generations(module, language):
    for section in module.texts[language].sections:
        ages = {name: int(age) for name, age in COLLEAGUE.findall(section.body)}

        assert len(ages) >= 2, section.title
        assert max(ages.values()) - min(ages.values()) >= 15, section.title


@pytest.mark.parametrize("module, language", texts())
def test_the_practice_is_a_ten_minute_exercise_in_numbered_steps(module, language):
    practice = module.texts[language].practice
    html = str(render_markdown(practice))

    assert "<ol>" in html
    assert ("10\u00a0minutes" if language == "fr" else "10 minutes") in practice


@pytest.mark.parametrize("module, language", texts())
def test_titles_prompts_and_choices_are_plain_text(module, language):
    text = module.texts[language]
    plain = [text.title, text.summary, text.behaviour, *text.objectives]
    plain += [section.title for section in text.sections]
    for question in text.questions:
        plain += [question.prompt, *(choice.text for choice in question.choices)]
        plain += [choice.explanation for choice in question.choices]

    assert [line for line in plain if MARKDOWN_SIGNS.search(line)] == []


@pytest.mark.parametrize("module", CATALOG, ids=lambda module: module.slug)
def test_french_follows_french_typography(module):
    text = module.texts["fr"]
    everything = [text.title, text.summary, text.practice, text.behaviour, *text.objectives]
    everything += [part for section in text.sections for part in (section.title, section.body)]
    for question in text.questions:
        everything.append(question.prompt)
        everything += [part for c in question.choices for part in (c.text, c.explanation)]

    for part in everything:
        assert '"' not in part and "'" not in part, part  # « » and ’
        assert not re.search(r" [:;?!»]|« ", part), part  # non-breaking spaces
        assert not re.search(r"\b(tu|tes|toi)\b", part), part  # « vous »


def test_active_listening_has_a_self_check():
    listening = next(module for module in CATALOG if module.slug == "active-listening")
    french = " ".join(s.title + s.body for s in listening.texts["fr"].sections)
    english = " ".join(s.title + s.body for s in listening.texts["en"].sections)

    assert "auto-évaluation" in french.lower()
    assert "self-check" in english.lower()


def test_feedback_names_the_sbi_model():
    feedback = next(module for module in CATALOG if module.slug == "feedback")

    for language in content.LANGUAGES:
        sections = " ".join(s.title + s.body for s in feedback.texts[language].sections)
        assert "SBI" in sections
        assert "feed-forward" in sections.lower()


def test_the_documentation_lists_every_module():
    documentation = (settings.BASE_DIR / "docs" / "training.md").read_text(encoding="utf-8")
    catalog = documentation.split("## The built-in catalog", 1)[1]

    for module in CATALOG:
        row = next(line for line in catalog.splitlines() if f"| `{module.slug}` |" in line)
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[:4] == [
            str(module.position),
            f"`{module.slug}`",
            module.audience,
            str(module.minutes),
        ]
        assert cells[-1] == module.texts["en"].behaviour


@pytest.mark.django_db
def test_each_module_is_stored_and_read_back_unchanged():
    """A version keeps `as_data` in a JSON column: the texts (« », non-breaking spaces, accents)
    come back from the database as they were written."""
    for module in CATALOG:
        stored = Module.objects.create(slug=module.slug, audience=module.audience, builtin=True)
        ModuleVersion.objects.create(
            module=stored,
            number=1,
            minutes=module.minutes,
            pass_mark=module.pass_mark,
            content=content.as_data(module),
        )

    for version in ModuleVersion.objects.order_by("module__slug"):
        module = content.parse(version.content, both_languages=True)
        assert module == next(m for m in CATALOG if m.slug == version.module.slug)
