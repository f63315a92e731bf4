"""A pair that stalled gets going again, and HR sees its health change.

Léa (mentor) and Bernard (mentee, reads French) were paired 23 days ago, confirmed the
charter and set a goal, but have not met: HR's list says the pair needs attention. Léa
schedules a meeting (both receive the invitation), Bernard gives his check-in in French, and
Alice (HR) sees the pair on track. Each page is checked with axe (WCAG 2.1 AA).
"""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from bascule.journey import services
from bascule.journey.models import GoalDirection
from bascule.pairing.models import Pair
from bascule.pairing.testing import make_running_program
from tests.browser.helpers import assert_accessible, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def stalled_pair(company):
    """Léa and Bernard, paired 23 days ago, charter confirmed, one goal, no meeting."""
    running = make_running_program(company)
    published = timezone.now() - dt.timedelta(days=23)
    Pair.objects.filter(program=running.program).update(published_at=published)
    running.pair.refresh_from_db()
    values = {
        "charter_accepted": True,
        "meeting_frequency": "fortnightly",
        "channel": "in_person",
        "confidentiality": True,
    }
    for user in (company.lea_user, company.bernard_user):
        services.kickoff_confirm(actor=user, pair=running.pair, values=values)
    services.goal_create(
        actor=company.lea_user,
        pair=running.pair,
        values={
            "direction": GoalDirection.LEARNING,
            "title": "Use AI tools to prepare my board notes",
            "success_criteria": "Two notes prepared with an assistant",
            "target_date": running.program.ends_on,
            "status": "in_progress",
            "progress": 30,
        },
    )
    return running


def test_a_meeting_and_a_check_in_put_a_stalled_pair_back_on_track(
    page, live_server, company, axe, screenshot
):
    page.set_default_timeout(15_000)
    base = live_server.url
    running = stalled_pair(company)
    mail.outbox.clear()
    main = page.locator("main")
    pair_row = f"#pair-{running.pair.pk}"

    # 1. HR: from the program's page to the health of its pairs; Bernard's pair needs
    #    attention, with the reason in words.
    log_in(page, base, "alice.hr@example.com")
    page.goto(f"{base}/programs/{running.program.pk}/")
    page.get_by_role("link", name="Health of the pairs").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Health of the pairs")
    row = page.locator(pair_row)
    expect(row).to_contain_text("Needs attention")
    expect(row).to_contain_text("No meeting yet, 3 weeks after the pair was formed")
    assert_accessible(page, axe)
    screenshot("health-list-before")
    row.get_by_role("link").first.click()
    expect(main).to_contain_text("Send the pair a message")
    expect(page.get_by_role("textbox", name="Message")).to_have_value(
        "It has been a while since your last meeting: could you plan the next one together?"
    )
    assert_accessible(page, axe)
    screenshot("health-pair-before")
    log_out(page)

    # 2. Léa schedules a meeting from her pair's card; both receive the invitation.
    log_in(page, base, "lea.martin@example.com")
    card = page.get_by_role("region", name="Your mentoring with Bernard Lefèvre")
    card.get_by_role("link", name="Plan a meeting").click()
    page.get_by_role("link", name="Schedule a meeting").click()
    page.locator("a", has_text="10:00").first.click()
    page.get_by_label("Place").fill("Café Lumière, 3rd floor")
    page.get_by_role("button", name="Schedule and send the invitation").click()
    expect(main).to_contain_text("The meeting is scheduled.")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "bernard.lefevre@example.com",
        "lea.martin@example.com",
    ]
    assert all(m.attachments for m in mail.outbox)
    log_out(page)

    # 3. Bernard, in French, gives his check-in from his home page, with the keyboard.
    log_in(page, base, "bernard.lefevre@example.com")
    page.get_by_role("link", name="Faire mon point d'étape").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Votre point d'étape")
    page.get_by_label("5 — Très bien").check()
    assert_accessible(page, axe)
    screenshot("health-checkin-fr")
    page.get_by_role("button", name="Envoyer mon point d'étape").focus()
    page.keyboard.press("Enter")
    expect(main).to_contain_text("Merci")
    log_out(page)

    # 4. HR sees the pair on track: a meeting planned, one check-in of two, mood 5/5.
    log_in(page, base, "alice.hr@example.com")
    page.goto(f"{base}/pairs/health/programs/{running.program.pk}/")
    row = page.locator(pair_row)
    expect(row).to_contain_text("On track")
    expect(row).to_contain_text("Nothing to report.")
    expect(row).to_contain_text("1 of 2")
    expect(row).to_contain_text("mood 5.0/5")
    page.get_by_role("link", name="On track (").click()
    expect(page.locator(pair_row)).to_be_visible()
    assert_accessible(page, axe)
    screenshot("health-list-after")
