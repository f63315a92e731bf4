"""`manage.py import_training FILE [--dry-run]`: import training modules exported from another
installation. The whole file is checked first; on any problem they are listed, nothing is
saved and the command exits with code 1."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bascule.core.errors import ValidationFailed
from bascule.training import exchange

LABELS = {
    exchange.NEW: "new",
    exchange.NEW_VERSION: "new version",
    exchange.UNCHANGED: "unchanged",
}


class Command(BaseCommand):
    help = "Import training modules from a file written by export_training."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be done; save nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options) -> None:
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        try:
            plan = exchange.read_import(data)
        except ValidationFailed as error:
            raise CommandError(
                "\n".join(message for messages in error.errors.values() for message in messages)
            ) from error
        for item in plan.modules:
            self.stdout.write(f"{item.slug}: {LABELS[item.status]}")
        counts = plan.counts
        self.stdout.write(
            f"{counts[exchange.NEW]} new, {counts[exchange.NEW_VERSION]} new version(s), "
            f"{counts[exchange.UNCHANGED]} unchanged."
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
            return
        for line in exchange.apply_import(plan, actor=None):
            self.stdout.write(line)
