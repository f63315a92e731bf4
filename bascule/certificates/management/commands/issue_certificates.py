"""`manage.py issue_certificates --program ID`: issue a program's certificates now, in this
process, with a progress line; safe to run twice (a certificate already issued is skipped)."""

from django.core.management.base import BaseCommand, CommandError

from bascule.certificates import selectors, services
from bascule.certificates.models import IssueRun
from bascule.programs.models import Program


class Command(BaseCommand):
    help = "Issue the certificates of a program's participants who meet its criteria."

    def add_arguments(self, parser):
        parser.add_argument("--program", type=int, required=True, help="the program's id")

    def handle(self, *args, program: int, **options):
        found = Program.objects.filter(pk=program).first()
        if found is None:
            raise CommandError(f"No program with id {program}.")
        if not selectors.program_finished(found):
            raise CommandError(
                f"The program “{found.name}” has not ended yet (it ends on {found.ends_on})."
            )
        run = IssueRun.objects.create(program=found)

        def progress(run: IssueRun) -> None:
            self.stdout.write(
                f"\r{run.done}/{run.total} people looked at, {run.issued} issued", ending=""
            )
            self.stdout.flush()

        run = services.run_execute(run_id=run.pk, progress=progress)
        self.stdout.write("")
        self.stdout.write(
            f"{run.issued} certificates issued for “{found.name}” "
            f"({run.total - run.issued} people already had theirs or do not meet the criteria)."
        )
