"""Every write operation of the API, taken from its OpenAPI schema, with each way to call it.

A personal token writes without any CSRF token; a browser session writes only with its CSRF
token, and is refused without it. The client enforces CSRF checks as a real server does.
"""

import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from bascule.accounts.services import api_token_create
from config.api import api

pytestmark = pytest.mark.django_db

CSRF_REFUSAL = "The CSRF token is missing or wrong."
WRITES = {"post", "put", "patch", "delete"}


def write_operations() -> list[tuple[str, str]]:
    """Return (method, path) of every write operation, with 999999 for each path parameter."""
    schema = api.get_openapi_schema()
    operations = []
    for path, methods in schema["paths"].items():
        for method in methods:
            if method in WRITES:
                operations.append((method, re.sub(r"\{[^}]+\}", "999999", path)))
    return sorted(operations)


OPERATIONS = write_operations()
# Public operations (`auth=None`): no session is read, nothing is written, so a forged
# cross-site request gains nothing; checked in the other tests like every write.
PUBLIC = {("post", "/api/credentials/verify")}


def send(client: Client, method: str, path: str, **headers):
    return getattr(client, method)(path, "{}", content_type="application/json", **headers)


def test_it_knows_all_the_write_operations():
    # A sanity check on the generator: the schema has more than fifty writes.
    assert len(OPERATIONS) > 50
    assert ("post", "/api/programs/") in OPERATIONS


@pytest.mark.parametrize("method, path", OPERATIONS)
def test_a_token_writes_without_a_csrf_token(company, method, path):
    _token, value = api_token_create(actor=company.alice, user=company.alice, name="Script")
    response = send(
        Client(enforce_csrf_checks=True), method, path, HTTP_AUTHORIZATION=f"Bearer {value}"
    )
    # Authenticated and past the CSRF check: whatever the operation then answers about
    # the made-up object or the empty body, it is not a refusal of the credentials.
    assert response.status_code not in (401, 500), response.content
    assert "CSRF" not in response.content.decode()


@pytest.mark.parametrize("method, path", [o for o in OPERATIONS if o not in PUBLIC])
def test_a_session_write_without_the_csrf_token_is_refused(company, method, path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(company.alice)
    response = send(client, method, path)
    assert response.status_code == 403
    assert set(response.json()) == {"detail"}
    assert response.json()["detail"].startswith(CSRF_REFUSAL)


@pytest.mark.parametrize("method, path", OPERATIONS)
def test_a_session_write_with_the_csrf_token_passes_the_check(client, company, method, path):
    client.force_login(company.alice)
    response = send(client, method, path)
    assert response.status_code not in (401, 500), response.content
    assert "CSRF" not in response.content.decode()


def test_a_token_creates_a_program_for_real(company):
    _token, value = api_token_create(actor=company.alice, user=company.alice, name="Script")
    starts = timezone.localdate() + dt.timedelta(days=30)
    body = {
        "name": "Written with a token",
        "starts_on": starts.isoformat(),
        "ends_on": (starts + dt.timedelta(days=180)).isoformat(),
    }
    response = Client(enforce_csrf_checks=True).post(
        "/api/programs/",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {value}",
    )
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Written with a token"


def test_a_bad_token_with_a_session_falls_back_on_the_session_and_its_csrf_check(company):
    client = Client(enforce_csrf_checks=True)
    client.force_login(company.alice)
    response = send(client, "post", "/api/programs/", HTTP_AUTHORIZATION="Bearer bsc_wrong")
    assert response.status_code == 403
    assert response.json()["detail"].startswith(CSRF_REFUSAL)


def test_a_write_without_any_credentials_is_401(db):
    response = send(Client(enforce_csrf_checks=True), "post", "/api/programs/")
    assert response.status_code == 401
