"""The background job issuing a program's certificates: `issue_program(run_id=…)`, queued by
`services.run_start` (HR's issue page, the API, the program's closing) and run by
`manage.py db_worker` (docs/operations.md). Run twice, it issues each certificate once."""

import logging

from django_tasks import task

from bascule.certificates import services
from bascule.core.request_log import request_id_used

logger = logging.getLogger("bascule.jobs")


@task()
def issue_program(*, run_id: int, request_id: str | None = None) -> int:
    """Issue the certificates of run `run_id`; return how many were issued."""
    with request_id_used(request_id):
        run = services.run_execute(run_id=run_id)
        logger.info(
            "certificates run %s: %s issued",
            run_id,
            run.issued,
            extra={"run_id": run_id, "issued": run.issued},
        )
    return run.issued
