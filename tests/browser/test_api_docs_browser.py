"""The API reference page, /api/docs: in the site's layout, both languages, WCAG 2.1 AA."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_it_has_no_violations_in_either_language(page, live_server, company, axe, language):
    company.alice.language = language
    company.alice.save(update_fields=["language"])
    log_in(page, live_server.url, "alice.hr@example.com")
    page.goto(f"{live_server.url}/api/docs")
    heading = "API reference" if language == "en" else "Référence de l'API"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page, axe)


def test_it_is_readable_at_phone_width_and_with_the_keyboard(
    page, live_server, company, screenshot
):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server.url, "alice.hr@example.com")
    page.goto(f"{live_server.url}/api/docs")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # The contents lead to each domain by keyboard.
    link = page.get_by_role("link", name="Matching", exact=True)
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/api/docs#domain-matching")
    screenshot("api-docs-phone")
