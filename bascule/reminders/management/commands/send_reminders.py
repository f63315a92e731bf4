"""Send the reminders that are due, each at most once.

    python manage.py send_reminders [--dry-run] [--kind CODE ...]

Meant for cron, every 10 minutes:

    */10 * * * * cd /srv/bascule && .venv/bin/python manage.py send_reminders

Each e-mail is written in its recipient's language and time zone. Running it again, or two
copies at the same moment, never sends a reminder twice (docs/reminders.md). Prints one
summary line; exit status 1 when some e-mails could not be sent (they are retried next run).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bascule.core.errors import DomainError
from bascule.reminders import services
from bascule.reminders.kinds import all_kinds


class Command(BaseCommand):
    help = "Send the reminders that are due (each at most once); safe to run from cron."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be sent; send nothing, record nothing.",
        )
        parser.add_argument(
            "--kind",
            action="append",
            default=None,
            metavar="CODE",
            help="Only this kind (repeatable). Kinds: "
            + ", ".join(kind.code for kind in all_kinds()),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = services.send_due_reminders(dry_run=options["dry_run"], kinds=options["kind"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if options["dry_run"]:
            for line in summary.lines:
                self.stdout.write(line)
            self.stdout.write(
                _(
                    "Dry run: would send %(count)d, skipped %(skipped)d "
                    "(already sent: %(already)d, turned off: %(off)d)."
                )
                % {
                    "count": len(summary.lines),
                    "skipped": summary.skipped,
                    "already": summary.already,
                    "off": summary.off,
                }
            )
            return
        self.stdout.write(
            _(
                "Sent %(sent)d, skipped %(skipped)d (already sent: %(already)d, turned off: "
                "%(off)d), failed %(failed)d."
            )
            % {
                "sent": summary.sent,
                "skipped": summary.skipped,
                "already": summary.already,
                "off": summary.off,
                "failed": summary.failed,
            }
        )
        if summary.failed:
            raise CommandError(
                ngettext(
                    "%(failed)d reminder could not be sent; it will be retried next run.",
                    "%(failed)d reminders could not be sent; they will be retried next run.",
                    summary.failed,
                )
                % {"failed": summary.failed}
            )
