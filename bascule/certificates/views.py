"""Certificate pages.

Holders (employees, sponsors excepted): "My certificates", the PDF in either language, the
verification toggle and the LinkedIn link. Managers (HR admins; program managers for their
programs): the settings, the eligibility, issuing (a pair, or the program in a background job
with its progress page), the certificates issued and revoking. Anyone, without logging in:
/verify/ and /verify/<code>, rate-limited per address.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from bascule.certificates import codes, pdf, selectors, services, throttle
from bascule.certificates.forms import RevokeForm, SettingsForm, VerifyForm
from bascule.certificates.models import Certificate
from bascule.core.confirm import Confirmation, carried_fields, confirmation_page, confirmed
from bascule.core.errors import DomainError
from bascule.core.exports import check_format, export_response, iso_date
from bascule.core.forms import add_errors
from bascule.core.permissions import require, user_can_apply, user_can_manage_programs
from bascule.pairing.models import Pair
from bascule.programs.models import ParticipantRole


def linkedin_url(certificate: Certificate) -> str:
    """LinkedIn's "Add to profile" link, filled from the certificate."""
    role = ParticipantRole(certificate.role).label
    query = urlencode(
        {
            "startTask": "CERTIFICATION_NAME",
            "name": f"{certificate.program_name} — {role}",
            "organizationName": certificate.company_name or certificate.program_name,
            "issueYear": certificate.issued_at.year,
            "issueMonth": certificate.issued_at.month,
            "certUrl": pdf.verify_url(certificate),
            "certId": certificate.display_code,
        }
    )
    return f"https://www.linkedin.com/profile/add?{query}"


def _pdf_response(certificate: Certificate, language: str) -> HttpResponse:
    response = HttpResponse(pdf.render_pdf(certificate, language), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{pdf.filename(certificate, language)}"'
    )
    return response


def _language(request: HttpRequest, certificate: Certificate) -> str:
    asked = request.GET.get("lang", "")
    return asked if asked in pdf.LANGUAGES else certificate.language


# --- Holders -------------------------------------------------------------------------------------


@require(user_can_apply)
def mine(request: HttpRequest) -> HttpResponse:
    certificates = list(selectors.my_certificates(request.user))
    allowed, shown = selectors.preference(request.user.employee_id)
    return render(
        request,
        "certificates/mine.html",
        {
            "certificates": [(c, linkedin_url(c)) for c in certificates],
            "verification_allowed": allowed,
            "endorsements_shown": shown,
            "partners_certified": selectors.partners_certified(request.user.employee_id),
        },
    )


@require(user_can_apply)
def download(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = selectors.access_my_certificate(user=request.user, certificate_id=certificate_id)
    return _pdf_response(certificate, _language(request, certificate))


@require(user_can_apply)
@require_POST
def preference(request: HttpRequest) -> HttpResponse:
    allowed = request.POST.get("verification_allowed") == "yes"
    shown = {"yes": True, "no": False}.get(request.POST.get("endorsements_shown", ""))
    before = selectors.preference(request.user.employee_id)[1]
    services.preference_set(
        actor=request.user,
        employee_id=request.user.employee_id,
        verification_allowed=allowed,
        endorsements_shown=shown,
    )
    messages.success(
        request,
        _("Others can now verify your certificates with their code.")
        if allowed
        else _("Nobody can verify your certificates any more: the code shows nothing."),
    )
    if shown is not None and shown != before:
        messages.success(
            request,
            _("Your partners' endorsements are now shown to those who verify your certificates.")
            if shown
            else _("Your partners' endorsements are no longer shown to those who verify."),
        )
    return redirect("certificates:mine")


# --- HR ------------------------------------------------------------------------------------------


def _program(request: HttpRequest, program_id: int):
    return selectors.access_certificates_program(user=request.user, program_id=program_id)


@require(user_can_manage_programs)
def settings_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    program = _program(request, program_id)
    config = selectors.settings_for(program)
    initial = {name: getattr(config, name) for name in services.SETTINGS_FIELDS}
    initial["version"] = config.version
    if request.method == "POST":
        form = SettingsForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            upload = data.get("logo")
            try:
                services.settings_save(
                    actor=request.user,
                    program=program,
                    values={name: data.get(name) for name in services.SETTINGS_FIELDS},
                    logo=upload.read(services.LOGO_MAX_BYTES + 1) if upload else None,
                    remove_logo=data.get("remove_logo", False),
                    version=data.get("version") if config.pk else None,
                )
            except DomainError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The certificate settings are saved."))
                return redirect("certificates:eligibility", program_id=program.pk)
    else:
        form = SettingsForm(initial=initial)
    return render(
        request,
        "certificates/settings.html",
        {
            "program": program,
            "form": form,
            "config": config,
            "possible": selectors.possible_meetings(program),
        },
    )


@require(user_can_manage_programs)
def eligibility(request: HttpRequest, program_id: int) -> HttpResponse:
    program = _program(request, program_id)
    found = selectors.eligibility(program)
    return render(
        request,
        "certificates/eligibility.html",
        {
            "program": program,
            "found": found,
            "finished": selectors.program_finished(program),
            "run": selectors.latest_run(program),
        },
    )


@require(user_can_manage_programs)
@require_POST
def issue(request: HttpRequest, program_id: int) -> HttpResponse:
    program = _program(request, program_id)
    back = reverse("certificates:eligibility", kwargs={"program_id": program.pk})
    if not confirmed(request):
        found = selectors.eligibility(program)
        mentors = found.count(ParticipantRole.MENTOR)
        mentees = found.count(ParticipantRole.MENTEE)
        blocked = list(found.warnings) if not found.to_issue else []
        if not selectors.program_finished(program):
            blocked.insert(
                0, _("The program has not ended yet: certificates are issued once it is over.")
            )
        return confirmation_page(
            request,
            Confirmation(
                title=_("Issue the certificates"),
                subject=program.name,
                action=request.path,
                confirm_label=_("Issue the certificates"),
                back_url=back,
                back_label=_("Back to the eligibility"),
                happens=[
                    _(
                        "%(total)s certificates will be issued (%(mentors)s mentors, "
                        "%(mentees)s mentees); each holder is told by e-mail."
                    )
                    % {"total": mentors + mentees, "mentors": mentors, "mentees": mentees},
                    ngettext(
                        "%(count)s person does not meet the criteria.",
                        "%(count)s people do not meet the criteria.",
                        len(found.not_eligible),
                    )
                    % {"count": len(found.not_eligible)},
                    *[w for w in found.warnings if found.to_issue],
                ],
                afterwards=[_("A certificate issued cannot be taken back, only revoked.")],
                blocked=blocked,
                danger=False,
            ),
        )
    try:
        run = services.run_start(actor=request.user, program=program)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    return redirect("certificates:run", program_id=program.pk, issue_run_id=run.pk)


@require(user_can_manage_programs)
@require_POST
def issue_pair(request: HttpRequest, program_id: int, pair_id: int) -> HttpResponse:
    program = _program(request, program_id)
    pair = (
        Pair.objects.filter(program=program, pk=pair_id)
        .select_related("program", "mentor", "mentee")
        .first()
    )
    if pair is None:
        from django.http import Http404

        raise Http404
    back = reverse("certificates:eligibility", kwargs={"program_id": program.pk})
    if not confirmed(request):
        found = selectors.eligibility(program, pairs=Pair.objects.filter(pk=pair.pk))
        names = [f"{c.employee.full_name} ({c.role_label})" for c in found.to_issue]
        return confirmation_page(
            request,
            Confirmation(
                title=_("Issue this pair's certificates"),
                subject=f"{pair.mentor.full_name} · {pair.mentee.full_name}",
                action=request.path,
                confirm_label=_("Issue the certificates"),
                back_url=back,
                back_label=_("Back to the eligibility"),
                happens=[
                    ngettext(
                        "%(count)s certificate will be issued: %(names)s.",
                        "%(count)s certificates will be issued: %(names)s.",
                        len(names),
                    )
                    % {"count": len(names), "names": ", ".join(names)}
                ],
                blocked=[]
                if names and selectors.pair_finished(pair)
                else [
                    _(
                        "Nobody in this pair can receive a certificate now: the pair has not "
                        "finished, their certificates are issued, or they miss a criterion."
                    )
                ],
                danger=False,
            ),
        )
    try:
        made = services.issue_for_pair(actor=request.user, pair=pair)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            ngettext("%(count)s certificate issued.", "%(count)s certificates issued.", len(made))
            % {"count": len(made)},
        )
    return redirect(back)


@require(user_can_manage_programs)
def run(request: HttpRequest, program_id: int, issue_run_id: int) -> HttpResponse:
    program = _program(request, program_id)
    issue_run = selectors.access_run(program=program, run_id=issue_run_id)
    return render(request, "certificates/run.html", {"program": program, "run": issue_run})


@require(user_can_manage_programs)
def run_progress(request: HttpRequest, program_id: int, issue_run_id: int) -> HttpResponse:
    """The progress partial, polling itself every second while the job waits or runs."""
    program = _program(request, program_id)
    issue_run = selectors.access_run(program=program, run_id=issue_run_id)
    if request.htmx and not issue_run.in_progress:
        return HttpResponseClientRedirect(
            reverse(
                "certificates:run", kwargs={"program_id": program.pk, "issue_run_id": issue_run.pk}
            )
        )
    return render(
        request, "certificates/partials/run_progress.html", {"program": program, "run": issue_run}
    )


@require(user_can_manage_programs)
def issued(request: HttpRequest, program_id: int) -> HttpResponse:
    program = _program(request, program_id)
    return render(
        request,
        "certificates/issued.html",
        {"program": program, "certificates": list(selectors.program_certificates(program))},
    )


@require(user_can_manage_programs)
def issued_export(request: HttpRequest, program_id: int, fmt: str) -> HttpResponse:
    """The certificates issued for a program, as on the page, as CSV or XLSX."""
    check_format(fmt)
    program = _program(request, program_id)
    tz = request.user.zoneinfo
    headers = [_("Holder"), _("Role"), _("Code"), _("Issued on"), _("Revoked on"), _("Reason")]
    rows = (
        [
            c.holder_name,
            c.get_role_display(),
            c.display_code,
            iso_date(c.issued_at, tz),
            iso_date(c.revoked_at, tz),
            c.revoked_reason,
        ]
        for c in selectors.program_certificates(program)
    )
    return export_response(
        fmt, f"certificates-{program.pk}", [(_("Certificates issued"), headers, rows)]
    )


@require(user_can_manage_programs)
@require_POST
def revoke(request: HttpRequest, program_id: int, certificate_id: int) -> HttpResponse:
    program = _program(request, program_id)
    certificate = selectors.access_program_certificate(
        program=program, certificate_id=certificate_id
    )
    back = reverse("certificates:issued", kwargs={"program_id": program.pk})
    form = RevokeForm(request.POST if "reason" in request.POST else None)
    if not form.is_valid():
        return render(
            request,
            "certificates/revoke.html",
            {"program": program, "certificate": certificate, "form": form},
        )
    if not confirmed(request):
        return confirmation_page(
            request,
            Confirmation(
                title=_("Revoke this certificate"),
                subject=f"{certificate.holder_name} · {certificate.get_role_display()}",
                action=request.path,
                confirm_label=_("Revoke the certificate"),
                back_url=back,
                back_label=_("Back to the certificates"),
                happens=[
                    _(
                        "The verification page will say the certificate was revoked today; "
                        "%(name)s is told by e-mail, with the reason."
                    )
                    % {"name": certificate.holder_name}
                ],
                afterwards=[_("A revoked certificate cannot be made valid again.")],
                hidden=carried_fields(request.POST, ["reason"]),
            ),
        )
    try:
        services.revoke(
            actor=request.user, certificate_id=certificate.pk, reason=form.cleaned_data["reason"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The certificate is revoked and its holder told."))
    return redirect(back)


# --- Public verification -------------------------------------------------------------------------


def _throttled(request: HttpRequest) -> HttpResponse | None:
    wait = throttle.refused(request)
    if not wait:
        return None
    response = render(request, "certificates/throttled.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


@login_not_required
def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        code = codes.normalise(form.cleaned_data["code"])
        if code is None:
            form.add_error(
                "code", _("A code has 20 letters and digits, e.g. ABCDE-FGHIJ-KLMNO-PQRST.")
            )
        else:
            return redirect("verify:code", code=codes.grouped(code))
    return render(request, "certificates/verify.html", {"form": form})


@login_not_required
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    refused = _throttled(request)
    if refused is not None:
        return refused
    result = selectors.verify(codes.normalise(code))
    return render(request, "certificates/verify_result.html", {"result": result, "code": code[:64]})
