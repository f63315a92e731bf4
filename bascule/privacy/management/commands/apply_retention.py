"""Apply the retention rule of the privacy notice.

    python manage.py apply_retention [--dry-run]

Meant for cron, once a day:

    30 3 * * * cd /srv/bascule && .venv/bin/python manage.py apply_retention

12 months after a program closed, what its people wrote is deleted (docs/privacy.md). Prints
what it deleted — or, with --dry-run, would delete — per program and kind of data. Running it
again, or two copies at the same moment, deletes nothing twice: the second finds nothing left.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bascule.privacy import selectors, services


class Command(BaseCommand):
    help = "Delete what people wrote in programs closed 12 months ago or more; safe from cron."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be deleted, per program and kind of data; change nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        report = services.retention_apply(dry_run=dry_run)
        labels = selectors.kind_labels()
        self.stdout.write(
            _("Programs closed on or before %(date)s:")
            % {"date": date_format(report.cutoff.date(), "DATE_FORMAT")}
        )
        if not report.programs:
            self.stdout.write("  " + _("none."))
        for entry in report.programs:
            self.stdout.write(
                "  "
                + _("%(program)s (closed on %(date)s)")
                % {
                    "program": entry.program.name,
                    "date": date_format(entry.closed_on, "DATE_FORMAT"),
                }
            )
            self._counts(entry.counts, labels)
        self.stdout.write(_("Data tied to no program:"))
        self._counts(report.other, labels)
        if dry_run:
            self.stdout.write(
                _("Dry run: %(count)d rows would change; nothing was changed.")
                % {"count": report.total}
            )
        elif report.total:
            self.stdout.write(_("Done: %(count)d rows changed.") % {"count": report.total})
        else:
            self.stdout.write(_("Nothing left to delete."))

    def _counts(self, counts: dict[str, int], labels: dict[str, str]) -> None:
        shown = [(key, value) for key, value in counts.items() if value]
        if not shown:
            self.stdout.write("    " + _("nothing left to delete"))
        for key, value in shown:
            self.stdout.write(f"    {value:>7}  {labels.get(key, key)}")
