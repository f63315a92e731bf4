"""The credentials API, /api/credentials/.

Holders: the signed credential (VC-JWT) of one of their certificates or badges. Partners: the
certificates they may endorse, and endorsing one. Anyone: verifying a credential, rate-limited
per address (429) like /api/verify/{code}.
"""

from django.http import HttpRequest
from ninja import Router, Status

from bascule.certificates import throttle
from bascule.certificates.api import Throttled
from bascule.core import idempotency
from bascule.core.api_errors import ERRORS, ErrorOut, ValidationErrorOut
from bascule.core.permissions import require, user_can_apply
from bascule.credentials import selectors, services
from bascule.credentials import verify as verifying
from bascule.credentials.models import Credential
from bascule.credentials.schemas import (
    CredentialOut,
    EndorsableOut,
    EndorseIn,
    EndorsementOut,
    VerifyIn,
    VerifyOut,
)
from bascule.people.models import Employee

router = Router(tags=["credentials"])


def _credential(credential: Credential) -> dict:
    return {
        "id": credential.urn,
        "kind": credential.kind,
        "jwt": credential.token,
        "valid_from": credential.valid_from,
    }


@router.get(
    "/certificates/{certificate_id}",
    response={200: CredentialOut, **ERRORS},
    summary="The digital credential of one of my certificates",
)
@require(user_can_apply)
def get_certificate_credential(request: HttpRequest, certificate_id: int):
    certificate = selectors.access_my_certificate(user=request.user, certificate_id=certificate_id)
    return _credential(services.for_certificate(certificate))


@router.get(
    "/badges/{award_id}",
    response={200: CredentialOut, **ERRORS},
    summary="The digital credential of one of my badges (signed the first time)",
)
@require(user_can_apply)
def get_badge_credential(request: HttpRequest, award_id: int):
    award = selectors.access_my_award(user=request.user, award_id=award_id)
    return _credential(services.for_award(award))


@router.get(
    "/endorsable",
    response={200: list[EndorsableOut], **ERRORS},
    summary="My partners' certificates I may endorse",
)
@require(user_can_apply)
def list_endorsable_certificates(request: HttpRequest):
    return [
        {
            "certificate_id": c.pk,
            "holder": c.holder_name,
            "program": c.program_name,
            "role": c.role,
            "issued_at": c.issued_at,
            "endorsed": done,
        }
        for c, done in selectors.endorsable_certificates(request.user)
    ]


@router.post(
    "/endorsements/{certificate_id}",
    response={201: EndorsementOut, **ERRORS},
    summary="Endorse my partner's certificate",
)
@require(user_can_apply)
@idempotency.api_create()
def endorse_certificate(request: HttpRequest, certificate_id: int, payload: EndorseIn):
    """Once per partner and certificate: a second is refused (409). Sent twice with the same
    Idempotency-Key: endorsed once, the same answer twice."""
    certificate = selectors.access_endorsable_certificate(
        user=request.user, certificate_id=certificate_id
    )
    credential = services.for_certificate(certificate)
    endorsement = services.endorse(
        actor=request.user,
        credential=credential,
        endorser=Employee.objects.get(pk=request.user.employee_id),
        text=payload.text,
        submission=idempotency.submission(request),
    )
    return Status(
        201,
        {
            "id": f"urn:uuid:{endorsement.uuid}",
            "credential_id": credential.urn,
            "endorser_name": endorsement.endorser_name,
            "text": endorsement.text,
            "created_at": endorsement.created_at,
        },
    )


@router.post(
    "/verify",
    auth=None,
    response={200: VerifyOut, 400: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut},
    summary="Verify a credential (public, rate-limited)",
)
def verify_credential(request: HttpRequest, payload: VerifyIn):
    """The Open Badges verification: this issuer's key, the signature, the structure, the
    dates, the revocation status, optionally the holder's e-mail, and the endorsements it
    carries."""
    wait = throttle.refused(request)
    if wait:
        raise Throttled(wait)
    email = (payload.email or "").strip() or None
    outcome = verifying.verify_bytes(payload.credential.strip().encode("utf-8"), email=email)
    return {
        "status": outcome.status,
        "checks": [
            {"name": c.name, "passed": c.passed, "detail": str(c.detail)} for c in outcome.checks
        ],
        "holder_name": outcome.holder_name,
        "achievement": outcome.achievement,
        "issuer_name": outcome.issuer_name,
        "valid_from": outcome.valid_from,
        "endorsements": outcome.endorsements,
    }
