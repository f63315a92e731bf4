"""`manage.py credential_keys list|rotate|withdraw`: the organisation's signing keys.

- `list`: each key's identifier, algorithm, state (active, retired, withdrawn) and date.
- `rotate [--algorithm EdDSA|RS256]`: a new key signs from now on; the others are retired,
  still published so that what they signed still verifies. The first key is made by itself
  when something is first signed (EdDSA); `rotate` also chooses RS256 for verifiers that lack
  EdDSA.
- `withdraw KID --yes`: for a key that leaked: it is no longer published and what it signed no
  longer verifies (the holders need their credentials again: they download them anew).
"""

from django.core.management.base import BaseCommand, CommandError

from bascule.core.errors import DomainError
from bascule.credentials import keys
from bascule.credentials.models import Algorithm, SigningKey


class Command(BaseCommand):
    help = "List, rotate or withdraw the keys that sign the Open Badges credentials."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="the keys and their state")
        rotate = sub.add_parser("rotate", help="make a new signing key, retire the others")
        rotate.add_argument(
            "--algorithm", choices=[a.value for a in Algorithm], default=Algorithm.EDDSA
        )
        withdraw = sub.add_parser("withdraw", help="stop publishing a key (a key that leaked)")
        withdraw.add_argument("kid")
        withdraw.add_argument(
            "--yes", action="store_true", help="confirm: what it signed stops verifying"
        )

    def handle(self, *args, action: str, **options):
        if action == "rotate":
            key = keys.rotate(options["algorithm"])
            self.stdout.write(f"New signing key {key.kid} ({key.algorithm}); the others retired.")
        elif action == "withdraw":
            found = SigningKey.objects.filter(kid=options["kid"]).first()
            if found is None:
                raise CommandError(f"No signing key {options['kid']}.")
            count = found.credentials.count()
            if not options["yes"]:
                raise CommandError(
                    f"Withdrawing {found.kid} makes the {count} credentials it signed fail "
                    "verification. Run again with --yes to do it."
                )
            try:
                keys.withdraw(found.kid)
            except DomainError as exc:
                raise CommandError(str(exc.message)) from exc
            self.stdout.write(f"Key {found.kid} withdrawn; {count} credentials no longer verify.")
        for key in SigningKey.objects.order_by("created_at", "id"):
            self.stdout.write(
                f"{key.kid}  {key.algorithm:5}  {key.state:9}  "
                f"{key.created_at:%Y-%m-%d}  {key.credentials.count()} credentials"
            )
