"""E-mail the executive report (docs/impact.md, "Executive report") to every active sponsor:
the figures of every program over the last 12 months, as a PDF in their language.

    python manage.py send_executive_report [--dry-run]

Meant for cron, once a month:

    0 7 1 * * cd /srv/bascule && .venv/bin/python manage.py send_executive_report

Each sponsor's message is queued (the worker renders the PDF and sends it, retrying while the
mail server is down). Its job's key is the sponsor and the month: run twice in a month (a
cron retried, two servers), the second run finds each message sent and sends nothing again.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from bascule.accounts.models import Role, User
from bascule.core.notify import notify_once


class Command(BaseCommand):
    help = "E-mail the executive report (PDF) to every active sponsor; for a monthly cron."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the sponsors; send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sponsors = list(
            User.objects.filter(is_active=True, role=Role.SPONSOR)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        month = timezone.localdate().strftime("%Y-%m")
        if not options["dry_run"]:
            with transaction.atomic():
                for user_id in sponsors:
                    # One job per sponsor and month: a second run finds its message sent.
                    notify_once("executive_report", f"{user_id}:{month}", user_id=user_id)
        verb = "would be sent" if options["dry_run"] else "queued"
        self.stdout.write(f"Executive reports {verb}: {len(sponsors)}")
