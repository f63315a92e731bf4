"""`manage.py export_training [--slug S ...] FILE`: write published training modules to a file
that another installation imports (docs/training.md, "Sharing modules between installations")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bascule.training import exchange, selectors


class Command(BaseCommand):
    help = "Export published training modules (all, or those named) to a JSON file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="The file to write ('-' for the output).")
        parser.add_argument(
            "--slug", action="append", default=[], help="A module to export (repeatable)."
        )

    def handle(self, *args, file: Path, slug: list[str], **options) -> None:
        modules = selectors.published_modules().order_by("position", "slug")
        if slug:
            modules = modules.filter(slug__in=slug)
            missing = sorted(set(slug) - {module.slug for module in modules})
            if missing:
                raise CommandError(f"No published module: {', '.join(missing)}")
        modules = list(modules)
        if not modules:
            raise CommandError("No published module to export.")
        data = exchange.export_modules(modules)
        if str(file) == "-":
            self.stdout.write(data.decode("utf-8"))
            return
        file.write_bytes(data)
        self.stdout.write(f"{len(modules)} module(s) written to {file}.")
