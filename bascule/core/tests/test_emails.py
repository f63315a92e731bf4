"""The e-mail module: one renderer, in the recipient's language and time zone."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import translation

from bascule.accounts import emails as account_emails
from bascule.core import emails

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_templates(settings, tmp_path):
    """Return the name of a throwaway e-mail whose templates show the active language."""
    folder = tmp_path / "emails"
    folder.mkdir()
    (folder / "sample-subject.txt").write_text(
        '{% load i18n %}{% get_current_language as lang %}{% translate "Hello" %}\n[{{ lang }}]\n'
    )
    (folder / "sample-body.txt").write_text(
        "{% load i18n tz %}{% get_current_language as lang %}{% get_current_timezone as tz %}"
        'lang={{ lang }} when={{ when|date:"Y-m-d H:i" }} tz={{ tz }}'
    )
    (folder / "sample-body.html").write_text(
        "{% load i18n %}{% get_current_language as lang %}"
        '<html lang="{{ lang }}">{{ recipient.email }}</html>'
    )
    # Django resets its template engines when the TEMPLATES setting changes.
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return "sample"


@pytest.mark.parametrize(
    "language, time_zone, expected_time",
    [("fr", "Europe/Paris", "2026-11-28 10:30"), ("en", "America/New_York", "2026-11-28 04:30")],
)
def test_it_renders_in_the_recipients_language_and_time_zone(
    company, sample_templates, language, time_zone, expected_time
):
    user = company.bernard_user
    user.language, user.time_zone = language, time_zone
    when = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)
    with translation.override("en" if language == "fr" else "fr"):
        emails.send_templated_email(to=user, name=sample_templates, context={"when": when})
    message = mail.outbox[0]
    assert message.to == ["bernard.lefevre@example.com"]
    # The subject is one line, whatever newlines the template has.
    assert message.subject.endswith(f"[{language}]")
    assert "\n" not in message.subject
    assert f"lang={language} when={expected_time} tz={time_zone}" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert html == f'<html lang="{language}">bernard.lefevre@example.com</html>'


def test_it_attaches_files(company, sample_templates):
    emails.send_templated_email(
        to=company.lea_user,
        name=sample_templates,
        context={"when": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)},
        attachments=[("invite.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
    )
    filename, content, mimetype = mail.outbox[0].attachments[0]
    assert (filename, mimetype) == ("invite.ics", "text/calendar")
    assert "BEGIN:VCALENDAR" in content


def test_it_sends_the_password_reset_link_on_the_configured_site(company, settings):
    settings.SITE_URL = "https://mentoring.example.org/"
    account_emails.send_password_reset(to=company.lea_user, uid="MTIz", token="abc-def")
    message = mail.outbox[0]
    link = "https://mentoring.example.org/accounts/password-reset/MTIz/abc-def/"
    assert link in message.body
    assert f'href="{link}"' in message.alternatives[0][0]
    assert "Hello Lea," in message.body


def test_it_keeps_the_callers_language_afterwards(company):
    company.lea_user.language = "fr"
    with translation.override("en"):
        account_emails.send_password_reset(to=company.lea_user, uid="MTIz", token="abc")
        assert translation.get_language() == "en"
