"""Import the HR system's export from the command line, as the web page does.

    python manage.py import_employees FILE [--dry-run] [--full [--force]]
        [--clear-blank-cells] [--map "Header=field" ...]

Prints the preview, then imports unless --dry-run. By default the employees in the file are
added or updated and nobody else is touched, and a blank cell keeps the stored value.
--full also marks the active employees missing from the file as having left; above the set
share of active employees (IMPORT_LEAVERS_CONFIRM_PERCENT) that is refused unless --force.
Any error in the file or refusal: exit status 1 and nothing written. Safe to run from cron:
importing the same file again changes nothing.
"""

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from bascule.core.errors import DomainError
from bascule.people import services
from bascule.people.imports import reading as importing

# Changed rows and leavers printed by default; --verbosity 2 prints all those kept.
PRINTED_ROWS = 20


class Command(BaseCommand):
    help = "Import employees from the HR system's export (CSV or XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV or XLSX file exported from the HR system")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument(
            "--full",
            action="store_true",
            help="The file lists everyone currently employed: mark the active employees "
            "missing from it as having left.",
        )
        scope.add_argument(
            "--partial",
            action="store_true",
            help="The file lists only some employees (the default; kept for older scripts).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="With --full: import even when more than the set share of active employees "
            "would be marked as having left.",
        )
        parser.add_argument(
            "--clear-blank-cells",
            action="store_true",
            help="A blank cell erases the stored value (by default it keeps it).",
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
        full_export = options["full"]
        if options["force"] and not full_export:
            raise CommandError(_("--force is only needed with --full."))
        clear_blank_cells = options["clear_blank_cells"]
        try:
            preview = services.employee_import_preview(
                content=content,
                full_export=full_export,
                clear_blank_cells=clear_blank_cells,
                mapping=mapping,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc

        self._print_preview(preview, full_export=full_export, verbosity=options["verbosity"])
        error_count = preview.counts["errors"]
        if error_count:
            raise CommandError(
                _("%(count)s errors: nothing was imported.") % {"count": error_count}
            )
        leaving, active = preview.counts["left"], preview.counts["active"]
        too_many = importing.leaving_needs_confirmation(leaving, active)
        if options["dry_run"]:
            if too_many and not options["force"]:
                self.stdout.write(self._too_many_message(leaving, active, dry_run=True))
            self.stdout.write(_("Dry run: nothing was imported."))
            return
        if too_many and not options["force"]:
            raise CommandError(self._too_many_message(leaving, active, dry_run=False))

        try:
            employee_import = services.employee_import_create(
                actor=None,
                filename=path.name,
                content=content,
                full_export=full_export,
                clear_blank_cells=clear_blank_cells,
                mapping=mapping,
            )
            employee_import = services.employee_import_commit(
                employee_import=employee_import,
                actor=None,
                # --force confirms what this run previewed; if the directory changed since,
                # the commit refuses rather than marking a different number as having left.
                confirmed_leavers=leaving if options["force"] else None,
                progress=self._progress,
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

    def _too_many_message(self, leaving: int, active: int, *, dry_run: bool) -> str:
        message = _(
            "This file would mark %(count)s of the %(active)s active employees (%(percent)s%%) "
            "as having left, more than the %(limit)s%% allowed without confirmation."
        ) % {
            "count": leaving,
            "active": active,
            "percent": importing.leaving_percent(leaving, active),
            "limit": settings.IMPORT_LEAVERS_CONFIRM_PERCENT,
        }
        if dry_run:
            advice = _("Without --dry-run, the import will be refused unless you add --force.")
        else:
            advice = _(
                "Nothing was imported. Check that the file lists everyone currently employed. "
                "If these people really left, run the command again with --force; to only add "
                "and update the employees in the file, run it without --full."
            )
        return f"{message} {advice}"

    def _print_preview(
        self, preview: services.ImportPreview, *, full_export: bool, verbosity: int
    ) -> None:
        counts = preview.counts
        self.stdout.write(
            _(
                "%(rows)s rows: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, "
                "%(left)s left."
            )
            % {"rows": preview.total_rows, **counts}
        )
        if full_export:
            self.stdout.write(
                _("Full export: active employees missing from the file are marked as having left.")
            )
        ignored = [header for header, name in preview.column_mapping.items() if not name]
        if ignored:
            self.stdout.write(_("Columns ignored: %(columns)s") % {"columns": ", ".join(ignored)})
        # Up to 20 lines per list by default, every line kept with --verbosity 2.
        limit = None if verbosity >= 2 else PRINTED_ROWS
        self._print_blank_cells(preview.plan.blank_cells)
        self._print_changes(preview, limit)
        self._print_leavers(preview, limit)
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

    def _print_blank_cells(self, blank_cells: dict[str, dict[str, int]]) -> None:
        for outcome, text in (
            (importing.KEPT, _("Empty cells kept as they are: %(fields)s")),
            (importing.CLEARED, _("Empty cells erasing the stored value: %(fields)s")),
        ):
            cells = blank_cells.get(outcome, {})
            if cells:
                fields = ", ".join(
                    f"{importing.field_label(name)} ({rows})" for name, rows in cells.items()
                )
                self.stdout.write(text % {"fields": fields})

    def _print_changes(self, preview: services.ImportPreview, limit: int | None) -> None:
        rows = preview.plan.samples
        shown = rows if limit is None else rows[:limit]
        actions = {
            importing.CHANGED: _("changed"),
            importing.CLEARED: _("erased"),
            importing.KEPT: _("kept (empty in the file)"),
        }
        for row in shown:
            details = "; ".join(
                f"{importing.field_label(change['field'])} {actions[change['action']]}: "
                f"{change['old'] or '-'} → {change['new'] or '-'}"
                for change in row["changes"]
            )
            self.stdout.write(f"  {row['employee_id']} {row['name']}: {details}")
        self._print_more(len(preview.plan.updates) - len(shown))

    def _print_leavers(self, preview: services.ImportPreview, limit: int | None) -> None:
        leavers = preview.plan.leaver_samples
        if not leavers:
            return
        self.stdout.write(
            _("Marked as having left (%(count)s):") % {"count": preview.counts["left"]}
        )
        shown = leavers if limit is None else leavers[:limit]
        for leaver in shown:
            self.stdout.write(
                f"  {leaver['employee_id']} {leaver['name']}"
                + (f" ({leaver['left_on']})" if leaver["left_on"] else "")
            )
        self._print_more(preview.counts["left"] - len(shown))

    def _print_more(self, hidden: int) -> None:
        if hidden > 0:
            self.stdout.write(
                _("  … and %(count)s more (--verbosity 2 lists up to %(max)s).")
                % {"count": hidden, "max": importing.MAX_LISTED}
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
