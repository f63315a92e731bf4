"""Logging in and out. Personas: see bascule/testing.py."""

import pytest
from django.urls import reverse

from bascule.testing import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
WRONG = "This e-mail address and password do not match an account."


def login(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password})


def test_it_shows_the_login_page_to_anonymous_visitors(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    assert reverse("accounts:password_reset") in html


def test_it_logs_in_with_email_and_password(client, company):
    response = login(client, "alice.hr@example.com", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home:home")
    assert client.get("/").status_code == 200


def test_it_ignores_the_case_and_spaces_of_the_email(client, company):
    response = login(client, "  Alice.HR@Example.com ", PASSWORD)
    assert response.status_code == 302


def test_it_follows_next_after_login(client, company):
    response = client.post(
        LOGIN, {"username": "alice.hr@example.com", "password": PASSWORD, "next": "/accounts/me/"}
    )
    assert response["Location"] == "/accounts/me/"


def test_it_refuses_an_external_next(client, company):
    response = client.post(
        LOGIN,
        {"username": "alice.hr@example.com", "password": PASSWORD, "next": "https://evil.test/"},
    )
    assert response["Location"] == reverse("home:home")


@pytest.mark.parametrize(
    "email, password",
    [
        ("alice.hr@example.com", "wrong-password"),
        ("nobody@example.com", PASSWORD),
        ("nobody@example.com", "wrong-password"),
    ],
)
def test_it_shows_one_message_for_any_wrong_credentials(client, company, email, password):
    response = login(client, email, password)
    assert response.status_code == 200
    html = response.content.decode()
    assert WRONG in html
    assert 'role="alert"' in html
    assert "_auth_user_id" not in client.session


def test_it_refuses_an_inactive_account_with_the_same_message(client, company):
    company.bernard_user.is_active = False
    company.bernard_user.save(update_fields=["is_active"])
    response = login(client, "bernard.lefevre@example.com", PASSWORD)
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_translates_the_failed_login_message(client, company, settings):
    settings.LANGUAGE_CODE = "fr"
    response = client.post(
        LOGIN, {"username": "alice.hr@example.com", "password": "nope"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert '<html lang="fr">' in response.content.decode()
    assert response.context["form"].non_field_errors()


def test_it_hashes_passwords_with_argon2(company):
    assert company.alice.password.startswith("argon2")


def test_it_sends_a_logged_in_user_away_from_the_login_page(client, company):
    client.force_login(company.alice)
    assert client.get(LOGIN)["Location"] == reverse("home:home")


def test_it_logs_out_with_a_post_only(client, company):
    client.force_login(company.alice)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert "You have been logged out." in response.content.decode()
    assert client.get("/")["Location"].startswith(reverse("accounts:login"))


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    for url in ("/", "/accounts/me/", "/accounts/tokens/", "/accounts/password/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login") + "?next="), url
