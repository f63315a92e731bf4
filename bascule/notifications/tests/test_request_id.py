"""The id of the request that queued an e-mail goes with its job: the worker's log lines carry
it, and each message says it in its X-Bascule-Request-ID header."""

import json
import logging

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from bascule.core.notify import notify
from bascule.core.request_log import JsonFormatter, RequestIdFilter
from bascule.meetings.tests.helpers import FORM
from bascule.notifications.tasks import REQUEST_ID_HEADER
from bascule.notifications.tests.test_queue import run_queue

pytestmark = pytest.mark.django_db

REQUEST_ID = "lb-7f3a9c.42"


@pytest.fixture
def job_log():
    """The JSON lines of the "bascule.jobs" logger, as the worker writes them."""
    lines: list[dict] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(json.loads(JsonFormatter().format(record)))

    handler = Collect()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("bascule.jobs")
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


def test_the_request_id_goes_with_the_job_to_its_log_and_its_emails(
    running, company, queue, client, job_log
):
    client.force_login(company.lea_user)
    response = client.post(
        reverse("meetings:create", kwargs={"pair_id": running.pair.pk}),
        FORM,
        headers={"X-Request-ID": REQUEST_ID},
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == REQUEST_ID
    (job,) = DBTaskResult.objects.all()
    assert job.args_kwargs["kwargs"]["request_id"] == REQUEST_ID

    run_queue()
    assert mail.outbox
    assert {m.extra_headers[REQUEST_ID_HEADER] for m in mail.outbox} == {REQUEST_ID}
    assert all(m.message()[REQUEST_ID_HEADER] == REQUEST_ID for m in mail.outbox)
    (line,) = job_log
    assert line["request_id"] == REQUEST_ID
    assert line["email"] == "meeting_invitation"
    assert line["sent"] == len(mail.outbox)


def test_a_job_queued_outside_a_request_has_no_request_id(running, queue, job_log):
    with transaction.atomic():
        notify("pair_paused", pair_id=running.pair.pk)
    (job,) = DBTaskResult.objects.all()
    assert job.args_kwargs["kwargs"]["request_id"] is None

    run_queue()
    assert mail.outbox
    assert all(REQUEST_ID_HEADER not in m.extra_headers for m in mail.outbox)
    (line,) = job_log
    assert line["request_id"] == "-"
