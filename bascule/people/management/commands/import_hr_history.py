"""Load the past of the HR directory once: when levels, job titles, departments, managers
and locations changed, and when people left (bascule/people/history.py).

    python manage.py import_hr_history FILE [--dry-run]

FILE is a CSV or XLSX file with an employee ID column, an effective date column and any of
the tracked columns (level, job title, department, manager, location, left on); a blank cell
means "unchanged". Any problem in the file: exit status 1 and nothing recorded. Loading the
same file again records nothing more.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from bascule.core.errors import ValidationFailed
from bascule.people import history


class Command(BaseCommand):
    help = "Load the HR history (dated changes of level, job, department, manager, leaving)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV or XLSX file with an effective date per row")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and count; record nothing."
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
        try:
            plan = history.read_history(content)
        except ValidationFailed as exc:
            raise CommandError(exc.message) from exc
        if plan.errors:
            for message in plan.error_messages():
                self.stderr.write(message)
            raise CommandError(
                _("Nothing was recorded: %(count)s problems in the file.")
                % {"count": len(plan.errors)}
            )
        self.stdout.write(
            _("%(rows)s rows, %(employees)s employees, %(changes)s changes found.")
            % {"rows": plan.rows, "employees": plan.employees, "changes": len(plan.changes)}
        )
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was recorded."))
            return
        added = history.apply_history(plan=plan, actor=None, filename=path.name)
        self.stdout.write(
            _("%(added)s changes recorded (%(known)s already known).")
            % {"added": added, "known": len(plan.changes) - added}
        )
