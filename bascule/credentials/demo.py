"""The demo's Open Badges: the closed first cohort's certificates were signed when issued;
here the demo mentor's mentee of that cohort endorses the mentor's certificate, and the mentor
lets those who verify it read the endorsement."""

from bascule.accounts.models import User
from bascule.certificates.models import Certificate, HolderPreference
from bascule.credentials import services
from bascule.people.models import Employee
from bascule.programs.models import Program

ENDORSEMENT = (
    "Des explications patientes et claires : je me sers maintenant de l'IA générative au "
    "quotidien, et je n'ai jamais eu l'impression d'être en retard."
)


def credentials_demo(*, program: Program, mentor: Employee, hr: User) -> None:
    certificate = (
        Certificate.objects.filter(program=program, holder=mentor, revoked_at=None)
        .select_related("pair")
        .first()
    )
    if certificate is None or certificate.pair is None:
        return
    services.endorse(
        actor=hr,
        credential=services.for_certificate(certificate),
        endorser=certificate.pair.mentee,
        text=ENDORSEMENT,
    )
    HolderPreference.objects.update_or_create(
        employee=mentor, defaults={"verification_allowed": True, "endorsements_shown": True}
    )
