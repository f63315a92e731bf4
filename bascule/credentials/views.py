"""Open Badges pages.

Public, without logging in (/ob/): the issuer's profile, its keys (JWK set and each JWK), the
revocation status lists (a signed BitstringStatusListCredential), the achievements, each
credential's page (as its holder allows) and /ob/verify/ where anyone checks a credential file
or a certificate PDF (rate-limited per address, like /verify/<code>).

Holders (/credentials/): their certificate's or badge's credential as a file; partners: the
endorsement of the other member's certificate.
"""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bascule.certificates import throttle
from bascule.core.errors import DomainError
from bascule.core.forms import add_errors
from bascule.core.permissions import require, user_can_apply
from bascule.credentials import documents, keys, selectors, services, tokens
from bascule.credentials import verify as verifying
from bascule.credentials.forms import EndorseForm, VerifyCredentialForm
from bascule.credentials.models import Credential
from bascule.people.models import Employee
from bascule.recognition.models import Badge

JWT_TYPE = "application/vc+jwt"
LD_TYPE = "application/ld+json"


def _json(data: Any, *, max_age: int = 300) -> JsonResponse:
    response = JsonResponse(data, content_type=LD_TYPE, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
@require_GET
def issuer(request: HttpRequest) -> HttpResponse:
    return _json(documents.issuer_profile())


@login_not_required
@require_GET
def key_set(request: HttpRequest) -> HttpResponse:
    keys.signing_key()  # a fresh installation publishes its first key at once
    return _json({"keys": [k.public_jwk for k in keys.published()]})


@login_not_required
@require_GET
def key(request: HttpRequest, kid: str) -> HttpResponse:
    found = next((k for k in keys.published() if k.kid == kid), None)
    if found is None:
        raise Http404
    return _json(found.public_jwk)


@login_not_required
@require_GET
def status_list(request: HttpRequest, number: int) -> HttpResponse:
    revoked = selectors.revoked_positions(number)
    if revoked is None:
        raise Http404
    document = documents.status_list(number, revoked, timezone.now())
    if "json" in request.GET.get("format", ""):
        return _json(document, max_age=60)
    response = HttpResponse(tokens.sign(document, keys.signing_key()), content_type=JWT_TYPE)
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
@require_GET
def badge_achievement(request: HttpRequest, slug: str) -> HttpResponse:
    badge = Badge.objects.filter(slug=slug).first()
    if badge is None:
        raise Http404
    language = "en" if request.LANGUAGE_CODE.startswith("en") else "fr"
    return _json(
        {
            "@context": documents.CONTEXT,
            "id": documents.absolute("badge_achievement", slug=slug),
            "type": ["Achievement"],
            "achievementType": "Badge",
            "name": badge.name_in(language),
            "description": badge.description_in(language) or badge.name_in(language),
            "criteria": {"narrative": badge.criteria_in(language) or "-"},
            "creator": documents.issuer(),
        }
    )


@login_not_required
@require_GET
def program_achievement(request: HttpRequest, program_id: int, role: str) -> HttpResponse:
    from bascule.certificates.models import Certificate

    sample = Certificate.objects.filter(program_id=program_id, role=role).first()
    if sample is None:
        raise Http404
    return _json(
        {
            "@context": documents.CONTEXT,
            "id": documents.absolute("program_achievement", program_id=program_id, role=role),
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": documents.achievement_name(sample),
            "description": documents.achievement_name(sample),
            "criteria": {"narrative": documents._criteria(None, role)},
            "creator": documents.issuer(),
        }
    )


def _throttled(request: HttpRequest) -> HttpResponse | None:
    wait = throttle.refused(request)
    if not wait:
        return None
    response = render(request, "certificates/throttled.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


@login_not_required
@require_GET
def credential_page(request: HttpRequest, credential_uuid: Any) -> HttpResponse:
    refused = _throttled(request)
    if refused is not None:
        return refused
    found = selectors.public_credential(credential_uuid)
    if JWT_TYPE in request.headers.get("Accept", "") and found.credential is not None:
        return HttpResponse(found.credential.token, content_type=JWT_TYPE)
    return render(request, "credentials/credential.html", {"found": found})


@login_not_required
def verify(request: HttpRequest) -> HttpResponse:
    outcome = None
    if request.method == "POST":
        refused = _throttled(request)
        if refused is not None:
            return refused
        form = VerifyCredentialForm(request.POST, request.FILES)
        if form.is_valid():
            email = form.cleaned_data.get("email") or None
            outcome = verifying.verify_bytes(form.payload(), email=email)
    else:
        form = VerifyCredentialForm()
    return render(request, "credentials/verify.html", {"form": form, "outcome": outcome})


# --- Holders and partners ------------------------------------------------------------------------


def _download(credential: Credential, stem: str) -> HttpResponse:
    response = HttpResponse(credential.token, content_type=JWT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}.jwt"'
    return response


@require(user_can_apply)
@require_GET
def certificate_credential(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = selectors.access_my_certificate(user=request.user, certificate_id=certificate_id)
    try:
        credential = services.for_certificate(certificate)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("certificates:mine")
    return _download(credential, f"certificate-{certificate.code[:5].lower()}-credential")


@require(user_can_apply)
@require_GET
def badge_credential(request: HttpRequest, award_id: int) -> HttpResponse:
    award = selectors.access_my_award(user=request.user, award_id=award_id)
    try:
        credential = services.for_award(award)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("recognition:mine")
    return _download(credential, f"badge-{award.badge.slug}-credential")


@require(user_can_apply)
def endorse(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = selectors.access_endorsable_certificate(
        user=request.user, certificate_id=certificate_id
    )
    form = EndorseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            credential = services.for_certificate(certificate)
            services.endorse(
                actor=request.user,
                credential=credential,
                endorser=Employee.objects.get(pk=request.user.employee_id),
                text=form.cleaned_data["text"],
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Thank you: your endorsement is in %(name)s's credential.")
                % {"name": certificate.holder_name},
            )
            return redirect("credentials:endorsements")
    return render(request, "credentials/endorse.html", {"form": form, "certificate": certificate})


@require(user_can_apply)
@require_GET
def endorsements(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "credentials/endorsements.html",
        {"certificates": selectors.endorsable_certificates(request.user)},
    )


def pretty(outcome: verifying.Outcome) -> str:
    return json.dumps(outcome.credential or {}, indent=2, ensure_ascii=False)
