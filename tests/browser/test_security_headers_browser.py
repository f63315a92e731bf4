"""The Content-Security-Policy is enforced by the browser without breaking the pages: no inline
script or style, htmx working under it (every browser test also fails on a CSP refusal, see
conftest.py)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_browser_refuses_an_inline_script_under_the_policy(browser, live_server, company):
    # The check itself, on a context of its own (conftest.py's listener would fail this test):
    # an injected inline script is refused and reported, so a page that needed one would fail
    # the suite.
    context = browser.new_context()
    page = context.new_page()
    try:
        log_in(page, live_server.url, company.alice.email)
        messages: list[str] = []
        page.on("console", lambda message: messages.append(message.text))
        page.evaluate(
            """() => { const s = document.createElement('script');
                       s.textContent = 'window.injected = true'; document.body.append(s); }"""
        )
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.injected === undefined")
        assert any("Content Security Policy" in text for text in messages)
    finally:
        context.close()


def test_htmx_filters_the_audit_log_under_the_policy(page, live_server, company):
    log_in(page, live_server.url, company.alice.email)
    page.goto(f"{live_server.url}/audit/")
    page.get_by_label("Who").fill("nobody-at-all")
    page.get_by_label("Who").press("Tab")  # a change: htmx replaces the results
    expect(page).to_have_url(re.compile(r"/audit/\?actor=nobody-at-all"))
    expect(page.locator("#audit-results")).to_contain_text("No entry")


def test_the_copy_button_of_the_calendar_address_works_from_a_static_script(
    page, live_server, company
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, live_server.url, company.lea_user.email)
    page.goto(f"{live_server.url}/meetings/calendar/")
    page.get_by_role("button", name="Create my calendar address").click()
    copy = page.get_by_role("button", name="Copy")
    expect(copy).to_be_visible()  # shown once its script works
    copy.click()
    expect(page.locator("#feed-copy-status")).to_have_text("Copied")


def test_when_the_browser_refuses_to_copy_the_address_is_selected_and_the_page_says_how(
    page, live_server, company
):
    page.add_init_script(
        "navigator.clipboard.writeText = () => Promise.reject(new Error('refused'));"
        "document.execCommand = () => false;"
    )
    log_in(page, live_server.url, company.lea_user.email)
    page.goto(f"{live_server.url}/meetings/calendar/")
    page.get_by_role("button", name="Create my calendar address").click()
    copy = page.get_by_role("button", name="Copy")
    expect(copy).to_be_visible()  # shown once its script works
    copy.click()
    expect(page.locator("#feed-copy-status")).to_contain_text("press Ctrl+C")
    field = page.get_by_label("Your private calendar address")
    expect(field).to_be_focused()
    selected = field.evaluate("f => f.value.slice(f.selectionStart, f.selectionEnd)")
    assert selected == field.input_value()


def test_when_the_browser_never_answers_the_page_still_says_how_to_copy(page, live_server, company):
    page.add_init_script(
        "navigator.clipboard.writeText = () => new Promise(() => {});"
        "document.execCommand = () => false;"
    )
    log_in(page, live_server.url, company.lea_user.email)
    page.goto(f"{live_server.url}/meetings/calendar/")
    page.get_by_role("button", name="Create my calendar address").click()
    copy = page.get_by_role("button", name="Copy")
    expect(copy).to_be_visible()
    copy.click()
    expect(page.locator("#feed-copy-status")).to_contain_text("press Ctrl+C", timeout=5000)
    expect(page.get_by_label("Your private calendar address")).to_be_focused()
