"""`manage.py load_training`: install or update the built-in training catalog.

Run it after `migrate` on every deployment (docs/training.md): a new module becomes version 1,
published; a changed file adds a new published version (learners who started keep theirs);
an unchanged module is left alone, so running it again changes nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bascule.training import content, services


class Command(BaseCommand):
    help = "Install or update the built-in training modules (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--directory",
            type=Path,
            default=content.CATALOG,
            help="The folder of the catalog's TOML files (default: the built-in catalog).",
        )

    def handle(self, *args, directory: Path, **options) -> None:
        try:
            modules = content.load_catalog(directory)
        except content.ContentError as error:
            raise CommandError("\n".join(error.problems)) from error
        if not modules:
            self.stdout.write(f"No module found in {directory}.")
            return
        for line in services.install_catalog(modules):
            self.stdout.write(line)
