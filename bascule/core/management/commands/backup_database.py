"""Back up the database to a file, while the app runs (docs/deployment.md, "Backups").

    python manage.py backup_database /var/backups/bascule/bascule-$(date +%F).backup

SQLite: a consistent copy made with SQLite's backup API (itself an SQLite database).
PostgreSQL: `pg_dump --format=custom` (restore it with restore_database or pg_restore).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bascule.core import backup


class Command(BaseCommand):
    help = "Back up the database to a file (SQLite backup API or pg_dump)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to write")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            backup.backup(options["file"], alias=options["database"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Database backed up to %(file)s.") % {"file": options["file"]})
