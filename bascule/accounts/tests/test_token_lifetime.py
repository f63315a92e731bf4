"""API tokens stop for good when their owner's password changes or the account is
deactivated, and the tokens page says so."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.test import Client, TestCase

from bascule.accounts.models import ApiToken, RevokedReason
from bascule.accounts.services import api_token_create
from bascule.core.models import AuditEntry
from bascule.testing import PASSWORD, submit_confirmation

pytestmark = pytest.mark.django_db

ME = "/api/accounts/me"
TOKENS = "/accounts/tokens/"
NEW_PASSWORD = "a-much-longer-new-secret-42"


def works(value: str) -> bool:
    return Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {value}").status_code == 200


def test_a_password_change_stops_the_tokens_and_the_page_says_why(client, company):
    _token, value = api_token_create(actor=company.lea_user, user=company.lea_user, name="Sync")
    assert works(value)
    client.force_login(company.lea_user)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Your API tokens stopped working with your old password." in response.content.decode()
    assert not works(value)

    html = client.get(TOKENS).content.decode()
    assert "Some of your tokens stopped working" in html
    assert "your password changed on" in html
    token = ApiToken.objects.get(user=company.lea_user)
    assert token.revoked_reason == RevokedReason.PASSWORD_CHANGED
    entry = AuditEntry.objects.get(action="api_token.revoke")
    assert entry.changes == {"reason": "password_changed"}


def test_a_password_reset_stops_the_tokens(company):
    _token, value = api_token_create(actor=company.lea_user, user=company.lea_user, name="Sync")
    browser = Client()
    with TestCase.captureOnCommitCallbacks(execute=True):  # the e-mail job
        browser.post("/accounts/password-reset/", {"email": "lea.martin@example.com"})
    link = urlsplit(re.search(r"https?://\S+", mail.outbox[0].body).group(0)).path
    form_url = browser.get(link)["Location"]
    browser.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not works(value)


def test_any_other_password_change_stops_them_too(company):
    # The admin's form and `manage.py changepassword` both end in set_password + save.
    _token, value = api_token_create(actor=company.paul, user=company.paul, name="Sync")
    company.paul.set_password(NEW_PASSWORD)
    company.paul.save()
    assert not works(value)


def test_a_rehash_of_the_same_password_keeps_the_tokens(company, settings):
    settings.PASSWORD_HASHERS = [
        "bascule.testing.FastArgon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    _token, value = api_token_create(actor=company.paul, user=company.paul, name="Sync")
    # A password stored with an older algorithm is re-hashed at the next login.
    company.paul.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    company.paul.save(update_fields=["password"])
    assert company.paul.check_password(PASSWORD)
    company.paul.refresh_from_db()
    assert company.paul.password.startswith("argon2")
    assert works(value)


def test_a_deactivated_accounts_tokens_stay_stopped_after_reactivation(client, company):
    _token, value = api_token_create(actor=company.paul, user=company.paul, name="Sync")
    company.paul.is_active = False
    company.paul.save(update_fields=["is_active"])
    assert not works(value)
    company.paul.is_active = True
    company.paul.save(update_fields=["is_active"])
    assert not works(value)

    client.force_login(company.paul)
    html = client.get(TOKENS).content.decode()
    assert "your account was deactivated on" in html


def test_revoking_by_hand_is_not_called_stopped(client, company):
    token, _value = api_token_create(actor=company.paul, user=company.paul, name="Sync")
    client.force_login(company.paul)
    # Revoking asks for a confirmation first.
    submit_confirmation(client, client.post(f"/accounts/tokens/{token.pk}/revoke/"))
    html = client.get(TOKENS).content.decode()
    assert "Revoked" in html
    assert "Some of your tokens stopped working" not in html


def test_the_password_pages_warn_that_tokens_will_stop(client, company):
    client.force_login(company.lea_user)
    html = client.get("/accounts/password/").content.decode()
    assert "When your password changes, your API tokens stop working." in html
