"""The certificates API, /api/certificates/ and the public /api/verify/{code}.

Holders: my certificates, one as a PDF (?lang=fr|en), my verification preference.
Managers (HR admins, the program's managers): the settings, the eligibility, starting the
bulk issue (a background job: its id), the job's progress, the certificates issued,
revoking. Anyone: verifying a code, rate-limited per address (429).
"""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Status

from bascule.certificates import codes, pdf, selectors, services, throttle
from bascule.certificates.models import Certificate
from bascule.certificates.schemas import (
    CertificateOut,
    EligibilityOut,
    IssuedOut,
    PreferenceIO,
    RevokeIn,
    RunOut,
    SettingsIO,
    VerifyOut,
)
from bascule.certificates.views import linkedin_url
from bascule.core.api_errors import ERRORS, ErrorOut
from bascule.core.errors import DomainError
from bascule.core.permissions import require, user_can_apply, user_can_manage_programs
from bascule.programs.models import ParticipantRole

router = Router(tags=["certificates"])
verify_router = Router(tags=["certificates"])


def _out(c: Certificate) -> dict:
    return {
        "id": c.pk,
        "code": c.display_code,
        "holder": c.holder_name,
        "program": c.program_name,
        "role": c.role,
        "language": c.language,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "meetings_held": c.meetings_held,
        "hours": c.hours,
        "issued_at": c.issued_at,
        "revoked_at": c.revoked_at,
        "verify_url": pdf.verify_url(c),
        "linkedin_url": linkedin_url(c),
    }


def _run(run) -> dict:
    return {
        "id": run.pk,
        "status": run.status,
        "total": run.total,
        "done": run.done,
        "issued": run.issued,
    }


@router.get("/", response={200: list[CertificateOut], **ERRORS}, summary="My certificates")
@require(user_can_apply)
def list_my_certificates(request: HttpRequest):
    return [_out(c) for c in selectors.my_certificates(request.user)]


@router.get(
    "/{certificate_id}/pdf",
    response={200: str, **ERRORS},
    summary="One of my certificates as a PDF",
    openapi_extra={
        "responses": {
            200: {
                "description": "PDF/A-3b",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
@require(user_can_apply)
def download_my_certificate(request: HttpRequest, certificate_id: int, lang: str = ""):
    certificate = selectors.access_my_certificate(user=request.user, certificate_id=certificate_id)
    language = lang if lang in pdf.LANGUAGES else certificate.language
    response = HttpResponse(pdf.render_pdf(certificate, language), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{pdf.filename(certificate, language)}"'
    )
    return response


@router.get(
    "/preference", response={200: PreferenceIO, **ERRORS}, summary="My verification preference"
)
@require(user_can_apply)
def get_certificate_preference(request: HttpRequest):
    allowed, shown = selectors.preference(request.user.employee_id)
    return {"verification_allowed": allowed, "endorsements_shown": shown}


@router.put(
    "/preference", response={200: PreferenceIO, **ERRORS}, summary="Allow or refuse verification"
)
@require(user_can_apply)
def set_certificate_preference(request: HttpRequest, payload: PreferenceIO):
    found = services.preference_set(
        actor=request.user,
        employee_id=request.user.employee_id,
        verification_allowed=payload.verification_allowed,
        endorsements_shown=payload.endorsements_shown,
    )
    return {
        "verification_allowed": found.verification_allowed,
        "endorsements_shown": found.endorsements_shown,
    }


def _settings_out(config) -> dict:
    return (
        {role: config.criteria(role) for role in ("mentor", "mentee")}
        | {name: getattr(config, name) for name in (*services.TEXT_FIELDS, "issue_at_close")}
        | {"has_logo": bool(config.logo_type), "version": config.version if config.pk else None}
    )


@router.get(
    "/programs/{program_id}/settings",
    response={200: SettingsIO, **ERRORS},
    summary="A program's certificate settings",
)
@require(user_can_manage_programs)
def get_certificate_settings(request: HttpRequest, program_id: int):
    program = selectors.access_certificates_program(user=request.user, program_id=program_id)
    return _settings_out(selectors.settings_for(program))


@router.put(
    "/programs/{program_id}/settings",
    response={200: SettingsIO, **ERRORS},
    summary="Set a program's certificate settings",
)
@require(user_can_manage_programs)
def set_certificate_settings(request: HttpRequest, program_id: int, payload: SettingsIO):
    program = selectors.access_certificates_program(user=request.user, program_id=program_id)
    values = {
        f"{role}_{k}": v
        for role in ("mentor", "mentee")
        for k, v in getattr(payload, role).dict().items()
    }
    values |= {name: getattr(payload, name) for name in (*services.TEXT_FIELDS, "issue_at_close")}
    config = services.settings_save(
        actor=request.user, program=program, values=values, version=payload.version
    )
    return _settings_out(config)


@router.get(
    "/programs/{program_id}/eligibility",
    response={200: EligibilityOut, **ERRORS},
    summary="Who meets the criteria",
)
@require(user_can_manage_programs)
def get_certificate_eligibility(request: HttpRequest, program_id: int):
    program = selectors.access_certificates_program(user=request.user, program_id=program_id)
    found = selectors.eligibility(program)
    return {
        "eligible": len(found.eligible),
        "total": len(found.candidates),
        "to_issue_mentors": found.count(ParticipantRole.MENTOR),
        "to_issue_mentees": found.count(ParticipantRole.MENTEE),
        "warnings": found.warnings,
        "people": [
            {
                "employee_id": c.employee.pk,
                "name": c.employee.full_name,
                "role": c.role,
                "pair_id": c.pair.pk,
                "meetings": c.meetings,
                "eligible": c.eligible,
                "missing": c.missing,
                "certificate_id": c.certificate_id,
            }
            for c in found.candidates
        ],
    }


@router.post(
    "/programs/{program_id}/runs",
    response={202: RunOut, **ERRORS},
    summary="Issue the program's certificates (a background job)",
)
@require(user_can_manage_programs)
def start_certificate_run(request: HttpRequest, program_id: int):
    program = selectors.access_certificates_program(user=request.user, program_id=program_id)
    return Status(202, _run(services.run_start(actor=request.user, program=program)))


@router.get(
    "/programs/{program_id}/runs/{issue_run_id}",
    response={200: RunOut, **ERRORS},
    summary="A bulk issue's progress",
)
@require(user_can_manage_programs)
def get_certificate_run(request: HttpRequest, program_id: int, issue_run_id: int):
    program = selectors.access_certificates_program(user=request.user, program_id=program_id)
    return _run(selectors.access_run(program=program, run_id=issue_run_id))


@router.get(
    "/programs/{program_id}/issued",
    response={200: list[IssuedOut], **ERRORS},
    summary="The certificates issued",
)
@require(user_can_manage_programs)
def list_issued_certificates(request: HttpRequest, program_id: int):
    program = selectors.access_certificates_program(user=request.user, program_id=program_id)
    return [
        {
            "id": c.pk,
            "code": c.display_code,
            "holder": c.holder_name,
            "role": c.role,
            "issued_at": c.issued_at,
            "revoked_at": c.revoked_at,
            "revoked_reason": c.revoked_reason,
        }
        for c in selectors.program_certificates(program)
    ]


@router.post(
    "/programs/{program_id}/issued/{certificate_id}/revoke",
    response={200: IssuedOut, **ERRORS},
    summary="Revoke a certificate",
)
@require(user_can_manage_programs)
def revoke_certificate(
    request: HttpRequest, program_id: int, certificate_id: int, payload: RevokeIn
):
    program = selectors.access_certificates_program(user=request.user, program_id=program_id)
    certificate = selectors.access_program_certificate(
        program=program, certificate_id=certificate_id
    )
    c = services.revoke(actor=request.user, certificate_id=certificate.pk, reason=payload.reason)
    return {
        "id": c.pk,
        "code": c.display_code,
        "holder": c.holder_name,
        "role": c.role,
        "issued_at": c.issued_at,
        "revoked_at": c.revoked_at,
        "revoked_reason": c.revoked_reason,
    }


@verify_router.get(
    "/{code}",
    auth=None,
    response={200: VerifyOut, 429: ErrorOut},
    summary="Verify a certificate (public, rate-limited)",
)
def verify_certificate(request: HttpRequest, code: str):
    """valid, revoked (with its date) or unknown; only the name, program, role and date,
    and only when the holder allows it (otherwise: unknown, like a code that does not exist)."""
    wait = throttle.refused(request)
    if wait:
        raise Throttled(wait)
    result = selectors.verify(codes.normalise(code))
    c = result.certificate
    if c is None:
        return {"status": "unknown"}
    return {
        "status": result.state,
        "name": c.holder_name,
        "program": c.program_name,
        "role": c.role,
        "issued_on": timezone.localdate(c.issued_at),
        "revoked_on": timezone.localdate(c.revoked_at) if c.revoked_at else None,
        "endorsements": result.endorsements,
    }


class Throttled(DomainError):
    status_code = 429

    def __init__(self, wait: int):
        from django.utils.translation import gettext as _

        super().__init__(
            _("Too many verifications from your network: try again in %(seconds)s seconds.")
            % {"seconds": wait},
            code="throttled",
            details={"retry_after": wait},
        )
