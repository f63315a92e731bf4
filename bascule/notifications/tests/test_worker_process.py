"""A real worker process (`manage.py db_worker`) against the test database delivers the queued
invitations to a real SMTP server on loopback, each message once, and a second worker run
sends nothing more. A worker killed with SIGKILL in the middle of a job: the job is queued
again (`requeue_interrupted_emails`) and each message still arrives exactly once. The
database must be reachable from another process: PostgreSQL, or a SQLite test database in a
file (the in-memory one is skipped)."""

import asyncio
import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from bascule.meetings.tests.test_smtp_delivery import free_port
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


def worker_env() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": settings.EMAIL_HOST,
        "EMAIL_PORT": str(settings.EMAIL_PORT),
        "EMAIL_USE_TLS": "false",
        "DEMO_OUTBOX": "false",
    }


WORKER = [sys.executable, "manage.py", "db_worker", "--no-startup-delay"]


def run_worker() -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (the project's own command)
        [*WORKER, "--batch"],
        cwd=ROOT,
        env=worker_env(),
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


class StallingInbox:
    """Accepts the first message; holds the second until released, then answers "try later"
    (the worker is killed while it waits); accepts every message after that."""

    def __init__(self):
        self.messages = []
        self.holding = threading.Event()
        self.release = threading.Event()
        self.held = False

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if len(self.messages) == 1 and not self.held:
            self.held = True
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 Try again later"
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def stalling_smtp(settings):
    inbox = StallingInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    try:
        yield inbox
    finally:
        inbox.release.set()
        controller.stop()


def test_a_job_killed_mid_run_is_queued_again_and_sends_each_message_once(
    running, company, stalling_smtp, queue
):
    database_url()  # skips on a database another process cannot read
    assert schedule(running, company) == 302
    worker = subprocess.Popen(  # noqa: S603 (the project's own command)
        WORKER,
        cwd=ROOT,
        env=worker_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # In DEBUG the worker reloads itself: the job runs in a child of the started process.
        # Its own process group, killed whole, as a machine that is lost.
        start_new_session=True,
    )
    try:
        assert stalling_smtp.holding.wait(timeout=60), "the worker sent no second message"
        assert len(stalling_smtp.messages) == 1
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
    stalling_smtp.release.set()
    time.sleep(0.2)

    invitations = OutboundEmail.objects.filter(name="meeting_invitation")
    assert invitations.filter(status=DeliveryStatus.SENT).count() == 1
    out = io.StringIO()
    call_command("requeue_interrupted_emails", minutes=0, stdout=out)
    assert out.getvalue().startswith("1 ")
    assert run_worker().returncode == 0
    recipients = sorted(rcpts[0] for rcpts, _content in stalling_smtp.messages)
    assert recipients == ["bernard.lefevre@example.com", "lea.martin@example.com"]
    assert set(invitations.values_list("status", flat=True)) == {DeliveryStatus.SENT}
