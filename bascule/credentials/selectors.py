"""Reads of credentials: the holder's own (a certificate's or a badge's), what a partner may
endorse, the revocation status lists and the public page of one credential."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404

from bascule.certificates.models import Certificate, HolderPreference
from bascule.credentials.documents import STATUS_LIST_SIZE
from bascule.credentials.models import Credential, CredentialKind, Endorsement
from bascule.pairing.models import Pair
from bascule.recognition.models import BadgeAward

_REVOKED = (
    Q(certificate__revoked_at__isnull=False)
    | Q(award__revoked_at__isnull=False)
    | Q(certificate__isnull=True, award__isnull=True)
)


def _employee_id(user: Any) -> int:
    return getattr(user, "employee_id", None) or -1


def access_my_certificate(*, user: Any, certificate_id: int) -> Certificate:
    """The caller's own certificate, not revoked; 404 otherwise (HR included)."""
    found = Certificate.objects.filter(
        pk=certificate_id, holder_id=_employee_id(user), revoked_at=None
    ).first()
    if found is None:
        raise Http404
    return found


def access_my_award(*, user: Any, award_id: int) -> BadgeAward:
    found = (
        BadgeAward.objects.select_related("badge")
        .filter(pk=award_id, employee_id=_employee_id(user), revoked_at=None)
        .first()
    )
    if found is None:
        raise Http404
    return found


def is_revoked(index: int, *, urn: str = "") -> bool:
    """Whether the credential at this status-list index is revoked: its badge or certificate
    revoked, or its row gone (the holder's data erased)."""
    found = Credential.objects.filter(pk=index).values("uuid").first()
    if found is None or (urn and urn != f"urn:uuid:{found['uuid']}"):
        return True
    return Credential.objects.filter(pk=index).filter(_REVOKED).exists()


def revoked_positions(number: int) -> set[int] | None:
    """The revoked positions of status list `number`; None when no credential is in it."""
    start = number * STATUS_LIST_SIZE
    end = start + STATUS_LIST_SIZE
    top = Credential.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if number < 0 or start > top:
        return None
    kept = set(
        Credential.objects.filter(pk__gte=start, pk__lt=end)
        .exclude(_REVOKED)
        .values_list("pk", flat=True)
    )
    # Every index given so far that is not a credential in force: revoked, deleted or unused.
    last = min(end, top + 1)
    return {i - start for i in range(max(start, 1), last) if i not in kept}


def partner_of(credential: Credential) -> int | None:
    """The employee id of the holder's partner in the pair the credential comes from."""
    pair_id = (
        credential.certificate.pair_id
        if credential.kind == CredentialKind.CERTIFICATE
        else credential.award.pair_id
    )
    if pair_id is None:
        return None
    pair = Pair.objects.filter(pk=pair_id).values("mentor_id", "mentee_id").first()
    if pair is None:
        return None
    if pair["mentor_id"] == credential.holder_id:
        return pair["mentee_id"]
    return pair["mentor_id"] if pair["mentee_id"] == credential.holder_id else None


def endorsable_certificates(user: Any) -> list[tuple[Certificate, bool]]:
    """The partners' certificates the caller may endorse (their pairs' other members, not
    revoked), each with whether the caller has endorsed it already."""
    me = _employee_id(user)
    pairs = Pair.objects.filter(Q(mentor_id=me) | Q(mentee_id=me)).values_list("pk", flat=True)
    found = list(
        Certificate.objects.filter(pair_id__in=pairs, revoked_at=None)
        .exclude(holder_id=me)
        .order_by("-issued_at", "id")
    )
    done = set(
        Endorsement.objects.filter(endorser_id=me, credential__certificate__in=found).values_list(
            "credential__certificate_id", flat=True
        )
    )
    return [(c, c.pk in done) for c in found]


def access_endorsable_certificate(*, user: Any, certificate_id: int) -> Certificate:
    me = _employee_id(user)
    found = (
        Certificate.objects.filter(pk=certificate_id, revoked_at=None)
        .filter(Q(pair__mentor_id=me) | Q(pair__mentee_id=me))
        .exclude(holder_id=me)
        .first()
    )
    if found is None:
        raise Http404
    return found


def endorsements_shown(employee_id: int) -> bool:
    found = HolderPreference.objects.filter(employee_id=employee_id).first()
    return False if found is None else found.endorsements_shown


def verification_allowed(employee_id: int) -> bool:
    found = HolderPreference.objects.filter(employee_id=employee_id).first()
    return True if found is None else found.verification_allowed


@dataclass
class PublicCredential:
    """What /ob/credentials/<uuid> shows: "valid", "revoked" or "unknown" (also when the
    holder does not let others verify)."""

    state: str
    credential: Credential | None = None
    endorsements: list[Endorsement] | None = None


def public_credential(credential_uuid: Any) -> PublicCredential:
    found = (
        Credential.objects.select_related("certificate", "award__badge", "holder")
        .filter(uuid=credential_uuid)
        .first()
    )
    if found is None or not verification_allowed(found.holder_id):
        return PublicCredential("unknown")
    thing = found.certificate or found.award
    state = "revoked" if thing is None or thing.revoked_at else "valid"
    shown = list(found.endorsements.all()) if endorsements_shown(found.holder_id) else []
    return PublicCredential(state, found, shown)
