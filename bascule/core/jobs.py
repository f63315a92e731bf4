"""Background jobs other than e-mails (those go through `bascule.core.notify`).

A service queues its job with `enqueue(task, **arguments)` inside its transaction, as
`notify` does: on the database queue (django-tasks-db, the default) the job's row is written
in that transaction, so a change rolled back queues nothing and a change committed always has
its job; with a backend that runs jobs at once (the tests, TASK_BACKEND), the job runs when
the transaction commits. The arguments are ids and plain values (JSON), read by a worker
(`manage.py db_worker`, docs/operations.md); the job carries the id of the request that
queued it (`request_id`), for its log lines.
"""

from typing import Any

from django.db import transaction
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend

from bascule.core.request_log import current_request_id


def enqueue(task: Task, /, **arguments: Any) -> None:
    """Queue `task` with `arguments` (and the current request's id as `request_id`): in the
    current transaction on the database queue, after commit on a backend running jobs at
    once."""
    arguments.setdefault("request_id", current_request_id())
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(**arguments)
    else:
        transaction.on_commit(lambda: task.enqueue(**arguments))
