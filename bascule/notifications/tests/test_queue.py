"""The e-mail queue itself, on the database backend: a request sends nothing, the jobs queued
in its transaction are sent by a worker, each message once; with the mail server down the
request still succeeds and the messages go out once it is back; a failure that outlasts every
attempt is listed for HR."""

import datetime as dt
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from bascule.core.models import AuditEntry
from bascule.core.notify import notify
from bascule.meetings.models import Meeting
from bascule.meetings.tests.helpers import FORM
from bascule.notifications import tasks
from bascule.notifications.models import DeliveryStatus, OutboundEmail

pytestmark = pytest.mark.django_db


def run_queue() -> None:
    """Run every job that is due, as `manage.py db_worker --batch` does, in this process (the
    test's database connection kept open: it holds the test's transaction)."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    with mock.patch(f"{Worker.__module__}.close_old_connections"):
        worker.run()


def schedule(running, company) -> int:
    lea = Client()
    lea.force_login(company.lea_user)
    response = lea.post(reverse("meetings:create", kwargs={"pair_id": running.pair.pk}), FORM)
    return response.status_code


def test_a_request_queues_its_emails_and_a_worker_sends_them_once(running, company, queue):
    assert schedule(running, company) == 302
    assert Meeting.objects.count() == 1
    assert mail.outbox == []  # nothing sent inside the request
    assert DBTaskResult.objects.count() == 1

    run_queue()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "bernard.lefevre@example.com",
        "lea.martin@example.com",
    ]
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    entry = AuditEntry.objects.get(action="notifications.sent")
    assert sorted(entry.changes["recipients"]) == [
        "bernard.lefevre@example.com",
        "lea.martin@example.com",
    ]

    # The same job run again (a duplicate, or a worker that died before recording the end):
    # every message is known by its key and none goes twice.
    job = DBTaskResult.objects.get()
    tasks.deliver.call(**job.task_result.kwargs)
    assert len(mail.outbox) == 2


def test_a_rolled_back_change_queues_nothing_and_a_committed_one_is_kept(running, queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify("pair_paused", pair_id=running.pair.pk)
        raise RuntimeError
    assert DBTaskResult.objects.count() == 0
    with transaction.atomic():
        notify("pair_paused", pair_id=running.pair.pk)
    assert DBTaskResult.objects.count() == 1


def test_the_immediate_backend_sends_after_commit_only(running, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify("pair_paused", pair_id=running.pair.pk)
        raise RuntimeError
    assert mail.outbox == []


def test_with_the_mail_server_down_the_request_succeeds_and_the_mail_goes_later(
    running, company, queue, smtp_down, frozen
):
    assert schedule(running, company) == 302
    run_queue()
    assert mail.outbox == []
    rows = OutboundEmail.objects.all()
    assert [(r.status, r.attempts) for r in rows] == [(DeliveryStatus.QUEUED, 1)] * 2
    assert "Connection refused" in rows[0].last_error
    # A second job waits for its delay: nothing runs before.
    run_queue()
    assert OutboundEmail.objects.filter(attempts=2).count() == 0

    smtp_down.back()
    frozen.shift(tasks.RETRY_DELAYS[0] + dt.timedelta(seconds=1))
    run_queue()
    assert len(mail.outbox) == 2
    assert [(r.status, r.attempts) for r in OutboundEmail.objects.all()] == [
        (DeliveryStatus.SENT, 2)
    ] * 2
    run_queue()
    assert len(mail.outbox) == 2


def test_after_the_last_attempt_the_messages_are_failed(running, company, queue, smtp_down, frozen):
    assert schedule(running, company) == 302
    for delay in [dt.timedelta(0), *tasks.RETRY_DELAYS]:
        frozen.shift(delay + dt.timedelta(seconds=1))
        run_queue()
    rows = OutboundEmail.objects.all()
    assert [(r.status, r.attempts) for r in rows] == [
        (DeliveryStatus.FAILED, tasks.MAX_ATTEMPTS)
    ] * 2
    frozen.shift(dt.timedelta(hours=1))
    run_queue()
    assert DBTaskResult.objects.filter(status="READY").count() == 0
    assert mail.outbox == []


def test_a_message_key_names_the_job_the_recipient_and_the_rank(company):
    job = uuid.uuid4().hex
    lea = company.lea_user
    assert tasks.message_key(job, lea, 1) == tasks.message_key(job, lea, 1)
    assert tasks.message_key(job, lea, 1) != tasks.message_key(job, lea, 2)
    assert tasks.message_key(job, lea, 1) != tasks.message_key(uuid.uuid4().hex, lea, 1)
