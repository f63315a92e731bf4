"""The kickoff gate in the browser: the kickoff page says which module to complete first and
refuses the confirmation; once the module is completed, the confirmation goes through. The
page is checked with axe (WCAG 2.1 AA)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bascule.journey.models import KickoffConfirmation
from bascule.pairing.testing import make_running_program
from bascule.training.models import Progress, Requirement
from bascule.training.tests.factories import make_module
from tests.browser.helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_kickoff_waits_for_the_required_module(page, live_server, company, axe):
    page.set_default_timeout(15_000)
    running = make_running_program(company)
    module = make_module("active-listening")
    Requirement.objects.create(
        program=running.program, module=module, role="mentor", due_days=7, gates_kickoff=True
    )
    log_in(page, live_server.url, "lea.martin@example.com")
    page.goto(f"{live_server.url}/pairs/{running.pair.pk}/kickoff/")
    blockers = page.locator("#kickoff-blockers")
    expect(blockers).to_contain_text("Before confirming the charter, complete:")
    expect(blockers.get_by_role("link", name="active-listening (en)")).to_be_visible()
    assert_accessible(page, axe)

    def confirm() -> None:
        page.get_by_label("I have read the program's charter and I accept it").check()
        page.get_by_label("Every two weeks").check()
        page.get_by_label("Video call").check()
        page.get_by_label("I will keep what we share confidential").check()
        page.get_by_role("button", name="I confirm").click()

    confirm()
    expect(page.locator(".alert-danger")).to_contain_text(
        "Before confirming the charter, complete: active-listening (en)"
    )
    assert not KickoffConfirmation.objects.filter(pair=running.pair).exists()

    Progress.objects.create(
        employee=company.lea, module=module, version=module.published, completed_at=timezone.now()
    )
    page.goto(f"{live_server.url}/pairs/{running.pair.pk}/kickoff/")
    expect(page.locator("#kickoff-blockers")).to_have_count(0)
    confirm()
    expect(page.get_by_text("Thank you: your confirmation is recorded.")).to_be_visible()
    assert KickoffConfirmation.objects.filter(pair=running.pair).count() == 1
