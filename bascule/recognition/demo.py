"""Demo kudos for the pilot: thanks between its pairs, some shown on the pilot's wall, HR's
recognition of the demo pair, one thanks hidden by HR with a reason. Badges: those the demo's
activity proves (`award_due`), a custom badge HR gave the demo mentee, one badge revoked by HR
with a reason.

Rows are written directly (no e-mail is sent while seeding); the hiding is recorded in the
audit log like HR's.
"""

from django.utils import timezone

from bascule.accounts.models import User
from bascule.core.audit import audit_record
from bascule.pairing.models import Pair
from bascule.programs.models import Program
from bascule.recognition.badges.services import award_due
from bascule.recognition.models import (
    Badge,
    BadgeAward,
    BadgeColour,
    BadgeShape,
    Kudos,
    RecognitionPreference,
    SenderKind,
    Visibility,
)

THANKS = [
    "Merci pour ta patience : je n'ai plus peur des tableaux croisés dynamiques.",
    "Merci de m'avoir montré comment préparer une visio sans stress.",
    "Tes conseils sur les réseaux sociaux m'ont fait gagner un temps fou.",
    "Merci pour ton regard bienveillant sur mes premières présentations.",
    "Grâce à toi, j'ose enfin poser des questions en réunion.",
    "Merci pour cette séance sur l'IA générative, très concrète.",
]


def recognition_demo(*, program: Program, hr: User, featured: list[int]) -> None:
    pairs = list(Pair.objects.filter(program=program).select_related("mentor", "mentee"))
    users = {u.employee_id: u for u in User.objects.filter(employee__isnull=False)}
    for index, pair in enumerate(pairs[: len(THANKS)]):
        if featured and pair.mentee_id in featured:
            continue
        Kudos.objects.create(
            program=program,
            pair=pair,
            sender=users.get(pair.mentee_id),
            sender_kind=SenderKind.PARTNER,
            recipient=pair.mentor,
            message=THANKS[index],
            visibility=Visibility.PROGRAM,
            on_wall=index < 4,
        )
    featured_pair = next((p for p in pairs if p.mentee_id in featured), None)
    if featured_pair is not None:
        # The demo mentor thanked the demo mentee; the demo mentee chose to show what they
        # receive to the program. HR recognised both of them.
        RecognitionPreference.objects.create(employee=featured_pair.mentee, cap=Visibility.PROGRAM)
        Kudos.objects.create(
            program=program,
            pair=featured_pair,
            sender=users.get(featured_pair.mentor_id),
            sender_kind=SenderKind.PARTNER,
            recipient=featured_pair.mentee,
            message="Merci pour tes questions qui me font voir mon métier autrement.",
            visibility=Visibility.PROGRAM,
        )
        for member in (featured_pair.mentor, featured_pair.mentee):
            Kudos.objects.create(
                program=program,
                pair=featured_pair,
                sender=hr,
                sender_kind=SenderKind.HR,
                recipient=member,
                message="Bravo pour votre binôme exemplaire : six rencontres en deux mois !",
                visibility=Visibility.COMPANY,
            )
    shown = Kudos.objects.filter(program=program, on_wall=True).order_by("pk").first()
    if shown is not None:
        shown.hidden_at = timezone.now()
        shown.hidden_by = hr
        shown.hidden_reason = "Le message cite un client par son nom."
        shown.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
        audit_record(actor=hr, action="recognition.kudos_hidden", target=shown)
    badges_demo(program=program, hr=hr, featured_pair=featured_pair)


def badges_demo(*, program: Program, hr: User, featured_pair: Pair | None) -> None:
    award_due(tell=False)
    if featured_pair is None:
        return
    # Badge definitions outlive a demo emptied by hand: the custom one is found again.
    badge, created = Badge.objects.get_or_create(
        slug="custom-reverse-mentoring-ambassador",
        defaults={
            "name_fr": "Ambassadeur du mentorat inversé",
            "name_en": "Reverse mentoring ambassador",
            "description_fr": "A fait connaître le programme autour de soi.",
            "description_en": "Made the program known around them.",
            "shape": BadgeShape.STAR,
            "colour": BadgeColour.TEAL,
            "glyph": "RM",
        },
    )
    if created:
        audit_record(actor=hr, action="recognition.badge_created", target=badge)
    award = BadgeAward.objects.create(
        badge=badge,
        employee=featured_pair.mentee,
        program=program,
        pair=featured_pair,
        awarded_by=hr,
        reason="A présenté le programme à toute son équipe lors du séminaire de rentrée.",
    )
    audit_record(
        actor=hr,
        action="recognition.badge_awarded",
        target=award,
        changes={"badge": badge.slug, "program": program.pk},
    )
    revoked = (
        BadgeAward.objects.filter(program=program, awarded_by__isnull=True)
        .exclude(employee__in=[featured_pair.mentor_id, featured_pair.mentee_id])
        .order_by("pk")
        .first()
    )
    if revoked is not None:
        revoked.revoked_at = timezone.now()
        revoked.revoked_by = hr
        revoked.revoked_reason = "Rencontre saisie par erreur : elle n'a pas eu lieu."
        revoked.save(update_fields=["revoked_at", "revoked_by", "revoked_reason", "updated_at"])
        audit_record(
            actor=hr,
            action="recognition.badge_revoked",
            target=revoked,
            changes={"badge": revoked.badge.slug},
        )
