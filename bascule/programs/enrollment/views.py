"""Pages of enrollment: invite, apply, edit, withdraw, my applications, review, funnel.

Applicants reach their own applications only; HR and the program's managers review the
applications of the programs they manage; sponsors see the funnel (counts only).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bascule.core import idempotency
from bascule.core.confirm import Confirmation, confirmation_page, confirmed
from bascule.core.errors import ConflictError, DomainError
from bascule.core.exports import check_format, export_response, iso_date
from bascule.core.forms import add_errors
from bascule.core.permissions import require, user_can_apply, user_can_manage_programs
from bascule.core.views import emails_queued, page_context
from bascule.people.imports import reading as importing
from bascule.privacy.notice import privacy_notice
from bascule.programs.availability import slot_label, slots_by_day
from bascule.programs.enrollment import selectors, services
from bascule.programs.enrollment.forms import (
    ApplicationForm,
    BulkDecisionForm,
    DecisionForm,
    InvitationConfirmForm,
    InvitationForm,
    ReviewFilterForm,
    WithdrawForm,
)
from bascule.programs.languages import language_name
from bascule.programs.models import (
    Application,
    ApplicationSkill,
    ApplicationStatus,
    Program,
    SkillDirection,
)
from bascule.programs.selectors import (
    access_managed_program,
    access_program,
    user_manages_program,
)

REVIEW_PAGE_SIZE = 50


def _replaced_message(request: HttpRequest, skills: services.ResolvedSkills) -> None:
    for old, new in skills.replaced:
        messages.info(
            request,
            _("“%(old)s” has been merged into “%(new)s”: we replaced it for you.")
            % {"old": old, "new": new},
        )


def _form_context(form: ApplicationForm, program: Program, **extra: Any) -> dict[str, Any]:
    return {
        "form": form,
        "program": program,
        "skill_sections": form.skill_sections(),
        "slot_days": slots_by_day(),
        "selected_slots": set(form["availability"].value() or []),
        "selected_languages": set(form["languages"].value() or []),
        "privacy_notice": privacy_notice(),
        "level_choices": ApplicationSkill.LEVEL_CHOICES,
        **extra,
    }


# --- Applying --------------------------------------------------------------------------------


def _my_applications_url(application: Any, program_id: int) -> str:
    return reverse("programs:my_applications")


@require(user_can_apply)
@idempotency.form_view(url=_my_applications_url)
def apply(request: HttpRequest, program_id: int) -> HttpResponse:
    """Return the application form of a program; on a valid one, submit it."""
    program = access_program(user=request.user, program_id=program_id)
    employee = request.user.employee
    existing = (
        Application.objects.filter(program=program, employee=employee)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .first()
    )
    if existing is not None and request.method != "POST":
        return redirect("programs:application_edit", application_id=existing.pk)
    form = ApplicationForm(
        request.POST if request.method == "POST" else None, program=program, employee=employee
    )
    duplicate_id = None
    if request.method == "POST" and form.is_valid():
        try:
            application, skills = services.application_submit(
                actor=request.user,
                program=program,
                employee=employee,
                data=form.to_data(),
                submission=idempotency.submission(request),
            )
        except DomainError as exc:
            add_errors(form, exc)
            duplicate_id = getattr(exc, "application_id", None)
        else:
            _replaced_message(request, skills)
            messages.success(
                request,
                _("Thank you: your application has been sent. HR will let you know."),
            )
            return redirect("programs:my_applications")
    context = _form_context(
        form,
        program,
        closed_reason=services.enrollment_closed_reason(program),
        not_invited=not program.open_enrollment and not services.is_invited(program, employee),
        duplicate_id=duplicate_id,
        editing=False,
    )
    return render(request, "programs/enrollment/application_form.html", context)


def application_edit(request: HttpRequest, application_id: int) -> HttpResponse:
    """Return the applicant's form filled with their application; save their changes."""
    application = selectors.access_own_application(user=request.user, application_id=application_id)
    program = application.program
    if application.status == ApplicationStatus.WITHDRAWN:
        return redirect("programs:apply", program_id=program.pk)
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        program=program,
        employee=application.employee,
        application=application,
    )
    if request.method == "POST" and form.is_valid():
        try:
            _application, skills = services.application_update(
                actor=request.user,
                application=application,
                data=form.to_data(),
                version=form.cleaned_data.get("version") or 0,
            )
        except DomainError as exc:
            add_errors(form, exc)
            if isinstance(exc, ConflictError):
                application.refresh_from_db()
                form.conflict = True
        else:
            _replaced_message(request, skills)
            messages.success(request, _("Your application has been saved."))
            return redirect("programs:my_applications")
    context = _form_context(
        form,
        program,
        application=application,
        editing=True,
        locked=not program.profiles_editable,
        closed_reason="",
    )
    return render(request, "programs/enrollment/application_form.html", context)


def application_withdraw(request: HttpRequest, application_id: int) -> HttpResponse:
    """Return the withdrawal page; on a reason given, withdraw and tell the managers."""
    application = selectors.access_own_application(user=request.user, application_id=application_id)
    if application.status == ApplicationStatus.WITHDRAWN:
        messages.info(request, _("This application was already withdrawn."))
        return redirect("programs:my_applications")
    form = WithdrawForm(
        request.POST if request.method == "POST" else None,
        initial={"version": application.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                actor=request.user,
                application=application,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data.get("version"),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("You have withdrawn from “%(program)s”. The program's managers are informed.")
                % {"program": application.program.name},
            )
            return redirect("programs:my_applications")
    context = {"form": form, "application": application, "program": application.program}
    return render(request, "programs/enrollment/withdraw.html", context)


@require(user_can_apply)
def my_applications(request: HttpRequest) -> HttpResponse:
    """Return the user's applications with their status, and the programs open to them."""
    context = {
        "applications": selectors.my_applications(user=request.user),
        "programs_open": selectors.programs_open_to(user=request.user),
    }
    return render(request, "programs/enrollment/my_applications.html", context)


# --- Invitations -----------------------------------------------------------------------------


def _invitations_url(program: Any, program_id: int) -> str:
    return reverse("programs:invite", kwargs={"program_id": program_id}) + "#invitations-title"


@require(user_can_manage_programs)
@idempotency.form_view(url=_invitations_url)
def invite(request: HttpRequest, program_id: int) -> HttpResponse:
    """Return the invitation page. A valid choice of people leads to a confirmation step
    saying how many are e-mailed; the people are invited once it is confirmed."""
    program = access_managed_program(user=request.user, program_id=program_id)
    if confirmed(request):
        return _invite_confirmed(request, program)
    form = InvitationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    unknown: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        employees: list[Any] | None = None
        if data.get("file"):
            try:
                entries = selectors.read_invitee_file(data["file"].read())
            except importing.ImportFileError as exc:
                add_errors(form, exc, field="file")
            else:
                lookup = selectors.employees_from_entries(entries)
                employees, unknown = lookup.employees, lookup.unknown
        else:
            employees = list(
                selectors.employees_matching(
                    department_ids=[d.pk for d in data.get("departments") or []],
                    level_min=data.get("level_min"),
                    level_max=data.get("level_max"),
                )
            )
        if employees is not None:
            confirmation = _invite_confirmation(
                program,
                employees,
                unknown=unknown,
                suggested_role=data.get("suggested_role") or "",
                resend=bool(data.get("resend")),
            )
            return confirmation_page(request, confirmation)
    return _invite_page(request, program, form, unknown=unknown)


# Unknown lines of an invitation file named on the confirmation step (the rest are counted).
UNKNOWN_SHOWN = 20


def _invite_page(
    request: HttpRequest,
    program: Program,
    form: InvitationForm,
    *,
    result: Any = None,
    unknown: list[tuple[int, str]] | None = None,
) -> HttpResponse:
    context = {
        "program": program,
        "form": form,
        "result": result,
        # Each invitation made or made again is e-mailed by a background job.
        "emails_queued": emails_queued(request, len(result.invited) + len(result.resent))
        if result
        else "",
        "unknown": unknown or [],
        "invitations": selectors.program_invitations(program=program),
    }
    return render(request, "programs/enrollment/invite.html", context)


def _invite_confirmation(
    program: Program,
    employees: list[Any],
    *,
    unknown: list[tuple[int, str]],
    suggested_role: str,
    resend: bool,
) -> Confirmation:
    """Return the confirmation step of a batch of invitations: who is e-mailed, who is not."""
    preview = selectors.invitation_preview(program=program, employees=employees, resend=resend)
    happens = [
        ngettext(
            "%(count)s person receives an e-mail now, in their language, with a personal link "
            "to apply.",
            "%(count)s people receive an e-mail now, each in their language, with a personal "
            "link to apply.",
            preview.emailed,
        )
        % {"count": preview.emailed}
    ]
    lines = [
        (
            preview.resent,
            ngettext(
                "%(count)s of them was invited before and is e-mailed again.",
                "%(count)s of them were invited before and are e-mailed again.",
                preview.resent,
            ),
        ),
        (
            preview.already_invited,
            ngettext(
                "%(count)s person was already invited: no new e-mail.",
                "%(count)s people were already invited: no new e-mail.",
                preview.already_invited,
            ),
        ),
        (
            preview.left,
            ngettext(
                "%(count)s person has left the organisation: not invited.",
                "%(count)s people have left the organisation: not invited.",
                preview.left,
            ),
        ),
        (
            preview.accounts_created,
            ngettext(
                "%(count)s account is created: the e-mail explains how to choose a password.",
                "%(count)s accounts are created: the e-mail explains how to choose a password.",
                preview.accounts_created,
            ),
        ),
    ]
    happens.extend(text % {"count": count} for count, text in lines if count)
    if unknown:
        happens.append(
            ngettext(
                "%(count)s line of the file matches nobody in the directory and is left out: "
                "%(lines)s.",
                "%(count)s lines of the file match nobody in the directory and are left out: "
                "%(lines)s.",
                len(unknown),
            )
            % {
                "count": len(unknown),
                "lines": ", ".join(
                    _("line %(line)s “%(value)s”") % {"line": line, "value": value}
                    for line, value in unknown[:UNKNOWN_SHOWN]
                )
                + (" …" if len(unknown) > UNKNOWN_SHOWN else ""),
            }
        )
    blocked = []
    if not preview.emailed:
        blocked.append(
            _(
                "Nobody would be e-mailed: everyone chosen was already invited or has left. "
                "To remind those already invited, tick “Send the e-mail again”."
            )
        )
    hidden = [
        ("employees", ",".join(str(employee.pk) for employee in employees)),
        ("suggested_role", suggested_role),
    ]
    if resend:
        hidden.append(("resend", "on"))
    back = reverse("programs:invite", kwargs={"program_id": program.pk})
    return Confirmation(
        title=ngettext("Invite %(count)s person?", "Invite %(count)s people?", preview.emailed)
        % {"count": preview.emailed},
        subject=str(program),
        action=back,
        confirm_label=ngettext(
            "Yes, send %(count)s invitation", "Yes, send %(count)s invitations", preview.emailed
        )
        % {"count": preview.emailed},
        back_url=back,
        back_label=_("Back to the invitations"),
        happens=happens,
        afterwards=[_("The e-mails cannot be taken back.")],
        blocked=blocked,
        hidden=hidden,
    )


def _invite_confirmed(request: HttpRequest, program: Program) -> HttpResponse:
    """Invite the people the confirmation step named, then show what was done."""
    confirm_form = InvitationConfirmForm(request.POST)
    form = InvitationForm()
    result = None
    if not confirm_form.is_valid():
        messages.error(request, _("The list of people to invite was damaged: choose them again."))
        return redirect("programs:invite", program_id=program.pk)
    data = confirm_form.cleaned_data
    try:
        result = services.invitations_create(
            actor=request.user,
            program=program,
            employees=selectors.employees_by_ids(data["employees"]),
            suggested_role=data.get("suggested_role") or "",
            resend=bool(data.get("resend")),
            submission=idempotency.submission(request),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return _invite_page(request, program, form, result=result)


@login_not_required
def invitation_open(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link of an invitation: record that it was opened, then go to the form
    (through the login page for someone not logged in)."""
    try:
        invitation = selectors.access_invitation_by_token(token=token)
    except Http404:
        return render(request, "programs/enrollment/invitation_unknown.html", status=404)
    user = request.user
    if not user.is_authenticated or user.employee_id == invitation.employee_id:
        services.invitation_mark_opened(actor=user, invitation=invitation)
    target = reverse("programs:apply", kwargs={"program_id": invitation.program_id})
    if not user.is_authenticated:
        return redirect_to_login(target)
    return redirect(target)


# --- Review ----------------------------------------------------------------------------------


def _review_context(
    request: HttpRequest, program: Program, bulk_form: BulkDecisionForm | None = None
) -> dict[str, Any]:
    filter_form = ReviewFilterForm(request.GET)
    filter_form.is_valid()
    applications = selectors.program_applications(program=program, filters=filter_form.filters())
    # The selection survives a failed post, and "Change the selection" on the confirmation
    # page comes back with it in the query string.
    if bulk_form is not None and bulk_form.is_bound:
        selected = {str(pk) for pk in bulk_form.data.getlist("applications")}
    else:
        selected = set(request.GET.getlist("applications"))
    context = {
        "program": program,
        "filter_form": filter_form,
        "bulk_form": bulk_form or BulkDecisionForm(program=program),
        "selected": selected,
        "funnel": selectors.program_funnel(program=program),
        **page_context(request, applications, per_page=REVIEW_PAGE_SIZE),
    }
    query = _list_query(request)
    context["list_query"] = query.urlencode()
    query.pop("page", None)
    context["querystring_without_page"] = f"{query.urlencode()}&" if query else ""
    context["export_query"] = query.urlencode()
    return context


def _list_query(request: HttpRequest) -> QueryDict:
    """Return the review list's filters and page from the query string, without a selection."""
    query = request.GET.copy()
    query.pop("applications", None)
    return query


@require(user_can_manage_programs)
def application_review(request: HttpRequest, program_id: int) -> HttpResponse:
    """Return the applications of a program, filtered, with bulk decisions."""
    program = access_managed_program(user=request.user, program_id=program_id)
    return render(request, "programs/enrollment/review.html", _review_context(request, program))


@require(user_can_manage_programs)
def application_export(request: HttpRequest, program_id: int, fmt: str) -> HttpResponse:
    """The applications of a program as on the review page (its filters too), as CSV or
    XLSX: who, their role and status, when, the skills they share and want, their languages.
    No free text the applicant wrote (docs/programs.md)."""
    check_format(fmt)
    program = access_managed_program(user=request.user, program_id=program_id)
    filter_form = ReviewFilterForm(request.GET)
    filter_form.is_valid()
    applications = selectors.program_applications(
        program=program, filters=filter_form.filters()
    ).prefetch_related(selectors.skills_with_labels())
    tz = request.user.zoneinfo
    headers = [
        _("Employee ID"),
        _("Name"),
        _("E-mail"),
        _("Department"),
        _("Role"),
        _("Status"),
        _("Submitted on"),
        _("Decided on"),
        _("Skills shared"),
        _("Skills wanted"),
        _("Languages"),
    ]

    def skills(application: Application, direction: str) -> str:
        return ", ".join(
            item.skill.label for item in application.skills.all() if item.direction == direction
        )

    rows = (
        [
            a.employee.employee_id,
            a.employee.full_name,
            a.employee.email,
            a.employee.department.name if a.employee.department else "",
            a.get_role_display(),
            a.get_status_display(),
            iso_date(a.created_at, tz),
            iso_date(a.decided_at, tz),
            skills(a, SkillDirection.SHARE),
            skills(a, SkillDirection.DEVELOP),
            ", ".join(language_name(code) for code in a.languages or []),
        ]
        for a in applications
    )
    return export_response(fmt, f"applications-{program.pk}", [(_("Applications"), headers, rows)])


def _bulk_summary(decision: str, changing: int, emailed: int) -> str:
    """Return "Approve 12 applications: 12 people will be e-mailed." in the reader's language."""
    if decision == ApplicationStatus.APPROVED:
        action = ngettext(
            "Approve %(count)s application", "Approve %(count)s applications", changing
        )
    elif decision == ApplicationStatus.WAITLISTED:
        action = ngettext(
            "Put %(count)s application on the waiting list",
            "Put %(count)s applications on the waiting list",
            changing,
        )
    else:
        action = ngettext(
            "Decline %(count)s application", "Decline %(count)s applications", changing
        )
    if emailed:
        who = ngettext(
            "%(count)s person will be e-mailed", "%(count)s people will be e-mailed", emailed
        ) % {"count": emailed}
    else:
        who = _("nobody will be e-mailed")
    return _("%(action)s: %(who)s.") % {"action": action % {"count": changing}, "who": who}


def _render_bulk_confirmation(
    request: HttpRequest, program: Program, form: BulkDecisionForm, changed_meanwhile: bool
) -> HttpResponse:
    decision = form.cleaned_data["decision"]
    reason = (form.cleaned_data.get("reason") or "").strip()
    selection = form.cleaned_data["selection"]
    preview = selectors.bulk_decision_preview(
        program=program, application_ids=selection, decision=decision, reason=reason
    )
    back = _list_query(request)
    back.setlist("applications", [str(pk) for pk in selection])
    back_url = reverse("programs:application_review", kwargs={"program_id": program.pk})
    context = {
        "program": program,
        "preview": preview,
        "decision": decision,
        "decision_label": ApplicationStatus(decision).label,
        "reason": reason,
        "selection": selection,
        "summary": _bulk_summary(decision, len(preview.changing), preview.emailed),
        "changed_meanwhile": changed_meanwhile,
        "back_url": f"{back_url}?{back.urlencode()}",
    }
    return render(request, "programs/enrollment/bulk_confirm.html", context)


@require(user_can_manage_programs)
@require_POST
def application_bulk(request: HttpRequest, program_id: int) -> HttpResponse:
    """Apply one decision to the selected applications once the person has confirmed it.

    The first post answers the confirmation page (who changes, how many e-mails); the
    confirmation posts again with `confirm`, then the list comes back with the result.
    """
    program = access_managed_program(user=request.user, program_id=program_id)
    form = BulkDecisionForm(request.POST, program=program)
    if form.is_valid():
        if not form.cleaned_data.get("confirm"):
            return _render_bulk_confirmation(request, program, form, changed_meanwhile=False)
        try:
            result = services.applications_bulk_decide(
                actor=request.user,
                program=program,
                application_ids=form.cleaned_data["selection"],
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data.get("reason") or "",
                expected=form.cleaned_data.get("expected") or [],
            )
        except ConflictError:
            return _render_bulk_confirmation(request, program, form, changed_meanwhile=True)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            recorded = ngettext(
                "Decision recorded for %(count)s application.",
                "Decision recorded for %(count)s applications.",
                len(result.changed),
            ) % {"count": len(result.changed)}
            emailed = selectors.applicants_emailed(applications=result.changed)
            messages.success(
                request, format_html("{} {}", recorded, emails_queued(request, emailed))
            )
            if result.skipped:
                messages.info(
                    request,
                    ngettext(
                        "%(count)s application was left as it was (withdrawn or unchanged).",
                        "%(count)s applications were left as they were (withdrawn or unchanged).",
                        len(result.skipped),
                    )
                    % {"count": len(result.skipped)},
                )
            url = reverse("programs:application_review", kwargs={"program_id": program.pk})
            query = _list_query(request).urlencode()
            return redirect(f"{url}?{query}" if query else url)
    return render(
        request, "programs/enrollment/review.html", _review_context(request, program, form)
    )


def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    """Return one application in full: for its applicant, and for the program's managers
    with the decision form."""
    application = selectors.access_application(user=request.user, application_id=application_id)
    return _render_detail(
        request, application, DecisionForm(initial=_decision_initial(application))
    )


def _decision_initial(application: Application) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": application.version}
    if application.status in (
        ApplicationStatus.APPROVED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.DECLINED,
    ):
        initial["decision"] = application.status
        initial["reason"] = application.decision_reason
    return initial


def _render_detail(
    request: HttpRequest, application: Application, form: DecisionForm, status: int = 200
) -> HttpResponse:
    skills = list(application.skills.select_related("skill"))
    manages = user_manages_program(user=request.user, program=application.program)
    context = {
        "application": application,
        "program": application.program,
        "share": [s for s in skills if s.direction == "share"],
        "develop": [s for s in skills if s.direction == "develop"],
        "slots": [slot_label(code) for code in application.availability or []],
        "manages": manages,
        "is_own": request.user.employee_id == application.employee_id,
        "form": form,
    }
    return render(request, "programs/enrollment/application_detail.html", context, status=status)


@require(user_can_manage_programs)
@require_POST
def application_decide(request: HttpRequest, application_id: int) -> HttpResponse:
    """Approve, waitlist or decline one application."""
    application = selectors.access_managed_application(
        user=request.user, application_id=application_id
    )
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.application_decide(
                actor=request.user,
                application=application,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data.get("reason") or "",
                version=form.cleaned_data.get("version"),
            )
        except DomainError as exc:
            add_errors(form, exc)
            application.refresh_from_db()
        else:
            messages.success(
                request,
                _("Decision recorded for %(name)s.") % {"name": application.employee.full_name},
            )
            return redirect("programs:application_review", program_id=application.program_id)
    return _render_detail(request, application, form)


# --- Funnel ----------------------------------------------------------------------------------


def enrollment_funnel(request: HttpRequest, program_id: int) -> HttpResponse:
    """Return the enrollment funnel of a program: HR, its managers and sponsors."""
    program = selectors.access_funnel_program(user=request.user, program_id=program_id)
    funnel = selectors.program_funnel(program=program)
    if request.user.is_sponsor:
        funnel = selectors.funnel_for_sponsor(funnel)
    context = {"program": program, "funnel": funnel}
    return render(request, "programs/enrollment/funnel.html", context)
