"""Forms with the keyboard: after a failed submission the focus is on the error summary,
whose links lead to the fields; a confirmation step is read and confirmed with the keyboard
alone; the time-zone picker filters as one types. Checked with axe, at 375 px too.

Personas: Léa (mentor, plans a meeting with Bernard) and Alice (HR admin).
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from bascule.pairing.testing import make_running_program
from bascule.programs import services
from bascule.programs.models import Program, ProgramStatus
from tests.browser.helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused_id(page: Page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def tab_to(page: Page, name: str, limit: int = 60) -> None:
    """Press Tab until the focused element's text is `name` (fail after `limit` presses)."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"“{name}” was never reached with Tab")


def fits_the_width(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_failed_submission_leaves_the_focus_on_the_error_summary(
    page, live_server, company, axe, screenshot
):
    page.set_default_timeout(15_000)
    running = make_running_program(company)
    log_in(page, live_server.url, "lea.martin@example.com")
    page.goto(f"{live_server.url}/meetings/pairs/{running.pair.pk}/new/")
    page.get_by_label("Date").fill((timezone.localdate() + dt.timedelta(days=7)).isoformat())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_role("button", name="Schedule and send the invitation").focus()
    page.keyboard.press("Enter")

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Give a place, a video link, or both")
    # First in <main>, before the page's heading.
    assert page.evaluate(
        "document.querySelector('main').querySelector('#error-summary, h1').id"
    ) == ("error-summary")
    assert_accessible(page, axe)
    screenshot("forms-error-summary-focused")

    # Tab reaches the summary's first link; Enter moves the focus to that field.
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Enter")
    assert focused_id(page) in ("id_location", "id_date")
    page.set_viewport_size({"width": 375, "height": 740})
    page.reload()  # the reload posts again: the summary takes the focus again
    expect(summary).to_be_focused()
    assert fits_the_width(page)
    assert_accessible(page, axe)
    screenshot("forms-error-summary-375")


def test_the_summary_an_htmx_filter_brings_takes_the_focus(page, live_server, company):
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, "alice.hr@example.com")
    page.goto(f"{live_server.url}/audit/")
    # A date input cannot hold an impossible date: make it a text box, as an old browser has.
    page.evaluate(
        "const input = document.querySelector('#id_date_from');"
        "input.type = 'text'; input.value = '2027-02-31';"
    )
    page.locator("#id_date_from").press("Enter")
    summary = page.locator("#error-summary-slot #error-summary")
    expect(summary).to_contain_text("These filters were not applied:")
    expect(summary).to_be_focused()


def test_a_confirmation_step_works_with_the_keyboard_alone(
    page, live_server, company, axe, screenshot
):
    page.set_default_timeout(15_000)
    today = timezone.localdate()
    program = services.program_create(
        actor=company.alice,
        template="reverse-digital",
        language="en",
        values={
            "name": "Keyboard pilot",
            "starts_on": today + dt.timedelta(days=60),
            "ends_on": today + dt.timedelta(days=240),
            "mentee_min_level": 5,
        },
    )
    log_in(page, live_server.url, "alice.hr@example.com")
    page.goto(f"{live_server.url}/programs/{program.pk}/")
    tab_to(page, "Open enrollment")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Open enrollment: are you sure?")
    expect(page.locator("main")).to_contain_text("What will happen")
    program.refresh_from_db()
    assert program.status == ProgramStatus.DRAFT
    assert_accessible(page, axe)
    screenshot("forms-confirmation")
    page.set_viewport_size({"width": 375, "height": 740})
    assert fits_the_width(page)
    assert_accessible(page, axe)
    screenshot("forms-confirmation-375")

    # "No, go back" comes right after the button: Shift+Tab from it reaches the button.
    tab_to(page, "No, go back")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Yes: open enrollment"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Enrollment is open.")
    assert Program.objects.get(pk=program.pk).status == ProgramStatus.ENROLLING


def test_the_time_zone_picker_filters_as_one_types(page, live_server, company, axe, screenshot):
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, "lea.martin@example.com")
    page.goto(f"{live_server.url}/accounts/me/")
    select = page.get_by_label("Time zone", exact=True)
    expect(select.locator("optgroup").first).to_have_attribute("label", "Suggested")
    expect(select.locator("option:checked")).to_have_text(
        re.compile(r"^Paris \(Central European (Standard |Summer )?Time, UTC\+0[12]:00\)$")
    )
    box = page.get_by_label("Filter the list by city or region")
    box.fill("martiniq")
    visible = select.locator("option:not([hidden])")
    expect(visible).to_have_count(1)
    expect(visible).to_contain_text("Martinique")
    box.press("Enter")
    expect(select).to_be_focused()
    expect(select).to_have_value("America/Martinique")
    assert_accessible(page, axe)
    screenshot("forms-time-zone-filter")
    page.get_by_role("button", name="Save my settings").click()
    expect(page.get_by_role("status")).to_contain_text("Your settings have been saved.")
    company.lea_user.refresh_from_db()
    assert company.lea_user.time_zone == "America/Martinique"
