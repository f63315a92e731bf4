"""Replace the database's content with a backup made by backup_database
(docs/deployment.md, "Backups"). Stop the app servers and workers first.

    python manage.py restore_database /var/backups/bascule/bascule-2026-12-01.backup --yes

Then `python manage.py migrate` if the backup comes from an older version of Bascule.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bascule.core import backup


class Command(BaseCommand):
    help = "Replace everything in the database with a backup (stop the app first)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="a file written by backup_database")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--yes", action="store_true", help="confirm: the database's content is replaced"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError(
                _("This replaces everything in the database with the backup: add --yes.")
            )
        try:
            backup.restore(options["file"], alias=options["database"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Database restored from %(file)s.") % {"file": options["file"]})
