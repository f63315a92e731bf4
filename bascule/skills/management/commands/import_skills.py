"""Import a CSV file of skills from the command line, as the web page does.

    python manage.py import_skills FILE [--language fr|en] [--category SLUG] [--dry-run]

Our own layout or an ESCO skills export (whose language --language gives). Prints what
would change, then imports unless --dry-run. Any error in the file: exit status 1 and
nothing written. Importing the same file again changes nothing.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from bascule.core.errors import DomainError
from bascule.skills import importing, services
from bascule.skills.models import SkillCategory


class Command(BaseCommand):
    help = "Import skills from a CSV file (our layout or an ESCO skills export)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV file of skills")
        parser.add_argument(
            "--language",
            choices=importing.LANGUAGES,
            help="The language of an ESCO export (our own layout has both).",
        )
        parser.add_argument(
            "--category",
            help="Code of the category new skills go to when the file gives none "
            "(default: “imported”).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
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
        category = None
        if options["category"]:
            category = SkillCategory.objects.filter(slug=options["category"]).first()
            if category is None:
                raise CommandError(
                    _("There is no skill category “%(category)s”.")
                    % {"category": options["category"]}
                )
        try:
            parsed = services.skill_import_read(content=content, language=options["language"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        plan = services.skill_import_plan(parsed=parsed, category=category)
        self.stdout.write(
            _(
                "%(rows)s rows: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, "
                "%(errors)s errors."
            )
            % {"rows": plan.total_rows, **plan.counts}
        )
        for error in plan.errors:
            self.stderr.write(
                _("Line %(line)s, %(column)s: %(message)s")
                % {
                    "line": error["line"],
                    "column": error["column"],
                    "message": importing.error_message(error),
                }
            )
        if plan.errors:
            raise CommandError(
                _("%(count)s errors: nothing was imported.") % {"count": plan.counts["errors"]}
            )
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was imported."))
            return
        try:
            plan = services.skill_import_commit(
                actor=None, parsed=parsed, category=category, filename=path.name
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
                % plan.counts
            )
        )
