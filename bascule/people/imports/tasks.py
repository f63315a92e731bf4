"""The background job that applies an HR file: `commit_import(import_id=…)`, queued by
`services.employee_import_queue` (the import page, the API) and run by `manage.py db_worker`
(docs/operations.md).

The job is `services.employee_import_run`: the import goes from queued to committing, the
file is applied in one transaction holding the import's row, and the import ends committed or
failed (with the reason, for its page). Run twice, or twice at once, it commits once. A job
whose worker was killed wrote nothing and stays "running" in the queue, its import
"committing": `manage.py requeue_interrupted_imports` (from cron) queues it again, and the
new run commits the file from the start.
"""

import datetime as dt
import logging

from django.db import transaction
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from bascule.core import jobs
from bascule.core.request_log import request_id_used
from bascule.people import services
from bascule.people.models import IN_PROGRESS_STATUSES, EmployeeImport

logger = logging.getLogger("bascule.jobs")


@task()
def commit_import(
    *, import_id: int, confirmed_leavers: int | None = None, request_id: str | None = None
) -> str:
    """Apply import `import_id` (queued by request `request_id`); return its status."""
    with request_id_used(request_id):
        status = services.employee_import_run(
            import_id=import_id, confirmed_leavers=confirmed_leavers
        )
        logger.info(
            "import %s: %s",
            import_id,
            status,
            extra={"import_id": import_id, "status": status},
        )
    return status


class Interrupted(Exception):
    """A job whose worker stopped without finishing it (killed, machine lost)."""


def requeue_interrupted(*, started_before: dt.datetime) -> int:
    """Queue again each import job still running that started before `started_before`, its
    worker presumably gone; return how many. On PostgreSQL an import whose commit is really
    running is left alone (its row is held by the commit); elsewhere the new job waits for
    the running one and then finds the import committed. A job whose import is already
    committed or failed is only marked failed."""
    count = 0
    with transaction.atomic():
        stalled = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING,
            task_path=commit_import.module_path,
            started_at__lt=started_before,
        )
        for result in stalled:
            arguments = result.args_kwargs["kwargs"]
            found = EmployeeImport.objects.filter(pk=arguments["import_id"])
            employee_import = found.select_for_update(skip_locked=True).only("status").first()
            if employee_import is None and found.exists():
                continue  # a commit holds the row: its worker is alive
            result.set_failed(Interrupted("The worker stopped before the job finished"))
            if employee_import is not None and employee_import.status in IN_PROGRESS_STATUSES:
                jobs.enqueue(commit_import, **arguments)
                count += 1
    return count
