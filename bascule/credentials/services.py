"""Writes of credentials: signing the credential of a certificate (when it is issued, in bulk)
or of a badge (when its holder first asks for it), signing again with an endorsement, and the
partner's endorsement itself.

A credential is made once per certificate or badge awarded (unique constraints): two requests
at once find the one the other made. Its status-list index is its row id, known once the row
is inserted, so rows are inserted first and signed right after, in the same transaction.
"""

import secrets
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bascule.accounts.models import User
from bascule.certificates.models import Certificate, CertificateSettings
from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, ValidationFailed
from bascule.credentials import documents, keys, tokens
from bascule.credentials.models import (
    ENDORSEMENT_MAX,
    Credential,
    CredentialKind,
    Endorsement,
)
from bascule.people.models import Employee
from bascule.recognition.models import BadgeAward


def _language(employee_id: int) -> str:
    found = (
        User.objects.filter(employee_id=employee_id, is_active=True)
        .values_list("language", flat=True)
        .first()
    )
    return (found or "fr")[:2]


def document(
    credential: Credential, *, email: str | None = None, configs: dict | None = None
) -> dict[str, Any]:
    """The credential's JSON as it is signed now, with its endorsements. `configs`: the
    certificate settings per program, when signing many."""
    endorsements = [e.token for e in credential.endorsements.all() if e.token]
    extra = {"endorsementJwt": endorsements} if endorsements else {}
    holder = credential.holder
    email = email if email is not None else holder.email
    if credential.kind == CredentialKind.CERTIFICATE:
        return documents.certificate_credential(
            credential.certificate,
            urn=credential.urn,
            index=credential.pk,
            email=email,
            salt=credential.salt,
            extra=extra,
            config=configs.get(credential.certificate.program_id) if configs is not None else False,
        )
    award = credential.award
    return documents.badge_credential(
        award,
        urn=credential.urn,
        index=credential.pk,
        holder_name=holder.full_name,
        email=email,
        salt=credential.salt,
        language=_language(holder.pk),
        extra=extra,
    )


def _sign_all(made: list[Credential]) -> None:
    if not made:
        return
    key = keys.signing_key()
    private = keys.private_key(key)
    now = timezone.now()
    programs = {c.certificate.program_id for c in made if c.certificate_id}
    configs = {s.program_id: s for s in CertificateSettings.objects.filter(program__in=programs)}
    for credential in made:
        credential.token = tokens.sign(document(credential, configs=configs), key, private)
        credential.key, credential.signed_at = key, now
    Credential.objects.bulk_update(made, ["token", "key", "signed_at"], batch_size=500)


def for_certificates(certificates: Iterable[Certificate]) -> list[Credential]:
    """Sign the credential of each certificate that has none; return the new ones."""
    todo = [c for c in certificates if c.pk]
    if not todo:
        return []
    with transaction.atomic():
        have = set(
            Credential.objects.filter(certificate__in=todo).values_list("certificate_id", flat=True)
        )
        rows = [
            Credential(
                uuid=uuid.uuid4(),
                kind=CredentialKind.CERTIFICATE,
                holder_id=c.holder_id,
                certificate=c,
                salt=secrets.token_hex(16),
                valid_from=c.issued_at,
            )
            for c in todo
            if c.pk not in have
        ]
        Credential.objects.bulk_create(rows, batch_size=500)
        made = list(
            Credential.objects.filter(uuid__in=[r.uuid for r in rows])
            .select_related("certificate", "holder")
            .prefetch_related("endorsements")
        )
        _sign_all(made)
    return made


def _one(make: Any, lookup: dict[str, Any]) -> Credential:
    found = Credential.objects.filter(**lookup).first()
    if found is not None and found.token:
        return found
    try:
        with transaction.atomic():
            made = make()
    except IntegrityError:
        made = []
    return made[0] if made else Credential.objects.get(**lookup)


def for_certificate(certificate: Certificate) -> Credential:
    return _one(lambda: for_certificates([certificate]), {"certificate": certificate})


def for_award(award: BadgeAward) -> Credential:
    """The badge's credential, signed the first time its holder asks for it."""

    def make() -> list[Credential]:
        row = Credential.objects.create(
            kind=CredentialKind.BADGE,
            holder_id=award.employee_id,
            award=award,
            salt=secrets.token_hex(16),
            valid_from=award.awarded_at,
        )
        row = (
            Credential.objects.select_related("award__badge", "holder")
            .prefetch_related("endorsements")
            .get(pk=row.pk)
        )
        _sign_all([row])
        return [row]

    return _one(make, {"award": award})


def resign(credential: Credential) -> Credential:
    """Sign the credential again with the current key (after an endorsement, say): same id,
    same status entry; copies signed before stay valid."""
    fresh = (
        Credential.objects.select_related("certificate", "award__badge", "holder")
        .prefetch_related("endorsements")
        .get(pk=credential.pk)
    )
    _sign_all([fresh])
    return fresh


def _revoked(credential: Credential) -> bool:
    thing = credential.certificate if credential.kind == CredentialKind.CERTIFICATE else None
    if thing is None:
        thing = credential.award
    return thing is None or thing.revoked_at is not None


def endorse(
    *, actor: Any, credential: Credential, endorser: Employee, text: str, submission=None
) -> Endorsement:
    """The partner's sentence, signed as an EndorsementCredential and put in the credential.
    One per partner and credential: a second is refused (409); the same submission sent
    again (an Idempotency-Key) gets the first answer."""
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ValidationFailed({"text": [_("Write a sentence about your partner.")]})
    if len(text) > ENDORSEMENT_MAX:
        raise ValidationFailed(
            {
                "text": [
                    _("This text is too long (%(max)s characters at most).")
                    % {"max": ENDORSEMENT_MAX}
                ]
            }
        )
    with transaction.atomic():
        locked = Credential.objects.select_for_update().get(pk=credential.pk)
        claim = idempotency.claim(actor=actor, scope="credentials.endorse", submission=submission)
        if _revoked(locked):
            raise ConflictError(_("This credential is revoked."), code="revoked")
        if Endorsement.objects.filter(credential=locked, endorser=endorser).exists():
            raise ConflictError(
                _("You have already endorsed this credential."), code="already_endorsed"
            )
        endorsement = Endorsement.objects.create(
            credential=locked, endorser=endorser, endorser_name=endorser.full_name, text=text
        )
        key = keys.signing_key()
        # Written in the holder's language, as their credential is.
        with translation.override(_language(locked.holder_id)):
            signed = documents.endorsement_credential(
                urn=f"urn:uuid:{endorsement.uuid}",
                endorsed_urn=locked.urn,
                endorser_name=endorsement.endorser_name,
                text=text,
                created=endorsement.created_at,
            )
        endorsement.token = tokens.sign(signed, key)
        endorsement.save(update_fields=["token"])
        resign(locked)
        audit_record(actor=actor, action="credentials.endorsed", target=locked)
        claim.done(endorsement)
    return endorsement
