"""GET /api/accounts/me with a session or a personal bearer token."""

import pytest

from bascule.accounts.models import ApiToken
from bascule.accounts.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db

URL = "/api/accounts/me"


def test_it_answers_with_the_session_user(client, company):
    client.force_login(company.lea_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {
        "id": company.lea_user.pk,
        "email": "lea.martin@example.com",
        "name": "Lea Martin",
        "role": "participant",
        "language": "en",
        "time_zone": "Europe/Paris",
    }


def test_it_answers_with_the_bearer_tokens_user(client, company):
    _token, value = api_token_create(actor=company.paul, user=company.paul, name="Script")
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {value}")
    assert response.status_code == 200
    assert response.json()["email"] == "paul.pm@example.com"
    assert response.json()["role"] == "program_manager"
    assert ApiToken.objects.get(user=company.paul).last_used_at is not None


def test_it_refuses_a_revoked_token(client, company):
    token, value = api_token_create(actor=company.paul, user=company.paul, name="Script")
    api_token_revoke(actor=company.paul, token=token)
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {value}")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_it_refuses_a_token_of_an_inactive_user(client, company):
    _token, value = api_token_create(actor=company.paul, user=company.paul, name="Script")
    company.paul.is_active = False
    company.paul.save(update_fields=["is_active"])
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {value}").status_code == 401


@pytest.mark.parametrize("header", [None, "Bearer nope", "Bearer ", "Basic abc"])
def test_it_refuses_requests_without_valid_credentials(client, company, header):
    headers = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = client.get(URL, **headers)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
