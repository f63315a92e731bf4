"""Password reset by e-mail: the address's existence is never revealed, and the e-mail is
written in the recipient's language, whatever the language of whoever asked."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from bascule.core.models import AuditEntry
from bascule.testing import PASSWORD

pytestmark = pytest.mark.django_db

RESET = "/accounts/password-reset/"
NEW_PASSWORD = "a-much-longer-new-secret-42"


def ask_reset(client, email, **headers):
    # The e-mail is a job queued on commit (run at once in tests): run it.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(RESET, {"email": email}, **headers)


def reset_path(message) -> str:
    """Return the path of the reset link in `message`."""
    return urlsplit(re.search(r"https?://\S+", message.body).group(0)).path


def test_it_shows_the_reset_form_to_anonymous_visitors(client, db):
    response = client.get(RESET)
    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()


def test_it_sends_a_reset_link_to_a_known_address(client, company, settings):
    settings.SITE_URL = "https://bascule.example.com"
    response = ask_reset(client, "Lea.Martin@example.com")
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lea.martin@example.com"]
    assert "https://bascule.example.com/accounts/password-reset/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "https://bascule.example.com/accounts/password-reset/" in html
    assert "\n" not in message.subject


def test_it_answers_the_same_for_an_unknown_address(client, company):
    known = ask_reset(client, "lea.martin@example.com")
    unknown = ask_reset(client, "nobody@example.com")
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert len(mail.outbox) == 1
    page = client.get(unknown["Location"]).content.decode()
    assert "If an account uses this address" in page


def test_it_sends_nothing_to_an_inactive_account(client, company):
    company.lea_user.is_active = False
    company.lea_user.save(update_fields=["is_active"])
    ask_reset(client, "lea.martin@example.com")
    assert mail.outbox == []


@pytest.mark.parametrize("recipient_language, requester_language", [("fr", "en"), ("en", "fr")])
def test_it_writes_the_email_in_the_recipients_language(
    client, company, recipient_language, requester_language
):
    company.lea_user.language = recipient_language
    company.lea_user.save(update_fields=["language"])
    response = ask_reset(client, "lea.martin@example.com", HTTP_ACCEPT_LANGUAGE=requester_language)
    # The page answers in the requester's language...
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=requester_language)
    assert f'<html lang="{requester_language}">' in page.content.decode()
    # ...the e-mail in the recipient's.
    message = mail.outbox[0]
    with translation.override(recipient_language):
        expected_subject = translation.gettext("Choose a new Bascule password")
    assert message.subject == expected_subject
    html = message.alternatives[0][0]
    assert f'<html lang="{recipient_language}">' in html


def test_it_lets_the_user_choose_a_new_password_once(client, company):
    ask_reset(client, "bernard.lefevre@example.com")
    link = reset_path(mail.outbox[0])

    # Django swaps the token in the URL for one in the session, so it never leaks in a Referer.
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    page = client.get(form_url)
    assert page.context["validlink"] is True

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert client.get(response["Location"]).status_code == 200

    company.bernard_user.refresh_from_db()
    assert company.bernard_user.check_password(NEW_PASSWORD)
    entry = AuditEntry.objects.get(action="user.password_reset")
    assert entry.actor == company.bernard_user
    assert entry.object_id == str(company.bernard_user.pk)
    assert entry.changes == {"address": "127.0.0.1"}

    # The link works once.
    client.cookies.clear()
    response = client.get(link)
    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert "This link no longer works" in response.content.decode()

    assert client.login(username="bernard.lefevre@example.com", password=NEW_PASSWORD)
    assert not client.login(username="bernard.lefevre@example.com", password=PASSWORD)


def test_it_checks_the_new_password(client, company):
    ask_reset(client, "bernard.lefevre@example.com")
    form_url = client.get(reset_path(mail.outbox[0]))["Location"]
    response = client.post(form_url, {"new_password1": "short", "new_password2": "other"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "The two password fields didn’t match." in html
    company.bernard_user.refresh_from_db()
    assert company.bernard_user.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="user.password_reset").exists()
