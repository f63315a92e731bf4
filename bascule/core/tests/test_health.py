"""The health checks: /healthz touches nothing, /readyz names the check that fails."""

import json
import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from bascule.core import health

ROOT = Path(__file__).resolve().parents[3]


def closed_port() -> int:
    """Return a loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def assert_probe_headers(response) -> None:
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]


# No django_db mark: any database query here would fail the test.
def test_healthz_answers_without_database_or_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert_probe_headers(response)


@pytest.mark.django_db
def test_readyz_reports_every_check(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok" and body["failed"] == []
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "ok"
    assert body["checks"]["queue"]["status"] in {"ok", "absent"}
    assert_probe_headers(response)


@pytest.mark.django_db
def test_probes_take_no_csrf_token_and_no_other_method(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.head("/readyz").status_code == 200
    assert strict.post("/healthz").status_code == 405
    assert client.put("/readyz").status_code == 405


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_probes_are_not_redirected_to_https(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301


@pytest.mark.django_db
def test_readyz_fails_when_the_cache_server_is_down(client):
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    with override_settings(CACHES=redis):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["cache"]
    assert body["checks"]["cache"] == {"status": "failed", "reason": "ConnectionError"}
    assert body["checks"]["database"]["status"] == "ok"
    assert_probe_headers(response)


def test_readyz_fails_when_the_database_cannot_be_opened(tmp_path):
    # A real failure: the app started on a database file whose folder does not exist.
    script = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/readyz'); print(r.status_code, r.content.decode())"
    )
    keep = {"PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{tmp_path}/missing/bascule.sqlite3",
        ALLOWED_HOSTS="testserver",
    )
    result = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    status, _, content = result.stdout.strip().partition(" ")
    body = json.loads(content)
    assert status == "503"
    assert "database" in body["failed"]
    assert body["checks"]["database"] == {"status": "failed", "reason": "OperationalError"}
    assert body["checks"]["cache"]["status"] == "ok"


@pytest.fixture
def job_table(monkeypatch):
    """A table shaped like django-tasks' job table (the columns the check reads)."""
    name = "bascule_test_task_queue"
    monkeypatch.setattr(health, "TASK_TABLE", name)
    stamp = "timestamp with time zone" if connection.vendor == "postgresql" else "datetime"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {name} (id integer PRIMARY KEY, status varchar(10), "
            f"enqueued_at {stamp}, run_after {stamp})"
        )
    return name


def add_job(table: str, pk: int, *, status: str, waited: timedelta, run_after=None) -> None:
    enqueued = timezone.now() - waited
    run_after = run_after or health.NO_DELAY_AFTER
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, status, enqueued_at, run_after) VALUES (%s, %s, %s, %s)",  # noqa: S608
            [pk, status, enqueued, run_after],
        )


@pytest.mark.django_db
@override_settings(READY_QUEUE_MAX_DEPTH=2, READY_QUEUE_MAX_AGE_SECONDS=600)
def test_readyz_reports_the_queue_and_fails_when_it_piles_up(client, job_table):
    add_job(job_table, 1, status="READY", waited=timedelta(minutes=2))
    # Finished, failed and later jobs are not waiting.
    add_job(job_table, 2, status="SUCCESSFUL", waited=timedelta(days=3))
    add_job(job_table, 3, status="FAILED", waited=timedelta(days=3))
    later = timezone.now() + timedelta(days=1)
    add_job(job_table, 4, status="READY", waited=timedelta(days=2), run_after=later)
    queue = client.get("/readyz").json()["checks"]["queue"]
    assert queue["status"] == "ok"
    assert queue["depth"] == 1
    assert 110 < queue["oldest_age_seconds"] < 200

    add_job(job_table, 5, status="READY", waited=timedelta(seconds=5))
    add_job(job_table, 6, status="READY", waited=timedelta(seconds=1))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["queue"]
    assert "3 jobs waiting" in response.json()["checks"]["queue"]["reason"]


@pytest.mark.django_db
@override_settings(READY_QUEUE_MAX_AGE_SECONDS=600)
def test_readyz_fails_when_the_oldest_job_waits_too_long(client, job_table):
    add_job(job_table, 1, status="READY", waited=timedelta(minutes=30))
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["queue"]
    assert "the oldest job has waited" in body["checks"]["queue"]["reason"]
