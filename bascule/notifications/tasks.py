"""The background job that sends an e-mail: `deliver(name=…, arguments=…, job=…)`, queued by
`bascule.core.notify.notify` and run by `manage.py db_worker` (docs/operations.md).

The e-mail's sender (emails.py) chooses the recipients and renders each message; each message
is handed here rather than sent, under a key derived from the job and the recipient (their
first, second… message of the job); the same key records the message's notification in the
app once (services.notification_record), each as the person chose (selectors.channel_of:
in the app, by e-mail, both or neither). A key already sent is skipped, so a job run twice, or
retried after a failure, never sends the same message twice. A message the mail server
refuses (or a server that does not answer) is tried again by a new job queued later
(RETRY_DELAYS: 1, 2, 4, 8 minutes), then marked failed for HR to send again (views.py). Each
run that sent something writes one audit entry naming its recipients. A job whose worker was
killed stays "running" in the queue: `manage.py requeue_interrupted_emails` (from cron) queues
it again. The job carries the id of the request that queued it: the worker's log lines carry
it (`request_id`), and each message says it in its X-Bascule-Request-ID header.
"""

import datetime as dt
import hashlib
import logging
import smtplib
from collections import Counter
from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from bascule.core.audit import audit_record
from bascule.core.emails import Recipient, delivered_by
from bascule.core.notify import delivered_by as queue_with
from bascule.core.notify import queue, sender_of
from bascule.core.request_log import request_id_used
from bascule.notifications.models import Channel, DeliveryStatus, OutboundEmail
from bascule.notifications.selectors import channel_of
from bascule.notifications.services import notification_record

# The waits before the second, third… attempt; after the last, the messages are failed.
RETRY_DELAYS = [dt.timedelta(minutes=minutes) for minutes in (1, 2, 4, 8)]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
REQUEST_ID_HEADER = "X-Bascule-Request-ID"

logger = logging.getLogger("bascule.jobs")


def message_key(job: str, recipient: Recipient, rank: int) -> str:
    """The key of the `rank`-th message (from 1) of `job` to `recipient`."""
    who = getattr(recipient, "pk", None) or recipient.email
    return hashlib.sha256(f"{job}:{who}:{rank}".encode()).hexdigest()


class Run:
    """One attempt of a job: sends each message not yet sent, notes the failures."""

    def __init__(
        self,
        *,
        name: str,
        arguments: dict[str, Any],
        job: str,
        attempt: int,
        request_id: str | None = None,
    ):
        self.name, self.arguments, self.job, self.attempt = name, arguments, job, attempt
        self.request_id = request_id
        self.ranks: Counter[Any] = Counter()
        self.sent: list[str] = []
        self.failed = 0

    def __call__(self, recipient: Recipient, message: EmailMessage, link: str = "") -> None:
        who = getattr(recipient, "pk", None) or recipient.email
        self.ranks[who] += 1
        key = message_key(self.job, recipient, self.ranks[who])
        channel = channel_of(user_id=getattr(recipient, "pk", None), kind=self.name)
        if channel in (Channel.BOTH, Channel.IN_APP):
            notification_record(
                recipient=recipient, kind=self.name, title=str(message.subject), link=link, key=key
            )
        if channel not in (Channel.BOTH, Channel.EMAIL):
            return  # the person chose not to receive this one by e-mail
        row, _created = OutboundEmail.objects.get_or_create(
            key=key,
            defaults={
                "name": self.name,
                "job": self.job,
                "arguments": self.arguments,
                "recipient_id": getattr(recipient, "pk", None),
            },
        )
        if row.status != DeliveryStatus.QUEUED:
            return  # sent already, or failed and waiting for HR
        row.attempts += 1
        row.attempted_at = timezone.now()
        if self.request_id:
            message.extra_headers[REQUEST_ID_HEADER] = self.request_id
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            self.failed += 1
            row.last_error = (str(error) or type(error).__name__)[:500]
            if self.attempt >= MAX_ATTEMPTS or not _can_wait():
                row.status = DeliveryStatus.FAILED
        else:
            row.status = DeliveryStatus.SENT
            row.sent_at = row.attempted_at
            row.last_error = ""
            self.sent.append(recipient.email)
        row.save(update_fields=["attempts", "attempted_at", "status", "sent_at", "last_error"])


def _can_wait() -> bool:
    """Whether the queue can run a job later (the backend that runs jobs at once cannot)."""
    return deliver.get_backend().supports_defer


@task()
def deliver(
    *,
    name: str,
    arguments: dict[str, Any],
    job: str,
    attempt: int = 1,
    request_id: str | None = None,
) -> int:
    """Send e-mail `name` with `arguments` (attempt `attempt` of `job`, queued by request
    `request_id`); return how many messages were sent."""
    with request_id_used(request_id):
        run = Run(name=name, arguments=arguments, job=job, attempt=attempt, request_id=request_id)
        with delivered_by(run):
            sender_of(name)(**arguments)
        with transaction.atomic():
            if run.sent:
                audit_record(
                    actor=None,
                    action="notifications.sent",
                    changes={"email": name, "recipients": run.sent},
                )
            retry = run.failed and attempt < MAX_ATTEMPTS and _can_wait()
            if retry:
                retry_later(
                    name=name,
                    arguments=arguments,
                    job=job,
                    attempt=attempt + 1,
                    request_id=request_id,
                )
        logger.info(
            "e-mail %s, job %s, attempt %d: %d sent, %d failed%s",
            name,
            job,
            attempt,
            len(run.sent),
            run.failed,
            ", retried later" if retry else "",
            extra={
                "email": name,
                "job": job,
                "attempt": attempt,
                "sent": len(run.sent),
                "failed": run.failed,
            },
        )
    return len(run.sent)


def retry_later(
    *, name: str, arguments: dict[str, Any], job: str, attempt: int, request_id: str | None
) -> None:
    """Queue attempt `attempt` of `job` after its delay."""
    delay = RETRY_DELAYS[min(attempt, MAX_ATTEMPTS) - 2]
    deliver.using(run_after=timezone.now() + delay).enqueue(
        name=name, arguments=arguments, job=job, attempt=attempt, request_id=request_id
    )


class Interrupted(Exception):
    """A job whose worker stopped without finishing it (killed, machine lost)."""


def requeue_interrupted(*, started_before: dt.datetime) -> int:
    """Queue again each e-mail job still running that started before `started_before`, its
    worker presumably gone; return how many. The new job has the same key: what the first
    one sent is not sent again."""
    count = 0
    with transaction.atomic():
        stalled = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING,
            task_path=deliver.module_path,
            started_at__lt=started_before,
        )
        for result in stalled:
            result.set_failed(Interrupted("The worker stopped before the job finished"))
            queue(**result.args_kwargs["kwargs"])
            count += 1
    return count


queue_with(deliver)
