"""The API reference page lists every operation of the schema once, with what it needs."""

import re

import pytest

from config.api import api

pytestmark = pytest.mark.django_db

URL = "/api/docs"


def test_it_lists_every_operation_once_by_domain(client, company):
    client.force_login(company.paul)
    html = client.get(URL).content.decode()
    schema = api.get_openapi_schema()
    expected = sorted(
        f"{method.upper()} {path}"
        for path, methods in schema["paths"].items()
        for method in methods
    )
    heading = r'<h3 id="[^"]+"><span class="api-method">(\w+)</span> <code class="api-path">([^<]+)'
    listed = sorted(f"{method} {path}" for method, path in re.findall(heading, html))
    assert listed == expected
    for domain in ("People", "HR file import", "Matching", "Meetings"):
        assert f">{domain}</h2>" in html


def test_it_explains_authentication_with_a_link_to_create_a_token(client, company):
    client.force_login(company.lea_user)
    html = client.get(URL).content.decode()
    assert 'href="/accounts/tokens/"' in html
    assert "Authorization: Bearer bsc_" in html
    assert 'href="/api/openapi.json"' in html
    # Parameters, request bodies and answers with their schemas.
    assert "in the query string" in html
    assert "Request body" in html
    assert 'href="#schema-programcreatein"' in html or 'id="schema-programcreatein"' in html


def test_it_speaks_french(client, company):
    company.lea_user.language = "fr"
    company.lea_user.save(update_fields=["language"])
    client.force_login(company.lea_user)
    html = client.get(URL).content.decode()
    assert "<h1>Référence de l'API</h1>" in html or "<h1>Référence de l&#x27;API</h1>" in html


def test_it_needs_a_login(client, db):
    assert client.get(URL)["Location"].startswith("/accounts/login/")
