"""Import the HR system's export from the command line, as the web page does.

    python manage.py import_employees FILE [--dry-run] [--partial] [--map "Header=field" ...]

Prints the preview, then imports unless --dry-run. Any error in the file: exit status 1 and
nothing written. Safe to run from cron: importing the same file again changes nothing.
"""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from bascule.core.errors import DomainError
from bascule.people import importing, services


class Command(BaseCommand):
    help = "Import employees from the HR system's export (CSV or XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV or XLSX file exported from the HR system")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="The file lists only some employees: do not mark the others as having left.",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=FIELD",
            help="Read column HEADER as FIELD (or ignore it with HEADER=). Fields: "
            + ", ".join(importing.FIELDS),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s")
                % {"path": path, "reason": exc.strerror or exc}
            ) from exc
        mapping = self._mapping(options["map"])
        full_export = not options["partial"]
        try:
            preview = services.employee_import_preview(
                content=content, full_export=full_export, mapping=mapping
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc

        self._print_preview(preview)
        error_count = preview.counts["errors"]
        if error_count:
            raise CommandError(
                _("%(count)s errors: nothing was imported.") % {"count": error_count}
            )
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was imported."))
            return

        try:
            employee_import = services.employee_import_create(
                actor=None,
                filename=path.name,
                content=content,
                full_export=full_export,
                mapping=mapping,
            )
            employee_import = services.employee_import_commit(
                employee_import=employee_import, actor=None, progress=self._progress
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        counts = employee_import.counts
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, "
                    "%(left)s left."
                )
                % {name: counts.get(name, 0) for name in ("new", "updated", "unchanged", "left")}
            )
        )

    def _mapping(self, pairs: list[str]) -> dict[str, str]:
        mapping = {}
        for pair in pairs:
            header, separator, name = pair.partition("=")
            if not separator or not header.strip():
                raise CommandError(
                    _("--map expects HEADER=FIELD, got “%(value)s”.") % {"value": pair}
                )
            name = name.strip()
            if name and name not in importing.FIELD_LABELS:
                raise CommandError(
                    _("Unknown field “%(field)s”. Fields: %(fields)s.")
                    % {"field": name, "fields": ", ".join(importing.FIELDS)}
                )
            mapping[header.strip()] = name
        return mapping

    def _print_preview(self, preview: services.ImportPreview) -> None:
        counts = preview.counts
        self.stdout.write(
            _(
                "%(rows)s rows: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, "
                "%(left)s left."
            )
            % {"rows": preview.total_rows, **counts}
        )
        ignored = [header for header, name in preview.column_mapping.items() if not name]
        if ignored:
            self.stdout.write(_("Columns ignored: %(columns)s") % {"columns": ", ".join(ignored)})
        for error in preview.errors:
            self.stdout.write(
                _("line %(line)s, column %(column)s: %(reason)s")
                % {
                    "line": error["line"],
                    "column": error["column"] or "-",
                    "reason": importing.error_message(error),
                }
            )
        if counts["errors"] > len(preview.errors):
            self.stdout.write(
                _("… and %(count)s more errors.")
                % {"count": counts["errors"] - len(preview.errors)}
            )

    def _progress(self, done: int, total: int) -> None:
        # At most a few lines a second on stderr, so that a log stays readable.
        now = time.monotonic()
        if done < total and now - getattr(self, "_last_progress", 0.0) < 0.5:
            return
        self._last_progress = now
        self.stderr.write(
            _("Importing: %(done)s of %(total)s changes written") % {"done": done, "total": total},
            style_func=str,
        )
