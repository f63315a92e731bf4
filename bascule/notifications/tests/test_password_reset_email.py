"""The password reset e-mail: a link on the configured site, in the recipient's language."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from bascule.notifications import emails

pytestmark = pytest.mark.django_db


def test_it_sends_the_password_reset_link_on_the_configured_site(company, settings):
    settings.SITE_URL = "https://mentoring.example.org/"
    emails.password_reset(user_id=company.lea_user.pk)
    message = mail.outbox[0]
    found = re.search(
        r"https://mentoring\.example\.org/accounts/password-reset/([^/]+)/([^/]+)/", message.body
    )
    assert found, message.body
    link, uid, token = found.group(0), found.group(1), found.group(2)
    assert f'href="{link}"' in message.alternatives[0][0]
    assert "Hello Lea," in message.body
    # The token is made when the e-mail leaves, and it is Léa's.
    assert force_str(urlsafe_base64_decode(uid)) == str(company.lea_user.pk)
    assert default_token_generator.check_token(company.lea_user, token)


def test_it_keeps_the_callers_language_afterwards(company):
    company.lea_user.language = "fr"
    company.lea_user.save(update_fields=["language"])
    with translation.override("en"):
        emails.password_reset(user_id=company.lea_user.pk)
        assert translation.get_language() == "en"
    assert mail.outbox[0].body.startswith("Bonjour")
