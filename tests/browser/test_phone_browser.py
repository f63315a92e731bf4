"""Phone screens: no page scrolls sideways at 375 px, key pages reflow at 320 px (WCAG 1.4.10,
the width of 1280 px at 400 % zoom), and the folded menu works with the keyboard.

The demo company (seed_demo) gives every page something to show; each demo login visits every
page route (tests/browser/demo_pages.py), and the test lists the pages that scroll sideways.
"""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Page, expect

from bascule.accounts.models import User
from bascule.demo.management.commands.seed_demo import DEMO_PASSWORD, LOGINS
from bascule.pairing.models import Pair
from bascule.skills import taxonomy as skill_taxonomy
from bascule.skills.models import Skill, SkillCategory
from tests.browser.demo_pages import demo_page_urls
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"


@pytest.fixture
def demo(db, tmp_path):
    # Transactional tests empty the database: put back the skills the migrations install.
    skill_taxonomy.install(SkillCategory, Skill)
    call_command("seed_demo", seed=2026, stdout=io.StringIO())


def log_in_demo(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/")


def pages_scrolling_sideways(page: Page, base: str, urls: list[str]) -> list[str]:
    """Return the URLs among `urls` whose page is wider than the screen, with their width."""
    found = []
    for url in urls:
        response = page.goto(f"{base}{url}")
        if "html" not in (response.headers.get("content-type") or ""):
            continue
        if page.evaluate(SIDEWAYS):
            width = page.evaluate("document.documentElement.scrollWidth")
            found.append(f"{url} ({response.status}, {width} px)")
    return found


def post_only_routes() -> set[str]:
    """Return the routes that answer only POST (an empty 405 on GET): not pages."""
    client = Client()
    hr = User.objects.get(email="hr-admin@bascule.example")
    client.force_login(hr)
    return {name for name, url in demo_page_urls(hr) if client.get(url).status_code == 405}


def test_no_page_scrolls_sideways_on_a_phone_for_any_demo_login(browser, live_server, demo):
    base = live_server.url
    skipped = post_only_routes()
    offending: dict[str, list[str]] = {}
    visited = 0
    for _label, email in LOGINS:
        context = browser.new_context(viewport={"width": 375, "height": 740})
        page = context.new_page()
        page.set_default_timeout(20_000)
        log_in_demo(page, base, email)
        user = User.objects.get(email=email)
        urls = [url for name, url in demo_page_urls(user) if name not in skipped]
        visited += len(urls)
        found = pages_scrolling_sideways(page, base, urls)
        if found:
            offending[email] = found
        context.close()
    assert visited > 70 * len(LOGINS)
    assert not offending, f"pages that scroll sideways at 375 px: {offending}"


KEY_PAGES = {
    "hr-admin@bascule.example": [
        "/",
        "/programs/",
        "/programs/2/applications/",
        "/matching/programs/1/",
        "/matching/programs/3/",
        "/pairs/health/programs/3/",
        "/people/",
        "/people/skills/",
        "/audit/",
    ],
    "mentee@bascule.example": [
        "/",
        "/meetings/",
        "/programs/applications/mine/",
        "/notifications/preferences/",
    ],
}


def test_key_pages_reflow_at_320_pixels(browser, live_server, demo):
    base = live_server.url
    mentee = User.objects.get(email="mentee@bascule.example").employee
    pair = Pair.objects.filter(mentee=mentee).values_list("pk", flat=True).get()
    pages = {
        **KEY_PAGES,
        "mentee@bascule.example": [
            *KEY_PAGES["mentee@bascule.example"],
            f"/pairs/{pair}/",
            f"/pairs/{pair}/checkin/",
            f"/meetings/pairs/{pair}/",
            f"/meetings/pairs/{pair}/new/",
        ],
    }
    offending = []
    for email, urls in pages.items():
        context = browser.new_context(viewport={"width": 320, "height": 640})
        page = context.new_page()
        log_in_demo(page, base, email)
        offending += pages_scrolling_sideways(page, base, urls)
        context.close()
    assert not offending, f"pages that scroll sideways at 320 px: {offending}"


def test_the_folded_menu_works_with_the_keyboard(page, live_server, company, screenshot):
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, live_server.url, "alice.hr@example.com")
    toggle = page.get_by_role("button", name="Menu")
    navigation = page.get_by_role("navigation", name="Main navigation")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(navigation).to_be_hidden()
    # The header stays short: brand and languages, then the menu button.
    assert page.evaluate("document.querySelector('.site-header').offsetHeight") < 160
    assert not page.evaluate(SIDEWAYS)

    # Keyboard order: skip link, brand, the other language, then the menu button.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    presses = 0
    while not page.evaluate("document.activeElement.classList.contains('nav-toggle')"):
        page.keyboard.press("Tab")
        presses += 1
        assert presses < 5, "the menu button comes right after the header's links"
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(navigation).to_be_visible()
    screenshot("phone-menu-open")
    # Then the menu's entries in order, the notifications, the account, logging out.
    names = []
    for _ in range(12):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert names[:9] == [
        "Home",
        "Programs",
        "People",
        "Workshops",
        "Recognition",
        "Insights",
        "Import",
        "Skills",
        "Audit log",
    ]
    assert names[9].startswith("Notifications")
    assert names[10].startswith("My account") and names[11] == "Log out"
    # Escape folds the menu and gives the focus back to its button.
    page.keyboard.press("Escape")
    expect(toggle).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(navigation).to_be_hidden()
    # Space opens it again; an entry takes the user to its page.
    page.keyboard.press("Space")
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "false")


def test_the_menu_is_not_folded_on_a_wide_screen(page, live_server, company):
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server.url, "alice.hr@example.com")
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()


def test_without_javascript_the_whole_menu_shows_on_a_phone(browser, live_server, company):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    page = context.new_page()
    log_in(page, live_server.url, "alice.hr@example.com")
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
    expect(page.get_by_role("link", name="Audit log")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.locator(".nav-toggle")).to_be_hidden()
    assert not page.evaluate(SIDEWAYS)
    context.close()
