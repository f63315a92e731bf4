"""The demo's senior mentee, reading French, with the keyboard only: from the menu to "My
training", resumes the module in progress, reads its sections, takes the quiz, reads the
explanations and sees the module completed. Each page checked with axe; then on a 375-px
screen, nothing scrolls sideways."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from bascule.demo.management.commands.seed_demo import DEMO_PASSWORD
from bascule.skills import taxonomy as skill_taxonomy
from bascule.skills.models import Skill, SkillCategory
from bascule.training import selectors
from bascule.training.models import Progress
from tests.browser.helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"
FOCUSED_TEXT = "(document.activeElement.textContent || '').trim()"


@pytest.fixture
def demo(db):
    # Transactional tests empty the database: put back the skills the migrations install.
    skill_taxonomy.install(SkillCategory, Skill)
    call_command("seed_demo", seed=2026, stdout=io.StringIO())


def tab_to(page: Page, check: str, what: str, limit: int = 80) -> None:
    """Press Tab until `check` (a script about document.activeElement) holds."""
    for _ in range(limit):
        if page.evaluate(check):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{what} never got the focus with Tab")


def tab_to_text(page: Page, text: str) -> None:
    tab_to(page, f"{FOCUSED_TEXT}.startsWith({text!r})", text)


def tab_to_input(page: Page, name: str) -> None:
    tab_to(page, f"document.activeElement.name === {name!r}", name)


def test_the_senior_mentee_completes_a_module_with_the_keyboard(page, live_server, demo, axe):
    page.set_default_timeout(15_000)
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill("mentee@bascule.example")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(f"{base}/")
    progress = Progress.objects.get(
        employee__user__email="mentee@bascule.example", completed_at__isnull=True
    )
    module = progress.module.slug
    # The built-in module in progress, as the mentee reads it (French).
    text, _fell_back = selectors.version_text(progress.version, "fr")
    sections = len(text.sections)

    # 1. The menu's "Formation", then the module in progress, resumed where it stopped.
    tab_to_text(page, "Formation")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ma formation")
    expect(page.get_by_text("Meilleur score au quiz : 100 %.")).to_be_visible()
    assert_accessible(page, axe)
    tab_to_text(page, "Reprendre à la section 2")
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"Section 2 sur {sections}")).to_be_visible()
    assert_accessible(page, axe)

    # 2. The sections, one page each, then the quiz.
    for number in range(3, sections + 1):
        tab_to_text(page, "Section suivante")
        page.keyboard.press("Enter")
        expect(page.get_by_text(f"Section {number} sur {sections}")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text(text.sections[number - 1].title)
    tab_to_text(page, "Lecture terminée")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quiz")
    assert page.locator("fieldset legend").count() == len(text.questions)
    assert_accessible(page, axe)

    # 3. Sent without answers: the errors, nothing saved; then the right answers, with the
    # arrow keys in a group of radio buttons and Space on each right checkbox.
    tab_to_text(page, "Envoyer mes réponses")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Veuillez répondre à cette question.").first).to_be_visible()
    assert_accessible(page, axe)
    for number, question in enumerate(text.questions, start=1):
        tab_to_input(page, f"question_{number}")
        right = [index for index, choice in enumerate(question.choices) if choice.correct]
        if question.multiple:
            for index in range(len(question.choices)):
                if index in right:
                    page.keyboard.press("Space")
                if index < len(question.choices) - 1:
                    page.keyboard.press("Tab")
        else:
            page.keyboard.press("Space")
            for _ in range(right[0]):
                page.keyboard.press("ArrowDown")
    tab_to_text(page, "Envoyer mes réponses")
    page.keyboard.press("Enter")

    # 4. The results: the score, every explanation, the module completed.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Résultats du quiz")
    expect(page.get_by_text("100 % des questions entièrement justes")).to_be_visible()
    expect(page.get_by_text("Vous avez terminé ce module.")).to_be_visible()
    shown = page.locator("li span.fw-normal").all_inner_texts()
    explained = [choice.explanation for question in text.questions for choice in question.choices]
    assert [" ".join(t.split()) for t in shown] == [" ".join(t.split()) for t in explained]
    assert_accessible(page, axe)
    progress.refresh_from_db()
    assert progress.completed_at is not None and progress.best_score == 100

    # 5. On a phone: nothing scrolls sideways.
    page.set_viewport_size({"width": 375, "height": 740})
    for path in (
        page.url,
        f"{base}/training/",
        f"{base}/training/{module}/",
        f"{base}/training/{module}/1/",
        f"{base}/training/{module}/quiz/",
    ):
        page.goto(path)
        assert not page.evaluate(SIDEWAYS), f"{path} scrolls sideways at 375 px"
    assert_accessible(page, axe)
