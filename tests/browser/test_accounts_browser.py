"""Accounts, language and keyboard use, in Chromium against a live server.

Personas: Alice (HR admin) and Bernard (senior mentee), see bascule/testing.py.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import Page, expect

from bascule.accounts.models import User
from bascule.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


NEW_PASSWORD = "a-much-longer-new-secret-42"


def text_in(language: str, message: str) -> str:
    """Return `message` as the server will show it in `language`."""
    with translation.override(language):
        return translation.gettext(message)


def log_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label(text_in("en", "E-mail address")).fill(email)
    page.get_by_label(text_in("en", "Password"), exact=True).fill(password)
    page.get_by_role("button", name=text_in("en", "Log in"), exact=True).click()


def no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_it_logs_in_as_hr_through_the_form(page, live_server, company, screenshot):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    screenshot("login")
    log_in(page, live_server.url, "alice.hr@example.com")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Alice")
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="People")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("My account"))).to_be_visible()
    screenshot("home-hr")

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("status")).to_contain_text("You have been logged out.")


def test_it_shows_a_message_for_a_wrong_password(page, live_server, company, screenshot):
    log_in(page, live_server.url, "alice.hr@example.com", "not-her-password")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("This e-mail address and password do not match an account.")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    screenshot("login-failed")


def test_it_switches_language_and_back(page, live_server, company, settings, screenshot):
    settings.LANGUAGE_CODE = "fr"
    page.set_extra_http_headers({"Accept-Language": "fr-FR,fr;q=0.9"})
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(text_in("fr", "Log in to Bascule"))
    expect(page.get_by_role("button", name="Français")).to_have_count(0)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading).to_have_text("Log in to Bascule")
    # The switch now offers French instead of English: its visible text changed.
    expect(page.get_by_role("button", name="Français")).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_have_count(0)
    screenshot("login-en")

    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(heading).to_have_text(text_in("fr", "Log in to Bascule"))
    screenshot("login-fr")


def test_it_switches_language_when_logged_in(page, live_server, company, settings):
    settings.LANGUAGE_CODE = "fr"
    User.objects.filter(pk=company.bernard_user.pk).update(language="fr")
    log_in(page, live_server.url, "bernard.lefevre@example.com")
    # Bernard's profile says French.
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.get_by_role("button", name="Français").click()
    expect(page.get_by_role("button", name=text_in("fr", "Log out"))).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_it_reaches_the_skip_link_first_from_the_keyboard(page, live_server, company, screenshot):
    log_in(page, live_server.url, "bernard.lefevre@example.com")
    page.goto(f"{live_server.url}/accounts/me/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    screenshot("skip-link-focused")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_it_switches_language_from_the_keyboard(page, live_server, company, settings):
    settings.LANGUAGE_CODE = "fr"
    page.set_extra_http_headers({"Accept-Language": "fr-FR,fr;q=0.9"})
    page.goto(f"{live_server.url}/accounts/login/")
    # The e-mail field has the focus on arrival: Tab goes round the page back to the header.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('lang')") == "en":
            break
    expect(page.get_by_role("button", name="English")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_it_resets_a_forgotten_password(page, live_server, company, settings, screenshot):
    settings.SITE_URL = live_server.url
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("E-mail address").fill("bernard.lefevre@example.com")
    screenshot("password-reset-form")
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    screenshot("password-reset-sent")

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url)
    page.goto(f"{live_server.url}{urlsplit(link).path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    screenshot("password-reset-confirm")
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")

    page.get_by_role("link", name="Log in", exact=True).click()
    log_in(page, live_server.url, "bernard.lefevre@example.com", NEW_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")


def test_it_saves_my_settings(page, live_server, company, screenshot):
    log_in(page, live_server.url, "lea.martin@example.com")
    page.get_by_role("link", name=re.compile("My account")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    screenshot("me")
    band = page.get_by_role("group", name=re.compile("Generation"))
    expect(band).to_contain_text("never used to choose who you are paired with")
    band.get_by_label("Generation Z").check()
    page.get_by_label("Time zone").select_option("America/Martinique")
    page.get_by_label("English").check()
    page.get_by_role("button", name="Save my settings").click()
    expect(page.get_by_role("status")).to_contain_text("Your settings have been saved.")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Time zone")).to_have_value("America/Martinique")
    expect(page.get_by_label("Generation Z")).to_be_checked()
    screenshot("me-saved")


def test_it_creates_and_revokes_an_api_token(page, live_server, company, screenshot):
    log_in(page, live_server.url, "alice.hr@example.com")
    page.goto(f"{live_server.url}/accounts/tokens/")
    page.get_by_label("Token name").fill("Nightly HR sync")
    page.get_by_role("button", name="Create the token").click()
    value = page.locator("#new-token-value").inner_text()
    assert value.startswith("bsc_")
    screenshot("tokens-created")
    page.reload()
    expect(page.locator("#new-token-value")).to_have_count(0)
    expect(page.get_by_role("row", name=re.compile("Nightly HR sync"))).to_have_count(1)
    page.get_by_role("button", name="Revoke the token Nightly HR sync").click()
    page.get_by_role("button", name="Yes, revoke the token").click()
    expect(page.get_by_role("status")).to_contain_text("is revoked")
    expect(page.get_by_role("row", name=re.compile("Nightly HR sync"))).to_contain_text("Revoked")
    screenshot("tokens-revoked")


@pytest.mark.parametrize("path", ["/", "/accounts/me/", "/accounts/tokens/"])
def test_it_fits_a_320_pixel_wide_screen(page, live_server, company, screenshot, path):
    log_in(page, live_server.url, "alice.hr@example.com")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}{path}")
    assert no_horizontal_scroll(page), "the page scrolls sideways at 320 px"
    name = path.strip("/").replace("/", "-") or "home"
    screenshot(f"narrow-{name}")


def test_it_fits_the_login_page_on_a_320_pixel_wide_screen(page, live_server, db, screenshot):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}/accounts/login/")
    assert no_horizontal_scroll(page)
    screenshot("narrow-login")
