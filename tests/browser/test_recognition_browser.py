"""Bernard (mentee) thanks Léa (mentor) from their pair's page with the keyboard only; Léa
receives the e-mail, finds the thanks on her Recognition page and shows it on the program's
wall, where Bernard reads it. Each page is checked with axe (WCAG 2.1 AA), the thanks form on
a phone too.
"""

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from bascule.recognition.models import Kudos
from bascule.recognition.tests.helpers import setup
from tests.browser.helpers import assert_accessible, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page: Page, name: str, limit: int = 80) -> None:
    """Press Tab until the focused element's text or label is `name`."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate(
            "(() => { const e = document.activeElement;"
            " const label = e.labels && e.labels[0] ? e.labels[0].textContent : '';"
            " return (e.textContent || '').trim() + '|' + label.trim(); })()"
        )
        if name in text.split("|"):
            return
    raise AssertionError(f"“{name}” was never reached with Tab")


def test_a_mentee_thanks_their_mentor_who_shows_it_on_the_wall(
    page, live_server, company, axe, screenshot
):
    page.set_default_timeout(15_000)
    base = live_server.url
    program, pair, _skill = setup(company)
    main = page.locator("main")

    log_in(page, base, "bernard.lefevre@example.com")
    page.goto(base + reverse("journey:pair_space", kwargs={"pair_id": pair.pk}))
    tab_to(page, "Send thanks to Léa")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank Léa Martin")
    assert_accessible(page, axe)
    tab_to(page, "Your message")
    page.keyboard.type("Thank you for showing me the new tools so patiently.")
    tab_to(page, "The program")
    page.keyboard.press("Space")
    tab_to(page, "Send")
    page.keyboard.press("Enter")
    expect(main).to_contain_text("Your thanks are sent to Léa Martin.")
    assert_accessible(page, axe)
    kudos = Kudos.objects.get()
    assert kudos.visibility == "program"
    (message,) = mail.outbox
    assert message.to == ["lea.martin@example.com"]
    log_out(page)

    log_in(page, base, "lea.martin@example.com")
    page.get_by_role("link", name="Recognition").click()
    expect(main).to_contain_text("Thank you for showing me the new tools so patiently.")
    expect(main).to_contain_text("Seen by you only.")
    assert_accessible(page, axe)
    page.get_by_role("button", name="Show it on the program wall").focus()
    page.keyboard.press("Enter")
    expect(main).to_contain_text("It is on the wall now.")
    expect(main).to_contain_text("Shown on the program's wall.")
    screenshot("recognition-mine")
    page.get_by_role("link", name=f"The wall of “{program.name}”").click()
    expect(main).to_contain_text("Thank you for showing me the new tools so patiently.")
    assert_accessible(page, axe)
    log_out(page)

    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, base, "bernard.lefevre@example.com")
    page.goto(base + reverse("recognition:program_wall", kwargs={"program_id": program.pk}))
    expect(main).to_contain_text("Bernard Lefèvre thanks Léa Martin")
    assert_accessible(page, axe)
    page.goto(base + reverse("recognition:thank", kwargs={"pair_id": pair.pk}))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page, axe)
    screenshot("recognition-thank-phone")
