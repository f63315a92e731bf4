"""The kickoff drill in the browser, on the demo, with the keyboard only: the demo mentee
(reading French) opens the drill from the pair's space, ticks for their mentor and sees what
the mentor ticked for them; the mentor then changes their ticks. The check-in asks the
mentee about the module both took. Each page checked with axe; nothing scrolls sideways on
a 375-px screen."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from bascule.demo.management.commands.seed_demo import DEMO_PASSWORD
from bascule.pairing.models import Pair
from bascule.skills import taxonomy as skill_taxonomy
from bascule.skills.models import Skill, SkillCategory
from bascule.training.models import DrillCheck
from tests.browser.helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"
FOCUSED_TEXT = "(document.activeElement.textContent || '').trim()"


@pytest.fixture
def demo(db):
    skill_taxonomy.install(SkillCategory, Skill)
    call_command("seed_demo", seed=2026, stdout=io.StringIO())


def tab_to(page: Page, check: str, what: str, limit: int = 150) -> None:
    for _ in range(limit):
        if page.evaluate(check):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{what} never got the focus with Tab")


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(f"{base}/")


def tick_with_the_keyboard(page: Page, values: list[str], save: str) -> None:
    """Set the drill's checkboxes to `values` with Tab and Space, then save with Enter."""
    for value in ("rephrased", "open_question", "let_me_finish"):
        box = (
            f"document.activeElement.name === 'ticks' && document.activeElement.value === {value!r}"
        )
        tab_to(page, box, value)
        checked = page.evaluate("document.activeElement.checked")
        if checked != (value in values):
            page.keyboard.press("Space")
    tab_to(page, f"{FOCUSED_TEXT} === {save!r}", save)
    page.keyboard.press("Enter")


def test_both_members_tick_the_drill_with_the_keyboard(page, live_server, demo, axe):
    page.set_default_timeout(15_000)
    base = live_server.url
    pair = Pair.objects.select_related("mentor__user").get(
        mentee__user__email="mentee@bascule.example", status="active"
    )
    log_in(page, base, "mentee@bascule.example")
    page.goto(f"{base}/pairs/{pair.pk}/")
    panel = page.locator("section[aria-labelledby=drill]")
    expect(panel).to_contain_text("Pas encore coché de votre côté.")
    expect(panel).to_contain_text(f"Fait par {pair.mentor.first_name}.")
    assert_accessible(page, axe)
    tab_to(page, f"{FOCUSED_TEXT} === 'Faire l’exercice ensemble'", "the drill's link")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/training/pairs/{pair.pk}/drill/")
    expect(page.get_by_role("heading", name="Les étapes")).to_be_visible()
    assert_accessible(page, axe)
    tick_with_the_keyboard(page, ["rephrased", "let_me_finish"], "Enregistrer mes coches")
    expect(page.get_by_text("Merci : vos coches sont enregistrées.")).to_be_visible()
    expect(panel).to_contain_text("Fait de votre côté.")
    expect(panel).to_contain_text(f"Ce que {pair.mentor.first_name} a coché pour vous")
    expect(panel).to_contain_text("Reformuler avant de répondre")
    assert DrillCheck.objects.get(pair=pair, rater=pair.mentee).ticks == [
        "rephrased",
        "let_me_finish",
    ]

    # The check-in asks about the module both took, in its own fieldset.
    page.goto(f"{base}/pairs/{pair.pk}/checkin/")
    questions = page.locator("fieldset.checkin-questions")
    expect(questions.locator("legend").first).to_have_text(
        "Ce que vous avez remarqué pendant vos rencontres"
    )
    expect(questions).to_contain_text("Mon binôme m’a demandé ce que j’attendais")
    expect(questions.get_by_label("En partie").first).to_be_visible()
    assert_accessible(page, axe)

    page.context.clear_cookies()
    log_in(page, base, pair.mentor.user.email)
    page.goto(f"{base}/training/pairs/{pair.pk}/drill/")
    tick_with_the_keyboard(page, ["open_question"], "Enregistrer mes coches")
    expect(panel).to_contain_text("Ce que vous avez coché pour")
    assert DrillCheck.objects.get(pair=pair, rater=pair.mentor).ticks == ["open_question"]

    # HR reads the pilot's aggregate: six respondents about active listening, no names.
    page.context.clear_cookies()
    log_in(page, base, "hr-admin@bascule.example")
    page.goto(f"{base}/training/manage/programs/{pair.program_id}/")
    table = page.locator("table#behaviours")
    expect(table).to_contain_text("50 %")
    expect(table).to_contain_text("Moins de 5 réponses : non affiché")
    assert pair.mentee.last_name not in table.inner_text()
    assert_accessible(page, axe)

    page.context.clear_cookies()
    log_in(page, base, "mentee@bascule.example")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{base}/training/pairs/{pair.pk}/drill/")
    assert not page.evaluate(SIDEWAYS)
    page.goto(f"{base}/pairs/{pair.pk}/")
    assert not page.evaluate(SIDEWAYS)
