"""Automated WCAG 2.1 A/AA checks (axe-core) on the account pages and each role's home page.

axe finds about a third of accessibility problems; the keyboard and narrow-screen tests in
test_accounts_browser.py and a look at the screenshots cover some of the rest.
"""

import datetime as dt

import pytest
from django.utils import timezone, translation

from bascule.accounts.models import User
from bascule.accounts.services import api_token_create
from bascule.notifications.models import DeliveryStatus, OutboundEmail
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    ParticipantRole,
    Program,
    ProgramStatus,
)
from bascule.programs.templates_catalog import template_fields
from tests.browser.helpers import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/password-reset/",
        "/accounts/password-reset/sent/",
        "/accounts/password-reset/done/",
        "/accounts/password-reset/MQ/invalid-token/",
    ],
)
def test_it_has_no_violations_on_public_pages(page, live_server, db, axe, path):
    page.goto(f"{live_server.url}{path}")
    assert_accessible(page, axe)


def test_it_has_no_violations_on_a_failed_login(page, live_server, company, axe):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill("alice.hr@example.com")
    page.get_by_label("Password", exact=True).fill("not-her-password")
    page.get_by_role("button", name="Log in", exact=True).click()
    page.get_by_role("alert").wait_for()
    assert_accessible(page, axe)


def test_it_has_no_violations_on_a_login_with_empty_fields(page, live_server, db, axe):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Log in", exact=True).click()
    page.locator(".errorlist").first.wait_for()
    assert_accessible(page, axe)


@pytest.mark.parametrize(
    "email",
    [
        "alice.hr@example.com",
        "paul.pm@example.com",
        "lea.martin@example.com",
        "bernard.lefevre@example.com",
        "sophie.sponsor@example.com",
        "oscar.outsider@example.com",
    ],
)
def test_it_has_no_violations_on_each_roles_home_page(
    page, live_server, company, axe, screenshot, email
):
    log_in(page, live_server.url, email)
    assert_accessible(page, axe)
    screenshot(f"home-{email.split('@')[0]}")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_has_no_violations_on_my_account(page, live_server, company, axe, language):
    log_in(page, live_server.url, "lea.martin@example.com")
    User.objects.filter(pk=company.lea_user.pk).update(language=language)
    page.goto(f"{live_server.url}/accounts/me/")
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page, axe)
    # With an error shown, too.
    with translation.override(language):
        time_zone_label = translation.gettext("Time zone")
    page.get_by_label(time_zone_label).evaluate(
        "select => { select.options[0].value = 'Mars/Base'; }"
    )
    page.locator("form button[type=submit]").last.click()
    page.locator(".errorlist").first.wait_for()
    assert_accessible(page, axe)


def test_it_has_no_violations_on_the_password_change_page(page, live_server, company, axe):
    log_in(page, live_server.url, "bernard.lefevre@example.com")
    page.goto(f"{live_server.url}/accounts/password/")
    assert_accessible(page, axe)
    page.get_by_role("button", name="Change my password").click()
    page.locator(".errorlist").first.wait_for()
    assert_accessible(page, axe)


def test_it_has_no_violations_on_the_tokens_page(page, live_server, company, axe, screenshot):
    api_token_create(actor=company.alice, user=company.alice, name="Old script")
    log_in(page, live_server.url, "alice.hr@example.com")
    page.goto(f"{live_server.url}/accounts/tokens/")
    assert_accessible(page, axe)
    page.get_by_label("Token name").fill("Nightly HR sync")
    page.get_by_role("button", name="Create the token").click()
    page.locator("#new-token-value").wait_for()
    assert_accessible(page, axe)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_accessible(page, axe)
    screenshot("tokens-narrow")


@pytest.fixture
def enrolling_program(company):
    """An enrolling program from the reverse template, Léa approved, Bernard awaiting review."""
    program = Program.objects.create(
        **template_fields("reverse-digital", language="en"),
        status=ProgramStatus.ENROLLING,
        open_enrollment=True,
        starts_on=timezone.localdate() + dt.timedelta(days=30),
        ends_on=timezone.localdate() + dt.timedelta(days=210),
    )
    program.managers.add(company.paul)
    Application.objects.create(
        program=program,
        employee=company.lea,
        role=ParticipantRole.MENTOR,
        status=ApplicationStatus.APPROVED,
        languages=["fr"],
    )
    Application.objects.create(
        program=program, employee=company.bernard, role=ParticipantRole.MENTEE, languages=["fr"]
    )
    return program


@pytest.mark.parametrize(
    "email, path",
    [
        ("alice.hr@example.com", "/programs/"),
        ("alice.hr@example.com", "/programs/new/"),
        ("alice.hr@example.com", "/programs/new/?template=reciprocal"),
        ("alice.hr@example.com", "/programs/{program}/"),
        ("alice.hr@example.com", "/programs/{program}/edit/"),
        ("paul.pm@example.com", "/programs/{program}/invite/"),
        ("paul.pm@example.com", "/programs/{program}/applications/"),
        ("paul.pm@example.com", "/programs/applications/{bernard_application}/"),
        ("alice.hr@example.com", "/people/skills/"),
        ("alice.hr@example.com", "/people/skills/import/"),
        ("lea.martin@example.com", "/programs/{program}/"),
        ("lea.martin@example.com", "/programs/applications/mine/"),
        ("lea.martin@example.com", "/programs/applications/{lea_application}/withdraw/"),
        ("bernard.lefevre@example.com", "/programs/applications/{bernard_application}/edit/"),
        ("sophie.sponsor@example.com", "/programs/{program}/"),
    ],
)
def test_it_has_no_violations_on_program_pages(
    page, live_server, company, enrolling_program, axe, email, path
):
    applications = {a.employee_id: a.pk for a in enrolling_program.applications.all()}
    url = path.format(
        program=enrolling_program.pk,
        lea_application=applications[company.lea.pk],
        bernard_application=applications[company.bernard.pk],
    )
    log_in(page, live_server.url, email)
    page.goto(f"{live_server.url}{url}")
    assert page.locator("h1").count() == 1
    assert_accessible(page, axe)


def test_it_has_no_violations_on_an_application_with_errors(
    page, live_server, company, enrolling_program, axe, screenshot
):
    log_in(page, live_server.url, "bernard.lefevre@example.com")
    applications = enrolling_program.applications
    Application.objects.filter(pk=applications.get(employee=company.bernard).pk).delete()
    page.goto(f"{live_server.url}/programs/{enrolling_program.pk}/apply/")
    page.get_by_role("button", name="Send my application").click()
    page.locator("#error-summary").wait_for()
    assert_accessible(page, axe)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_accessible(page, axe)
    screenshot("application-errors-narrow")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_has_no_violations_on_the_failed_emails_page(page, live_server, company, axe, language):
    OutboundEmail.objects.create(
        name="application_decision",
        arguments={"application_ids": []},
        job="0" * 32,
        recipient=company.lea_user,
        key="1" * 64,
        status=DeliveryStatus.FAILED,
        attempts=5,
        last_error="[Errno 111] Connection refused",
        attempted_at=timezone.now(),
    )
    log_in(page, live_server.url, "alice.hr@example.com")
    User.objects.filter(pk=company.alice.pk).update(language=language)
    page.goto(f"{live_server.url}/emails/failed/")
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page, axe)
    with translation.override(language):
        send_again = translation.gettext("Send again")
    page.get_by_role("button", name=send_again).click()
    page.get_by_role("status").first.wait_for()
    assert_accessible(page, axe)
