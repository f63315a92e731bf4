"""Queue again the e-mail jobs whose worker stopped mid-job (`kill -9`, a machine lost): run
from cron every few minutes (docs/operations.md). Safe to run twice, or on two machines."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from bascule.notifications.tasks import requeue_interrupted


class Command(BaseCommand):
    help = "Queue again the e-mail jobs still running after --minutes (their worker is gone)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            default=15,
            help="A job running for longer is taken as interrupted (default 15; make it "
            "longer than the longest e-mail job).",
        )

    def handle(self, *args, minutes: int, **options):
        started_before = timezone.now() - dt.timedelta(minutes=minutes)
        count = requeue_interrupted(started_before=started_before)
        self.stdout.write(f"{count} interrupted e-mail job(s) queued again.")
