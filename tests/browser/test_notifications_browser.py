"""Léa has two unread notifications. With the keyboard only she reaches the header's
notifications link, opens one (the count drops on the page she lands on), comes back, marks
them all read (the count empties at once, without a page load, and the focus lands on the
confirmation), then chooses how she hears of two kinds on her notifications and reminders page:
arrow keys move within a kind's choices and skip what HR does not allow. The same on a phone's
width, through the folded menu; both pages are checked with axe (WCAG 2.1 AA)."""

import uuid

import pytest
from playwright.sync_api import Page, expect

from bascule.notifications import tasks
from bascule.notifications.models import Channel, Notification, NotificationPreference
from bascule.pairing.testing import make_running_program
from tests.browser.helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"


def two_notifications_for_lea(company) -> int:
    """Léa's pair is announced and HR writes to her: two e-mails, two notifications; return
    her pair's id."""
    running = make_running_program(company)
    Notification.objects.all().delete()  # what making the program told her
    pair = running.pair.pk
    for name, arguments in (
        ("pair_announcement", {"pair_ids": [pair]}),
        (
            "pair_nudge",
            {
                "pair_id": pair,
                "recipient_ids": [company.lea_user.pk],
                "message": "Could you plan your first meeting?",
                "sender_id": company.alice.pk,
            },
        ),
    ):
        tasks.deliver.call(name=name, arguments=arguments, job=uuid.uuid4().hex)
    return pair


def tab_to(page: Page, test: str, *, limit: int = 60) -> None:
    """Press Tab until `test` (JavaScript about `document.activeElement`) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const e = document.activeElement; return {test}; }})()"):
            return
    raise AssertionError(f"never reached with Tab: {test}")


def badge(page: Page):
    return page.locator(".notifications-link [aria-live]")


def test_the_centre_and_the_preferences_with_the_keyboard_only(
    page, live_server, company, axe, screenshot
):
    page.set_default_timeout(15_000)
    page.set_viewport_size({"width": 1280, "height": 900})
    base = live_server.url
    pair = two_notifications_for_lea(company)
    log_in(page, base, "lea.martin@example.com")
    expect(badge(page)).to_have_text("2 unread notifications")

    # The header's link, then the newest notification: HR's message, about her pair.
    tab_to(page, "e.classList.contains('notifications-link')")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    assert_accessible(page, axe)
    tab_to(page, "e.closest('.notification-list') !== null")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/pairs/{pair}/")
    expect(badge(page)).to_have_text("1 unread notification")

    # Back to the centre; "Mark all as read" answers in place: no page load.
    tab_to(page, "e.classList.contains('notifications-link')")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    page.evaluate("window.stayed = true")
    tab_to(page, "e.textContent.trim() === 'Mark all as read'")
    page.keyboard.press("Enter")
    confirmation = page.locator("#notification-centre [role=status]")
    expect(confirmation).to_have_text("Every notification is marked as read.")
    expect(confirmation).to_be_focused()
    expect(badge(page)).to_have_text("")  # the header heard the event: no 60 s wait
    assert page.evaluate("window.stayed === true")
    expect(page.get_by_role("button", name="Mark all as read")).to_have_count(0)
    assert_accessible(page, axe)

    # The preferences, from the centre.
    tab_to(page, "e.textContent.trim() === 'Choose how you are notified, and your reminders'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications and reminders")
    assert_accessible(page, axe)
    screenshot("notification-preferences")
    nudges = page.get_by_role("group", name="Messages from HR about my pair")
    nudges.get_by_label("In the app and by e-mail").focus()
    page.keyboard.press("ArrowDown")  # by e-mail only
    page.keyboard.press("ArrowDown")  # in the app only
    expect(nudges.get_by_label("In the app only")).to_be_checked()
    # A pause HR requires her to hear of: from the first choice back to the last one allowed,
    # "Not at all" (disabled) skipped.
    paused = page.get_by_role("group", name="My pair is paused")
    expect(paused.get_by_label("Not at all")).to_be_disabled()
    expect(paused).to_contain_text("Required by your organisation:")
    paused.get_by_label("In the app and by e-mail").focus()
    page.keyboard.press("ArrowUp")
    expect(paused.get_by_label("In the app only")).to_be_checked()
    expect(paused.get_by_label("In the app only")).to_be_focused()
    tab_to(page, "e.textContent.trim() === 'Save my choices'")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Your choices are saved.")
    expect(nudges.get_by_label("In the app only")).to_be_checked()
    assert dict(
        NotificationPreference.objects.filter(user=company.lea_user).values_list("kind", "channel")
    ) == {"pair_nudge": Channel.IN_APP, "pair_paused": Channel.IN_APP}


def test_on_a_phone_through_the_folded_menu(browser, live_server, company, axe):
    two_notifications_for_lea(company)
    base = live_server.url
    for width in (375, 320):
        context = browser.new_context(viewport={"width": width, "height": 740})
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, base, "lea.martin@example.com")
        for path in ("/notifications/", "/notifications/preferences/"):
            page.goto(f"{base}{path}")
            assert not page.evaluate(SIDEWAYS), f"{path} scrolls sideways at {width} px"
        if width == 375:
            page.goto(f"{base}/")
            tab_to(page, "e.classList.contains('nav-toggle')")
            page.keyboard.press("Enter")
            expect(badge(page)).to_have_text("2 unread notifications")
            tab_to(page, "e.classList.contains('notifications-link')")
            page.keyboard.press("Enter")
            expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
            page.evaluate("window.stayed = true")
            tab_to(page, "e.textContent.trim() === 'Mark all as read'")
            page.keyboard.press("Enter")
            expect(page.locator("#notification-centre [role=status]")).to_be_focused()
            expect(badge(page)).to_have_text("")
            assert page.evaluate("window.stayed === true")
            page.goto(f"{base}/notifications/preferences/")
            assert_accessible(page, axe)
        context.close()
