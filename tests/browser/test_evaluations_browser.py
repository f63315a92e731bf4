"""Bernard (mentee, reads French) answers the baseline survey from his home page — a first
try without answers shows the errors, nothing is lost — and Alice (HR) reads the results
once at least five people have answered: aggregated, never a name. Pages checked with axe."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bascule.evaluations import services
from bascule.evaluations.models import Response, Survey
from bascule.evaluations.tests.helpers import add_pair, answer
from bascule.pairing.testing import make_running_program
from tests.browser.helpers import assert_accessible, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_everywhere(page, value: str) -> None:
    """Pick `value` in every group of radio buttons of the page (Likert, NPS, skills)."""
    names = page.eval_on_selector_all(
        "input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
    )
    for name in names:
        page.locator(f"input[type=radio][name='{name}'][value='{value}']").check()


def test_bernard_answers_and_hr_reads_the_results_over_five_people(
    page, live_server, company, axe, screenshot
):
    page.set_default_timeout(15_000)
    base = live_server.url
    running = make_running_program(company)
    surveys = services.ensure_program_surveys(running.program)
    today = timezone.localdate()
    Survey.objects.filter(pk=surveys["baseline"].pk).update(
        opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=14)
    )
    baseline = Survey.objects.get(pk=surveys["baseline"].pk)
    main = page.locator("main")

    # 1. Bernard finds the survey on his home page.
    log_in(page, base, "bernard.lefevre@example.com")
    card = page.get_by_role("region", name="Vos questionnaires")
    card.get_by_role("link", name="Répondre au questionnaire").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Questionnaire de départ")
    assert_accessible(page, axe)

    # 2. Sent empty: the errors are listed, nothing is saved.
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert not Response.objects.exists()
    assert_accessible(page, axe)
    screenshot("evaluations-answer-errors-fr")

    # 3. Answered, then sent with the keyboard.
    choose_everywhere(page, "3")
    page.get_by_role("button", name="Envoyer mes réponses").focus()
    page.keyboard.press("Enter")
    expect(main).to_contain_text("Merci : vos réponses sont enregistrées.")
    assert Response.objects.filter(respondent=company.bernard).count() == 1
    expect(page.get_by_role("region", name="Vos questionnaires")).to_have_count(0)
    log_out(page)

    # 4. Léa and two more pairs answer: six people. HR reads the results.
    answer(baseline, running.pair, company.lea_user, value=5)
    for _ in range(2):
        pair, mentor, mentee = add_pair(running.program)
        answer(baseline, pair, mentor, value=4)
        answer(baseline, pair, mentee, value=4)
    log_in(page, base, "alice.hr@example.com")
    page.goto(f"{base}/programs/{running.program.pk}/")
    page.get_by_role("link", name="Evaluations").click()
    page.get_by_role("link", name="Results").first.click()
    expect(main).to_contain_text("6 respondents")
    # Three mentors and three mentees: groups under 5, whose sizes are not shown either.
    expect(main).not_to_contain_text("3 mentors")
    expect(main).not_to_contain_text("Bernard")
    assert_accessible(page, axe)
    screenshot("evaluations-results")
