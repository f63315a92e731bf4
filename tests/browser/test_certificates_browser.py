"""Léa finds her certificate under "Certificates", sees what others see on its verification
page, then turns verification off: the code then shows nothing. HR reads who meets the
criteria and issues the certificates with a confirmation and a progress page. The pages are
checked with axe (WCAG 2.1 AA), on a phone too.

Personas: Léa (mentor) and Bernard (mentee), a pair of a closed program; Alice (HR).
"""

import pytest
from playwright.sync_api import expect

from bascule.certificates import selectors, services
from bascule.certificates.models import Certificate
from bascule.certificates.tests.helpers import make_pair, make_program
from tests.browser.helpers import assert_accessible, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lea_verifies_her_certificate_then_hides_it(page, live_server, company, axe, screenshot):
    page.set_default_timeout(15_000)
    base = live_server.url
    program = make_program("Pilote numérique")
    make_pair(program, company.lea, company.bernard)
    services.issue_candidates(
        actor=company.alice, program=program, candidates=selectors.eligibility(program).candidates
    )
    certificate = Certificate.objects.get(holder=company.lea)

    log_in(page, base, "lea.martin@example.com")
    main = page.locator("main")
    page.get_by_role("link", name="Certificates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My certificates")
    expect(main).to_contain_text(certificate.display_code)
    expect(page.get_by_role("link", name="Download the PDF in English")).to_be_visible()
    assert_accessible(page, axe)
    page.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(page, axe)
    screenshot("certificates-mine-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("link", name="See its verification page, as others see it").click()
    expect(main).to_contain_text("Valid certificate")
    expect(main).to_contain_text("Pilote numérique")
    assert_accessible(page, axe)
    screenshot("certificates-verified")

    page.go_back()
    page.get_by_label("No, the code shows nothing").check()
    page.get_by_role("button", name="Save my choice").click()
    expect(main).to_contain_text("Nobody can verify your certificates any more")
    log_out(page)

    page.goto(f"{base}/verify/")
    assert_accessible(page, axe)
    page.get_by_label("Verification code").fill(certificate.display_code.lower())
    page.get_by_role("button", name="Verify").click()
    expect(main).to_contain_text("No certificate can be shown for this code.")
    expect(main).not_to_contain_text("Léa")
    assert_accessible(page, axe)


def test_hr_issues_a_programs_certificates(page, live_server, company, axe, screenshot):
    page.set_default_timeout(15_000)
    base = live_server.url
    program = make_program("Pilote numérique")
    make_pair(program, company.lea, company.bernard)

    log_in(page, base, "alice.hr@example.com")
    page.goto(f"{base}/certificates/manage/{program.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("2 of 2 people meet the criteria.")
    assert_accessible(page, axe)
    page.get_by_role("button", name="Issue the certificates…").click()
    expect(main).to_contain_text("2 certificates will be issued (1 mentors, 1 mentees)")
    assert_accessible(page, axe)
    page.get_by_role("button", name="Issue the certificates").click()
    expect(main).to_contain_text("Finished: 2 certificates issued")
    assert_accessible(page, axe)
    screenshot("certificates-issued")
    assert Certificate.objects.filter(program=program).count() == 2
