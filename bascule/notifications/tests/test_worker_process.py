"""A real worker process (`manage.py db_worker`) against the test database delivers the queued
invitations to a real SMTP server on loopback, each message once, and a second worker run
sends nothing more. The database must be reachable from another process: PostgreSQL, or a
SQLite test database in a file (the in-memory one is skipped)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from bascule.notifications.models import DeliveryStatus, OutboundEmail
from bascule.notifications.tests.test_queue import schedule

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]


def database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        return (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
    name = str(database["NAME"])
    if "memory" in name or not name:
        pytest.skip("The SQLite test database is in memory: another process cannot read it")
    return f"sqlite:///{name}"


def run_worker() -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": settings.EMAIL_HOST,
        "EMAIL_PORT": str(settings.EMAIL_PORT),
        "EMAIL_USE_TLS": "false",
        "DEMO_OUTBOX": "false",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_worker_process_delivers_each_invitation_once(
    running,
    company,
    smtp_server,
    queue,
):
    assert schedule(running, company) == 302
    assert smtp_server.messages == []

    finished = run_worker()
    assert finished.returncode == 0, finished.stderr
    recipients = sorted(rcpts[0] for rcpts, _content in smtp_server.messages)
    assert recipients == ["bernard.lefevre@example.com", "lea.martin@example.com"]
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}

    assert run_worker().returncode == 0
    assert len(smtp_server.messages) == 2
