"""Award the built-in badges that past activity proves and nobody holds yet.

    python manage.py award_badges [--program ID] [--dry-run]

Meant for cron, every night:

    15 2 * * * cd /srv/bascule && .venv/bin/python manage.py award_badges

Run twice, or two copies at the same moment: nothing is awarded twice (docs/recognition.md,
"Badges"). The holders are told, one message per person per run. Prints one line per badge
with how many new awards (would be) made, then the total.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bascule.programs.models import Program
from bascule.recognition.badges import services


class Command(BaseCommand):
    help = "Award the badges past activity proves (never twice); safe to run from cron."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", type=int, default=None, help="Only this program (id).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be awarded; award nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        program = None
        if options["program"] is not None:
            program = Program.objects.filter(pk=options["program"]).first()
            if program is None:
                raise CommandError(f"No program has the id {options['program']}.")
        counts = services.award_due(program, dry_run=options["dry_run"])
        verb = "would award" if options["dry_run"] else "awarded"
        for slug, n in counts.items():
            self.stdout.write(f"{slug}: {n}")
        self.stdout.write(f"Total {verb}: {sum(counts.values())}")
