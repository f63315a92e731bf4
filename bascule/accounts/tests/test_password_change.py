"""Changing one's own password from "My account"."""

import pytest
from django.urls import reverse

from bascule.core.models import AuditEntry
from bascule.testing import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/accounts/password/"
NEW_PASSWORD = "a-much-longer-new-secret-42"


def test_it_shows_the_password_change_form(client, company):
    client.force_login(company.bernard_user)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="old_password"' in html
    assert 'autocomplete="new-password"' in html


def test_it_refuses_a_wrong_current_password(client, company):
    client.force_login(company.bernard_user)
    response = client.post(
        URL,
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    company.bernard_user.refresh_from_db()
    assert company.bernard_user.check_password(PASSWORD)


def test_it_changes_the_password_and_keeps_the_user_logged_in(client, company):
    client.force_login(company.bernard_user)
    response = client.post(
        URL,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:me")
    assert "Your password has been changed." in response.content.decode()
    company.bernard_user.refresh_from_db()
    assert company.bernard_user.check_password(NEW_PASSWORD)
    assert client.get("/").status_code == 200
    entry = AuditEntry.objects.get(action="user.set_password")
    assert entry.actor == company.bernard_user
