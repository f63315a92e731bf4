"""A real worker process (`manage.py db_worker`) asked to stop with SIGTERM in the middle of a
job finishes the job, then exits: every message of the job arrives, once, and the job is
recorded as successful. Like test_worker_process.py, it needs a database another process can
read (PostgreSQL, or a SQLite test database in a file)."""

import asyncio
import signal
import subprocess
import threading

import pytest
from aiosmtpd.controller import Controller
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from bascule.meetings.tests.test_smtp_delivery import free_port
from bascule.notifications.models import DeliveryStatus, OutboundEmail
from bascule.notifications.tests.test_queue import schedule
from bascule.notifications.tests.test_worker_process import ROOT, WORKER, database_url, worker_env

pytestmark = pytest.mark.django_db(transaction=True)


class HoldingInbox:
    """Accepts the first message; holds the second until released, then accepts it too."""

    def __init__(self):
        self.messages = []
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if len(self.messages) == 1 and not self.holding.is_set():
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def holding_smtp(settings):
    inbox = HoldingInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    try:
        yield inbox
    finally:
        inbox.release.set()
        controller.stop()


def test_sigterm_lets_the_running_job_finish_then_the_worker_exits(
    running, company, holding_smtp, queue
):
    database_url()  # skips on a database another process cannot read
    assert schedule(running, company) == 302
    # --no-reload: one process, the one that receives the signal (docs/operations.md).
    worker = subprocess.Popen(  # noqa: S603 (the project's own command)
        [*WORKER, "--no-reload"],
        cwd=ROOT,
        env=worker_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holding_smtp.holding.wait(timeout=60), "the worker sent no second message"
        worker.send_signal(signal.SIGTERM)
        with pytest.raises(subprocess.TimeoutExpired):
            worker.wait(timeout=1)  # it does not leave the job half done
        holding_smtp.release.set()
        _out, errors = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=10)
    assert worker.returncode == 0, errors

    recipients = sorted(rcpts[0] for rcpts, _content in holding_smtp.messages)
    assert recipients == ["bernard.lefevre@example.com", "lea.martin@example.com"]
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    (job,) = DBTaskResult.objects.all()
    assert job.status == TaskResultStatus.SUCCESSFUL
