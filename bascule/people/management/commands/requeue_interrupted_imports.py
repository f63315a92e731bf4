"""Queue again the HR file imports whose worker stopped mid-job (`kill -9`, a machine lost):
run from cron every few minutes (docs/operations.md). The interrupted run wrote nothing (its
transaction was rolled back), so the new one applies the file from the start. Safe to run
twice, or on two machines."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from bascule.people.imports.tasks import requeue_interrupted


class Command(BaseCommand):
    help = "Queue again the import jobs still running after --minutes (their worker is gone)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            default=15,
            help="A job running for longer is taken as interrupted (default 15). On "
            "PostgreSQL an import still being written is never taken.",
        )

    def handle(self, *args, minutes: int, **options):
        started_before = timezone.now() - dt.timedelta(minutes=minutes)
        count = requeue_interrupted(started_before=started_before)
        self.stdout.write(f"{count} interrupted import job(s) queued again.")
