"""Each role's home page with work on it, on a phone (375 px wide): nothing scrolls sideways,
axe finds no WCAG 2.1 AA violation, and the first thing to do is reached and opened with the
keyboard alone.

Léa (mentor) and Bernard (mentee, reads French) were paired 8 weeks ago and have done
nothing since: their pair is at risk, Bernard's check-in is due. Five more pairs give the
sponsor figures to show.
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bascule.home.tests.homes import add_application, add_pair
from bascule.pairing.models import Pair
from bascule.pairing.testing import make_running_program
from bascule.programs.models import Program
from tests.browser.helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def stalled(company):
    running = make_running_program(company)
    now = timezone.now()
    Program.objects.filter(pk=running.program.pk).update(
        starts_on=(now - dt.timedelta(weeks=9)).date(),
        ends_on=(now + dt.timedelta(weeks=20)).date(),
    )
    Pair.objects.filter(program=running.program).update(published_at=now - dt.timedelta(weeks=8))
    for _ in range(5):
        add_pair(running.program, published_at=now - dt.timedelta(weeks=1))
    add_application(running.program)
    return running


def fits_the_screen(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def tab_to(page, name: str) -> None:
    """Press Tab until the link named `name` has the focus (at most 40 times)."""
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"{name!r} was never reached with the Tab key")


def test_hr_reaches_the_pairs_at_risk_with_the_keyboard_on_a_phone(
    page, live_server, stalled, axe, screenshot
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "alice.hr@example.com")
    todo = page.get_by_role("region", name="To do")
    expect(todo.get_by_role("link", name="2 pairs at risk")).to_be_visible()
    expect(todo.get_by_role("link", name="1 application awaits review")).to_be_visible()
    assert fits_the_screen(page)
    assert_accessible(page, axe)
    screenshot("home-hr-phone")

    tab_to(page, "2 pairs at risk")
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        f"{live_server.url}/pairs/health/programs/{stalled.program.pk}/?state=at_risk"
    )
    expect(page.get_by_role("link", name="Bernard Lefèvre with Léa Martin")).to_be_visible()


def test_the_sponsor_reads_figures_without_a_name_on_a_phone(
    page, live_server, stalled, company, axe, screenshot
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "sophie.sponsor@example.com")
    card = page.get_by_role("region", name="Reverse mentoring 2027")
    expect(card.get_by_text("Pairs formed")).to_be_visible()
    expect(card.get_by_text("7", exact=True)).to_be_visible()
    assert "Bernard" not in page.content() and "Léa" not in page.content()
    assert fits_the_screen(page)
    assert_accessible(page, axe)
    screenshot("home-sponsor-phone")


def test_a_mentee_opens_the_check_in_due_from_the_top_of_the_page(
    page, live_server, stalled, axe, screenshot
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "bernard.lefevre@example.com")
    todo = page.get_by_role("region", name="À faire maintenant")
    first = todo.get_by_role("link").first
    expect(first).to_have_text("Confirmer la charte de votre mentorat avec Léa Martin")
    assert fits_the_screen(page)
    assert_accessible(page, axe)
    screenshot("home-mentee-phone")

    tab_to(page, "Faire votre point d'étape sur votre mentorat avec Léa Martin")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/pairs/{stalled.pair.pk}/checkin/")
