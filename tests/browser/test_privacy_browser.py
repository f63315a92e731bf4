"""Personal data in a real browser: a participant's own copy (print button, file) and HR's
erasure with its typed confirmation, with the keyboard, at 375 px, and checked by axe."""

import pytest
from playwright.sync_api import expect

from bascule.people.models import Employee
from tests.browser.helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_participant_reads_prints_and_downloads_their_data(page, live_server, company, axe):
    log_in(page, live_server.url, company.lea_user.email)
    page.goto(f"{live_server.url}/accounts/me/")
    page.get_by_role("link", name="See my personal data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My personal data")
    # The print button is an enhancement: shown by print.js.
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    assert_accessible(page, axe)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a file (JSON)").click()
    assert download.value.suggested_filename.startswith("bascule-my-data-")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_hr_erases_someone_with_the_keyboard_after_typing_their_name(
    page, live_server, company, axe
):
    log_in(page, live_server.url, company.alice.email)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/people/{company.lea.pk}/")
    page.get_by_role("link", name="Erase their personal data…").click()
    expect(page.get_by_role("heading", name="What will be erased")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page, axe)

    field = page.get_by_label("Name of the person to erase")
    field.focus()
    page.keyboard.type("Bernard")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Nothing was erased")
    assert_accessible(page, axe)
    assert Employee.objects.get(pk=company.lea.pk).erased_at is None

    field = page.get_by_label("Name of the person to erase")
    field.fill("")
    field.focus()
    page.keyboard.type("lea martin")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Erased person")
    expect(page.get_by_text("The personal data was erased.")).to_be_visible()
    assert Employee.objects.get(pk=company.lea.pk).erased_at is not None
