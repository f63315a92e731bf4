"""A member's journey in the browser: the home page says what is due, the kickoff, a goal
proposed with the keyboard (an error first), notes; each page is checked with axe
(WCAG 2.1 AA) and screenshotted.

Personas: Léa (young marketer, mentor of Bernard); the program comes from
bascule/pairing/testing.py.
"""

import pytest
from playwright.sync_api import expect

from bascule.journey.models import Goal, KickoffConfirmation, PrivateNote
from bascule.pairing.testing import make_running_program
from tests.browser.helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_confirms_the_charter_proposes_a_goal_and_writes_notes(
    page, live_server, company, axe, screenshot
):
    page.set_default_timeout(15_000)
    base = live_server.url
    running = make_running_program(company)
    running.program.charter = "We listen before we advise.\n\nWhat is said here stays here."
    running.program.save(update_fields=["charter"])
    pair = running.pair
    log_in(page, base, "lea.martin@example.com")

    # 1. The home page says what is due, in plain words.
    card = page.get_by_role("region", name="Your mentoring with Bernard Lefèvre")
    expect(card.get_by_text("Confirm the program's charter and how you will meet.")).to_be_visible()
    assert_accessible(page, axe)
    screenshot("journey-home-due")
    card.get_by_role("link", name="Confirm the charter").click()

    # 2. The kickoff: an empty form says what is missing; then confirmed with the keyboard.
    expect(page.get_by_role("heading", level=1)).to_contain_text("The charter and your agreements")
    assert_accessible(page, axe)
    page.get_by_role("button", name="I confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("Please confirm that you accept")
    assert_accessible(page, axe)
    screenshot("journey-kickoff-errors")
    page.get_by_label("I have read the program's charter and I accept it").focus()
    page.keyboard.press("Space")
    page.get_by_label("Every two weeks").check()
    page.get_by_label("Video call").check()
    page.get_by_label("I will keep what we share confidential").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="I confirm").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Thank you: your confirmation is recorded.")).to_be_visible()
    assert KickoffConfirmation.objects.filter(pair=pair).count() == 1

    # 3. The pair's space.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your mentoring with Bernard")
    expect(page.get_by_text("Bernard has not confirmed yet.")).to_be_visible()
    assert_accessible(page, axe)

    # 4. A goal for Bernard: a progress out of range first, then fixed; the text is kept.
    page.get_by_role("link", name="Add a learning goal for Bernard").click()
    page.get_by_label("The goal", exact=True).fill("Run a video meeting on my own")
    page.get_by_label("What success looks like").fill("Three video meetings led by March")
    page.get_by_label("Target date").fill("2027-03-31")
    page.get_by_label("Progress (%)").fill("150")
    page.get_by_role("group", name="Milestone 1").get_by_label("Milestone (optional)").fill(
        "Install the video app"
    )
    page.get_by_role("button", name="Save the goal").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Progress is a percentage")
    expect(page.get_by_label("The goal", exact=True)).to_have_value("Run a video meeting on my own")
    assert_accessible(page, axe)
    screenshot("journey-goal-error")
    summary.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Progress (%)")).to_be_focused()
    page.get_by_label("Progress (%)").fill("20")
    page.get_by_role("button", name="Save the goal").click()
    expect(page.get_by_text("The goal is saved. Your partner sees it too.")).to_be_visible()
    assert Goal.objects.get(pair=pair).progress == 20

    # 5. Notes: one shared, one private.
    page.get_by_label("New shared note").fill("Agenda for Tuesday: video calls")
    page.get_by_role("button", name="Add the shared note").click()
    expect(page.get_by_text("The note is saved. Your partner sees it too.")).to_be_visible()
    page.get_by_label("New private note").fill("Bernard prefers mornings")
    page.get_by_role("button", name="Add the private note").click()
    expect(page.get_by_text("Your private note is saved. Only you can read it.")).to_be_visible()
    assert PrivateNote.objects.filter(author=company.lea_user).count() == 1
    assert_accessible(page, axe)
    screenshot("journey-pair-space")

    # 6. Home again: the goal and its progress.
    page.goto(f"{base}/")
    expect(page.get_by_text("Waiting for Bernard to confirm it too.")).to_be_visible()
    expect(page.get_by_text("Run a video meeting on my own")).to_be_visible()
    assert_accessible(page, axe)
    screenshot("journey-home-goals")
