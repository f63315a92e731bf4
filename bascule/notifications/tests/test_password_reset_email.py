"""The password reset e-mail: a link on the configured site, in the recipient's language."""

import pytest
from django.core import mail
from django.utils import translation

from bascule.notifications import emails

pytestmark = pytest.mark.django_db


def test_it_sends_the_password_reset_link_on_the_configured_site(company, settings):
    settings.SITE_URL = "https://mentoring.example.org/"
    emails.password_reset(user_id=company.lea_user.pk, uid="MTIz", token="abc-def")
    message = mail.outbox[0]
    link = "https://mentoring.example.org/accounts/password-reset/MTIz/abc-def/"
    assert link in message.body
    assert f'href="{link}"' in message.alternatives[0][0]
    assert "Hello Lea," in message.body


def test_it_keeps_the_callers_language_afterwards(company):
    company.lea_user.language = "fr"
    company.lea_user.save(update_fields=["language"])
    with translation.override("en"):
        emails.password_reset(user_id=company.lea_user.pk, uid="MTIz", token="abc")
        assert translation.get_language() == "en"
    assert mail.outbox[0].body.startswith("Bonjour")
