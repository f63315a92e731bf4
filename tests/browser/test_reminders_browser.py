"""HR requires the charter reminder for a running program; Bernard (reads French) opens his
notifications and reminders from his account page, sees that reminder required, turns another
off with the keyboard and saves. Both pages are checked with axe (WCAG 2.1 AA)."""

import pytest
from playwright.sync_api import expect

from bascule.pairing.testing import make_running_program
from bascule.reminders.kinds import get_kind
from bascule.reminders.selectors import Wanted
from tests.browser.helpers import assert_accessible, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_requires_a_reminder_and_bernard_chooses_the_others(
    page, live_server, company, axe, screenshot
):
    page.set_default_timeout(15_000)
    base = live_server.url
    running = make_running_program(company)
    main = page.locator("main")

    log_in(page, base, "alice.hr@example.com")
    page.goto(f"{base}/programs/{running.program.pk}/")
    page.get_by_role("link", name="Required reminders").click()
    page.get_by_label("The charter is not confirmed yet").check()
    assert_accessible(page, axe)
    page.get_by_role("button", name="Save the required reminders").click()
    expect(main).to_contain_text("The reminders this program requires are saved.")
    log_out(page)

    log_in(page, base, "bernard.lefevre@example.com")
    page.goto(f"{base}/accounts/me/")
    page.get_by_role("link", name="Mes notifications et rappels").click()
    charter = page.get_by_label("La charte n'est pas encore confirmée")
    expect(charter).to_be_checked()
    expect(charter).to_be_disabled()
    soon = page.get_by_label("Une rencontre dans les prochaines 24 heures")
    soon.focus()
    page.keyboard.press("Space")
    expect(soon).not_to_be_checked()
    assert_accessible(page, axe)
    screenshot("reminders-preferences-fr")
    page.get_by_role("button", name="Enregistrer mes choix").click()
    expect(main).to_contain_text("Vos choix sont enregistrés.")
    expect(page.get_by_label("Une rencontre dans les prochaines 24 heures")).not_to_be_checked()
    wanted = Wanted()
    user, program = company.bernard_user.pk, running.program.pk
    assert not wanted(get_kind("meeting_soon"), user_id=user, program_id=program)
    assert wanted(get_kind("charter"), user_id=user, program_id=program)
