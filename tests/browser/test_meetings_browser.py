"""Léa schedules a meeting with Bernard from her home page, choosing one of the times they
are both available; both receive the invitation with its calendar file; Bernard, in French,
sees the meeting on his home page. The pages are checked with axe (WCAG 2.1 AA).

Personas: Léa (mentor) and Bernard (mentee, reads French); the running program comes from
bascule/pairing/testing.py (both are available on Tuesday mornings and Thursday afternoons).
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from bascule.meetings.models import Meeting
from bascule.pairing.testing import make_running_program
from tests.browser.helpers import assert_accessible, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lea_schedules_a_meeting_and_both_members_are_invited(
    page, live_server, company, axe, screenshot
):
    page.set_default_timeout(15_000)
    base = live_server.url
    running = make_running_program(company)
    mail.outbox.clear()  # the publication's e-mails
    log_in(page, base, "lea.martin@example.com")
    main = page.locator("main")

    # 1. From the pair's card on the home page to the pair's meetings.
    card = page.get_by_role("region", name="Your mentoring with Bernard Lefèvre")
    expect(card).to_contain_text("No meeting planned yet.")
    card.get_by_role("link", name="Plan a meeting").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meetings with Bernard Lefèvre")
    assert_accessible(page, axe)
    page.get_by_role("link", name="Schedule a meeting").click()

    # 2. The form proposes the times both are available; a mistake keeps what was typed.
    expect(main).to_contain_text("When you are both available")
    assert_accessible(page, axe)
    screenshot("meetings-schedule-form")
    page.get_by_role("link", name=re.compile("^Tuesday .* 10:00$")).first.click()
    expect(page.get_by_label("Start time")).to_have_value("10:00")
    page.get_by_label("Agenda").fill("AI tools for the controlling team")
    page.get_by_role("button", name="Schedule and send the invitation").click()
    expect(main).to_contain_text("Give a place, a video link, or both")
    expect(page.get_by_label("Agenda")).to_have_value("AI tools for the controlling team")
    expect(page.get_by_label("Place")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, axe)
    screenshot("meetings-schedule-error")

    # 3. With the keyboard: the place, then send.
    page.get_by_label("Place").fill("Café Lumière, 3rd floor")
    page.get_by_role("button", name="Schedule and send the invitation").focus()
    page.keyboard.press("Enter")
    expect(main).to_contain_text("The meeting is scheduled.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meeting with Bernard Lefèvre")
    expect(main).to_contain_text("10:00–10:45")
    assert_accessible(page, axe)
    screenshot("meetings-detail")

    meeting = Meeting.objects.get(pair=running.pair)
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["bernard.lefevre@example.com", "lea.martin@example.com"]
    for message in mail.outbox:
        (attachment,) = message.attachments
        assert attachment.mimetype == "text/calendar; method=REQUEST"
        assert meeting.uid in attachment.content

    # 4. Léa makes her private calendar address; the feed holds the meeting, without a login.
    page.get_by_role("link", name="Home").click()
    page.get_by_role("link", name="All my meetings").click()
    page.get_by_role("link", name="Add my meetings to my calendar app").click()
    expect(main).to_contain_text("You have no calendar address.")
    page.get_by_role("button", name="Create my calendar address").click()
    address = page.get_by_label("Your private calendar address")
    expect(address).to_have_value(re.compile(r"/meetings/feed/[\w-]{40,}\.ics$"))
    # The clipboard is granted as a browser would after the user allowed it (headless Chromium
    # otherwise decides by focus and timing); without it the page says how to copy by hand.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy = page.get_by_role("button", name="Copy")
    expect(copy).to_be_visible()  # shown once its script works
    copy.focus()
    page.keyboard.press("Enter")
    # The page says what happened: copied, or (when the browser keeps the clipboard to itself)
    # the address selected with the keys to press; both paths have tests of their own in
    # test_security_headers_browser.py.
    expect(page.locator("#feed-copy-status")).to_have_text(
        re.compile(r"^(Copied|The address is selected: press Ctrl\+C)")
    )
    assert_accessible(page, axe)
    screenshot("meetings-calendar-address")
    feed_path = "/meetings/" + address.input_value().split("/meetings/", 1)[1]
    anonymous = page.context.browser.new_context()  # no session: the token is the key
    try:
        feed = anonymous.request.get(f"{base}{feed_path}", headers={"Connection": "close"})
        assert feed.status == 200
        assert feed.headers["content-type"].startswith("text/calendar")
        assert meeting.uid in feed.text()
    finally:
        anonymous.close()
    log_out(page)

    # 5. Bernard, in French, sees the meeting on his home page.
    log_in(page, base, "bernard.lefevre@example.com")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("main")).to_contain_text("Café Lumière, 3rd floor")
    expect(page.locator("main")).to_contain_text("10:00")
    assert_accessible(page, axe)
    screenshot("meetings-home-mentee-fr")
