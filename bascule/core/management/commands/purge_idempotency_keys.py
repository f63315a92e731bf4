"""Forget the submission keys older than a day (docs/architecture.md, "Double submits and
retries").

    python manage.py purge_idempotency_keys

Meant for cron, once a day:

    15 3 * * * cd /srv/bascule && .venv/bin/python manage.py purge_idempotency_keys

Running it again deletes nothing more; a key older than a day no longer counts anyway.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from bascule.core import idempotency


class Command(BaseCommand):
    help = "Delete the submission keys (forms and Idempotency-Key headers) older than a day."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = idempotency.purge()
        self.stdout.write(
            ngettext(
                "%(count)d submission key older than a day deleted.",
                "%(count)d submission keys older than a day deleted.",
                deleted,
            )
            % {"count": deleted}
        )
