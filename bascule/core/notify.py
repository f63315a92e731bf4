"""Services name the e-mail that tells people about a change; `bascule/notifications/emails.py`
knows how each one is written and to whom it goes.

A service calls `notify("pair_paused", pair_id=pair.pk)`: a background job is queued to send
the e-mail (bascule/notifications/tasks.py, run by `manage.py db_worker`). With the database
queue (the default) the job's row is written in the service's transaction: nothing is sent for
a change rolled back, nothing is lost for a change committed. With a backend that runs jobs at
once (tests, TASK_BACKEND), the job runs when the transaction commits. Commands that record
each sending themselves call `send_now`, which sends at once. The arguments are ids and plain
values (JSON), read by another process. The job also carries the id of the request that
queued it (`current_request_id()`), for its log lines and the e-mail's X-Bascule-Request-ID
header: a message can be traced back to the request's log line.

The names are registered by `@sender("…")` on each function of the notifications app, which
depends on every domain app; the domain apps depend only on this module, so no app imports
one above it (the layers contract in pyproject.toml).
"""

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django_tasks.base import Task

from bascule.core.jobs import enqueue

Sender = Callable[..., None]
_SENDERS: dict[str, Sender] = {}
_DELIVERY: list[Task] = []


def sender(name: str) -> Callable[[Sender], Sender]:
    """Register the decorated function as the one that sends e-mail `name`."""

    def register(function: Sender) -> Sender:
        if _SENDERS.get(name, function) is not function:
            raise ValueError(f"Two senders for the e-mail {name!r}")
        _SENDERS[name] = function
        return function

    return register


def sender_of(name: str) -> Sender:
    """Return the function sending e-mail `name` (KeyError for a name nobody sends)."""
    try:
        return _SENDERS[name]
    except KeyError:
        raise KeyError(
            f"No e-mail is called {name!r}: see bascule/notifications/emails.py"
        ) from None


def delivered_by(task: Task) -> None:
    """Register the background task that sends e-mails: it is called with the e-mail's name,
    its arguments, the job's key, the request's id and the attempt number
    (bascule/notifications/tasks.py)."""
    _DELIVERY[:] = [task]


def notify(name: str, /, **arguments: Any) -> None:
    """Queue a job sending e-mail `name`, in the current transaction; with a backend that
    runs jobs at once, run it when the transaction commits."""
    send = sender_of(name)  # an unknown name fails here, in the service, not after commit
    if not _DELIVERY:  # the notifications app is not installed: send after commit
        transaction.on_commit(lambda: send(**arguments))
        return
    queue(name=name, arguments=arguments, job=uuid.uuid4().hex)


def notify_once(name: str, key: str, /, **arguments: Any) -> None:
    """As `notify`, with the job's key derived from `key` (a recipient and a month, say)
    instead of drawn at random: queued again with the same key, its messages are found sent
    and none goes twice (the sending job skips a message already sent)."""
    send = sender_of(name)
    if not _DELIVERY:
        transaction.on_commit(lambda: send(**arguments))
        return
    job = hashlib.sha256(f"{name}:{key}".encode()).hexdigest()[:32]
    queue(name=name, arguments=arguments, job=job)


def queue(**job: Any) -> None:
    """Queue the sending job `job` (its name, arguments and key, and the id of the request
    queuing it unless given), as every job is queued (bascule.core.jobs.enqueue)."""
    enqueue(_DELIVERY[0], **job)


def send_now(name: str, /, **arguments: Any) -> None:
    """Send e-mail `name` now, in this process (no job, no retry)."""
    sender_of(name)(**arguments)


def names() -> list[str]:
    """The names of every e-mail, sorted."""
    return sorted(_SENDERS)
