"""Request logs: a request id in and out, one structured line per request, slow requests and
slow queries reported, JSON lines in production."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from bascule.core.request_log import JsonFormatter, RequestIdFilter
from bascule.testing import make_user

ROOT = Path(__file__).resolve().parents[3]


def request_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "bascule.request"]


@pytest.mark.parametrize("incoming", ["lb-1f3a9c", "0d6f4c2e-8b7a-4e55-9c1d-2f0a6b3c9e71"])
def test_a_well_formed_incoming_request_id_is_kept(client, incoming):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] == incoming


@pytest.mark.parametrize("incoming", ["", "two words", "x" * 200, "<script>", "-leading-dash"])
def test_a_missing_or_malformed_request_id_is_replaced(client, incoming):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)
    generated = response["X-Request-ID"]
    assert generated != incoming
    assert len(generated) == 32 and int(generated, 16) >= 0
    assert client.get("/healthz")["X-Request-ID"] != generated


@pytest.mark.django_db
def test_each_request_writes_one_line_with_its_facts(client, caplog):
    caplog.set_level(logging.INFO, logger="bascule.request")
    user = make_user("logged@example.com", "participant")
    client.force_login(user)
    response = client.get("/accounts/me/", HTTP_X_REQUEST_ID="req-42")
    (record,) = request_records(caplog)
    assert record.levelno == logging.INFO
    assert (record.method, record.path, record.status) == ("GET", "/accounts/me/", 200)
    assert record.user_id == user.pk
    assert record.request_id == "req-42" == response["X-Request-ID"]
    assert record.duration_ms >= 0

    caplog.clear()
    client.logout()
    client.get("/no-such-page/")
    (record,) = request_records(caplog)
    assert record.user_id is None and record.status == 404


@pytest.mark.django_db
@override_settings(SLOW_REQUEST_MS=-1)
def test_a_slow_request_is_a_warning(client, caplog):
    client.get("/readyz")
    (record,) = request_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.getMessage().startswith("slow request: GET /readyz 200")


@pytest.mark.django_db
def test_a_slow_query_is_a_warning_without_its_values(client, caplog):
    with override_settings(SLOW_QUERY_MS=-1):
        client.post("/accounts/login/", {"username": "secret@example.com", "password": "x"})
    slow = [r for r in caplog.records if r.name == "bascule.db"]
    assert slow, "no slow query was reported"
    assert all(r.levelno == logging.WARNING and r.sql and r.duration_ms >= 0 for r in slow)
    assert all(r.request_id != "-" for r in slow)
    assert not any("secret@example.com" in r.getMessage() + r.sql for r in slow)

    caplog.clear()
    client.get("/readyz")
    assert not [r for r in caplog.records if r.name == "bascule.db"]


def test_the_json_formatter_writes_one_object_with_the_extra_fields():
    record = logging.LogRecord(
        "bascule.request", logging.INFO, __file__, 1, "GET / %s", (200,), None
    )
    record.status = 200
    RequestIdFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "GET / 200"
    assert entry["level"] == "INFO" and entry["logger"] == "bascule.request"
    assert entry["status"] == 200 and entry["request_id"] == "-"
    assert entry["time"].endswith("+00:00")


def test_production_writes_json_lines(tmp_path):
    script = (
        "import django; django.setup(); from django.test import Client; "
        "Client().get('/healthz', HTTP_X_REQUEST_ID='prod-1')"
    )
    keep = {"PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{tmp_path}/unused.sqlite3",
        PYTHONWARNINGS="ignore",
    )
    result = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    (entry,) = [line for line in lines if line["logger"] == "bascule.request"]
    assert entry["path"] == "/healthz" and entry["status"] == 200
    assert entry["request_id"] == "prod-1"
