"""Store each pair's health at the end of the finished months (docs/impact.md, "Health over
time"), so that the dashboards read it instead of computing it.

    python manage.py record_pair_health [--months 12] [--recompute]

Meant for cron, once a night (the first run after a month ends stores that month):

    20 2 * * * cd /srv/bascule && .venv/bin/python manage.py record_pair_health

Idempotent: a month already stored is left as it is (what HR saw at its end), so a second run
writes nothing; two runs at once write each row once. `--recompute` replaces the stored
states of those months with what the data says now (after a correction recorded late).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from bascule.insights import services
from bascule.insights.filters import add_months
from bascule.pairing.selectors import pairs_of
from bascule.programs.models import Program


class Command(BaseCommand):
    help = "Store the pairs' health at the end of the last finished months; for a nightly cron."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--months", type=int, default=12, help="How many finished months (default 12)."
        )
        parser.add_argument(
            "--recompute",
            action="store_true",
            help="Replace the states stored for those months with what the data says now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["months"]
        if count < 1:
            raise CommandError("--months must be 1 or more.")
        now = timezone.now()
        this_month = timezone.localdate(now).replace(day=1)
        months = [add_months(this_month, -n) for n in range(count, 0, -1)]
        pairs = pairs_of(programs=list(Program.objects.all()))
        written = services.record_health_months(
            pairs=pairs, months=months, now=now, recompute=options["recompute"]
        )
        self.stdout.write(f"{written} pair-month states written.")
