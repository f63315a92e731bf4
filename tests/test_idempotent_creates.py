"""Every API create operation (a POST answering 201) honours the Idempotency-Key header.

A new create operation without `@idempotency.api_create()` fails here: a malformed key must
be refused before anything runs, and the schema must document the header. How each create
answers a retry is tested next to it, in its app's test_double_submits.py.
"""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

# Creates and other writes that answer 200 or 204 and take the header too: a second
# sending would publish, swap, exclude, check in or import again.
OTHER_GUARDED = {
    ("/api/matching/runs/{run_id}/publish", "post"),
    ("/api/matching/programs/{program_id}/swaps", "post"),
    ("/api/matching/proposals/{proposal_id}/exclude", "post"),
    ("/api/pairs/{pair_id}/checkin", "post"),
    ("/api/skills/import", "post"),
}


@pytest.fixture
def schema(company) -> dict:
    client = Client()
    client.force_login(company.alice)
    return client.get("/api/openapi.json").json()


def operations(schema: dict) -> list[tuple[str, str, dict]]:
    return [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def creates(schema: dict) -> list[tuple[str, str]]:
    return sorted(
        (path, method)
        for path, method, operation in operations(schema)
        if method == "post" and "201" in operation["responses"]
    )


def documents_the_header(operation: dict) -> bool:
    return any(
        p["name"] == "Idempotency-Key" and p["in"] == "header"
        for p in operation.get("parameters", [])
    )


def test_it_finds_the_create_operations(schema):
    # A guard that checks nothing would pass: there are creates in every area.
    assert len(creates(schema)) >= 15
    assert ("/api/pairs/{pair_id}/goals", "post") in creates(schema)


def test_every_create_operation_documents_the_header(schema):
    missing = [
        f"{method.upper()} {path}"
        for path, method, operation in operations(schema)
        if (path, method) in {*creates(schema), *OTHER_GUARDED}
        and not documents_the_header(operation)
    ]
    assert not missing, f"create operations without @idempotency.api_create(): {missing}"


def test_only_writes_document_the_header(schema):
    documented = {
        (path, method)
        for path, method, operation in operations(schema)
        if documents_the_header(operation)
    }
    assert documented == {*creates(schema), *OTHER_GUARDED}


def test_every_create_operation_refuses_a_malformed_key(schema, company):
    client = Client()
    client.force_login(company.alice)
    answers = {}
    for path, method in [*creates(schema), *sorted(OTHER_GUARDED)]:
        url = re.sub(r"\{[^}]+\}", "1", path)
        response = client.post(url, {}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="a b")
        answers[f"{method.upper()} {path}"] = (response.status_code, response.json().get("code"))
    assert set(answers.values()) == {(400, "invalid_idempotency_key")}, answers
