"""No e-mail leaves while a request is handled except through a job.

The suite's conftest installs a guard on the mail backends (locmem and SMTP) for every test:
a message sent while a request is being handled, outside a job's delivery
(`bascule.core.emails.delivered_by`), fails the test. With the immediate backend the tests
use, a job runs inside the test's request, but as a job: in production the same call queues a
row and the worker sends it (test_queue.py). These tests show the guard at work.
"""

import pytest
from django.core import mail
from django.core.signals import request_finished, request_started

from bascule.core.emails import delivered_by, send_templated_email

pytestmark = pytest.mark.django_db


def _send(user):
    send_templated_email(
        to=user, name="password-reset", context={"reset_url": "https://x/", "valid_days": 3}
    )


def test_a_message_sent_inside_a_request_but_not_by_a_job_fails(company):
    request_started.send(sender=None)
    try:
        with pytest.raises(AssertionError, match="inside a request, not by a job"):
            _send(company.lea_user)
    finally:
        request_finished.send(sender=None)
    assert mail.outbox == []


def test_a_job_may_send_inside_a_request_and_anything_may_outside_one(company):
    sent = []

    def deliver(recipient, message, link):
        message.send()
        sent.append(recipient.email)

    request_started.send(sender=None)
    try:
        with delivered_by(deliver):
            _send(company.lea_user)
    finally:
        request_finished.send(sender=None)
    _send(company.lea_user)  # a command, a job's process: no request
    assert sent == [company.lea_user.email]
    assert len(mail.outbox) == 2
