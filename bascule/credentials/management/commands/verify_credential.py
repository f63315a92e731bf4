"""`manage.py verify_credential FILE [--email ADDRESS]`: verify an Open Badges credential of
this organisation (a .jwt or .json file, or a certificate PDF carrying one): its signature,
dates, revocation and, with --email, its holder. Exits with 0 when it is valid, 1 otherwise;
"-" reads the standard input."""

import sys

from django.core.management.base import BaseCommand, CommandError

from bascule.credentials import verify


class Command(BaseCommand):
    help = "Verify an Open Badges credential (a VC-JWT file, or a certificate PDF)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--email", help="the holder's e-mail address, to check it too")

    def handle(self, *args, file: str, email: str | None, **options):
        try:
            if file == "-":
                data = sys.stdin.buffer.read(verify.MAX_INPUT + 1)
            else:
                with open(file, "rb") as handle:
                    data = handle.read(verify.MAX_INPUT + 1)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        outcome = verify.verify_bytes(data, email=email)
        for check in outcome.checks:
            mark = "ok  " if check.passed else "FAIL"
            detail = f" ({check.detail})" if check.detail else ""
            self.stdout.write(f"{mark} {check.name}{detail}")
        if outcome.credential:
            self.stdout.write(f"credential: {outcome.credential_id}")
            self.stdout.write(f"holder: {outcome.holder_name}")
            self.stdout.write(f"achievement: {outcome.achievement}")
            self.stdout.write(f"issuer: {outcome.issuer_name}")
            for found in outcome.endorsements:
                self.stdout.write(f"endorsement: {found['name']}: {found['text']}")
        self.stdout.write(f"result: {outcome.status}")
        if not outcome.valid:
            raise SystemExit(1)
