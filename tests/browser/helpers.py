"""Shared steps of the browser tests: logging in and out, and the axe check (WCAG 2.1 AA).

The `axe` fixture is in tests/browser/conftest.py.
"""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from bascule.testing import PASSWORD

WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def assert_accessible(page: Page, axe: Axe) -> None:
    """Fail with axe's report when the page has any WCAG 2.1 A/AA violation."""
    results = axe.run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def log_in(page: Page, base_url: str, email: str) -> None:
    """Log in through the form (English labels: personas read English) and land on home."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page).to_have_url(f"{base_url}/")


def log_out(page: Page) -> None:
    """Log out from the header, whatever the page's language and the screen's width (on a
    narrow screen the menu is folded behind its button: open it first)."""
    toggle = page.locator(".nav-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    page.locator("form[action$='/accounts/logout/'] button").click()
