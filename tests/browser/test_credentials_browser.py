"""Bernard (the mentee) endorses Léa's certificate with the keyboard only; an anonymous
visitor checks Léa's certificate PDF on /ob/verify/ and reads "Valid"; the endorsement shows
on /verify/<code> only once Léa lets it. The pages are checked with axe (WCAG 2.1 AA), on a
phone too.

Personas: Léa (mentor) and Bernard (mentee), a pair of a closed program; their certificates
issued (and signed as Open Badges) at its end.
"""

import pytest
from playwright.sync_api import Page, expect

from bascule.certificates import pdf, selectors, services
from bascule.certificates.models import Certificate
from bascule.certificates.tests.helpers import make_pair, make_program
from tests.browser.helpers import assert_accessible, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENDORSEMENT = "Léa made our tools simple and was always patient with my questions."


def tab_to(page: Page, text: str, *, limit: int = 80) -> None:
    """Press Tab until the focused element's text or label contains `text`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement; if (!e) return '';"
            " const label = e.labels && e.labels.length ? e.labels[0].innerText : '';"
            " return (e.innerText || '') + ' ' + label + ' ' + (e.value || ''); }"
        )
        if text in focused:
            return
    raise AssertionError(f"no focusable element with {text!r} within {limit} tabs")


def test_the_mentee_endorses_and_a_visitor_verifies(page, live_server, company, axe, screenshot):
    page.set_default_timeout(15_000)
    base = live_server.url
    program = make_program("Pilote numérique")
    make_pair(program, company.lea, company.bernard)
    services.issue_candidates(
        actor=company.alice,
        program=program,
        candidates=selectors.eligibility(program).candidates,
        tell=False,
    )
    certificate = Certificate.objects.get(holder=company.lea)
    main = page.locator("main")

    # Bernard, with the keyboard only, from his certificates to Léa's endorsement.
    log_in(page, base, "bernard.lefevre@example.com")
    page.goto(f"{base}/certificates/")
    tab_to(page, "Endorse your partner")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Endorse your partner")
    assert_accessible(page, axe)
    tab_to(page, "Endorse Léa Martin")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Endorse Léa Martin")
    assert_accessible(page, axe)
    page.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(page, axe)
    screenshot("credentials-endorse-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    tab_to(page, "Your endorsement")
    page.keyboard.type(ENDORSEMENT)
    tab_to(page, "Add my endorsement")
    page.keyboard.press("Enter")
    expect(main).to_contain_text("Thank you: your endorsement is in Léa Martin's credential.")
    expect(main).to_contain_text("You have endorsed this certificate.")
    assert_accessible(page, axe)
    log_out(page)

    # Anyone: Léa's certificate PDF on /ob/verify/.
    page.goto(f"{base}/ob/verify/")
    assert_accessible(page, axe)
    page.get_by_label("The credential file").set_input_files(
        {
            "name": "certificate.pdf",
            "mimeType": "application/pdf",
            "buffer": pdf.render_pdf(certificate, "en"),
        }
    )
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(main).to_contain_text("Valid: signed by this organisation")
    expect(main).to_contain_text("Léa Martin")
    assert_accessible(page, axe)
    page.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(page, axe)
    screenshot("credentials-verified-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    # The code's page shows the endorsement only once Léa lets it.
    page.goto(f"{base}/verify/{certificate.display_code}/")
    expect(main).to_contain_text("Valid certificate")
    expect(main).not_to_contain_text(ENDORSEMENT)
    log_in(page, base, "lea.martin@example.com")
    page.goto(f"{base}/certificates/")
    page.get_by_label("Yes, show their endorsements with my certificates").check()
    page.get_by_role("button", name="Save my choice").click()
    expect(main).to_contain_text("Your partners' endorsements are now shown")
    assert_accessible(page, axe)
    log_out(page)
    page.goto(f"{base}/verify/{certificate.display_code}/")
    expect(main).to_contain_text(ENDORSEMENT)
    expect(main).to_contain_text("Bernard Lefèvre")
    assert_accessible(page, axe)
