"""Pages of HR's side of training (HR admins and the program's managers; 404 for anyone
else): a program's requirements (add, change, remove with a confirmation), its completion
report with its exports (CSV, XLSX, xAPI) and the reminder to the people late."""

import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bascule.core import idempotency
from bascule.core.confirm import Confirmation, confirmation_page, confirmed
from bascule.core.errors import ConflictError, DomainError
from bascule.core.exports import check_format, export_response
from bascule.core.forms import add_errors
from bascule.core.permissions import require, user_can_manage_programs
from bascule.core.small_groups import MIN_GROUP_SIZE
from bascule.training.behaviours.selectors import behaviour_report
from bascule.training.requirements import selectors, services, xapi
from bascule.training.requirements.forms import RequirementForm
from bascule.training.requirements.report_files import report_sheets


def _requirements_url(program_id: int) -> str:
    return reverse("training_hr:requirements", kwargs={"program_id": program_id})


def _report_url(program_id: int) -> str:
    return reverse("training_hr:report", kwargs={"program_id": program_id})


@require(user_can_manage_programs)
def requirements(request: HttpRequest, program_id: int) -> HttpResponse:
    """What the program's mentors and mentees must take, by when."""
    program = selectors.access_requirements_program(user=request.user, program_id=program_id)
    rows = list(selectors.program_requirements(program=program))
    for row in rows:
        row.title = selectors.module_title(row.module)
    context = {"program": program, "requirements": rows}
    return render(request, "training/requirements/requirements.html", context)


def _created_url(requirement: Any, program_id: int) -> str:
    return _requirements_url(program_id)


@require(user_can_manage_programs)
@idempotency.form_view(url=_created_url)
def requirement_create(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_requirements_program(user=request.user, program_id=program_id)
    form = RequirementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.requirement_create(
                actor=request.user,
                program=program,
                values=form.cleaned_data,
                submission=idempotency.submission(request),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The requirement is added."))
            return redirect(_requirements_url(program.pk))
    context = {"program": program, "form": form}
    return render(request, "training/requirements/requirement_form.html", context)


@require(user_can_manage_programs)
def requirement_edit(request: HttpRequest, program_id: int, requirement_id: int) -> HttpResponse:
    program = selectors.access_requirements_program(user=request.user, program_id=program_id)
    requirement = selectors.access_requirement(program=program, requirement_id=requirement_id)
    if request.method == "POST":
        form = RequirementForm(request.POST, requirement=requirement)
        if form.is_valid():
            try:
                services.requirement_update(
                    actor=request.user, requirement=requirement, values=form.cleaned_data
                )
            except DomainError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The requirement is saved."))
                return redirect(_requirements_url(program.pk))
    else:
        form = RequirementForm(requirement=requirement)
    context = {
        "program": program,
        "form": form,
        "requirement": requirement,
        "title": selectors.module_title(requirement.module),
    }
    return render(request, "training/requirements/requirement_form.html", context)


@require(user_can_manage_programs)
@require_POST
def requirement_delete(request: HttpRequest, program_id: int, requirement_id: int) -> HttpResponse:
    """Remove a requirement, once confirmed (the confirmation says how many it concerns)."""
    program = selectors.access_requirements_program(user=request.user, program_id=program_id)
    requirement = selectors.access_requirement(program=program, requirement_id=requirement_id)
    requirement.program = program
    if not confirmed(request):
        count = selectors.concerned_count(requirement)
        title = selectors.module_title(requirement.module)
        return confirmation_page(
            request,
            Confirmation(
                title=_("Remove this requirement?"),
                subject=f"“{title}” · {requirement.get_role_display()}",
                action=request.path,
                confirm_label=_("Yes, remove the requirement"),
                back_url=_requirements_url(program.pk),
                back_label=_("Back to the requirements"),
                happens=[
                    ngettext(
                        "It concerns %(count)s person of the program, who will no longer "
                        "have to take “%(title)s”.",
                        "It concerns %(count)s people of the program, who will no longer "
                        "have to take “%(title)s”.",
                        count,
                    )
                    % {"count": count, "title": title},
                    _("What they have already learnt stays in their progress."),
                ],
            ),
        )
    try:
        services.requirement_delete(actor=request.user, requirement=requirement)
    except ConflictError as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, _("The requirement is removed."))
    return redirect(_requirements_url(program.pk))


@require(user_can_manage_programs)
def report(request: HttpRequest, program_id: int) -> HttpResponse:
    """The program's completion per module and role, the people late, pass rates, and what
    the pairs' check-ins say of each module's behaviour (aggregates only)."""
    program = selectors.access_requirements_program(user=request.user, program_id=program_id)
    context = {
        "program": program,
        "report": selectors.completion_report(program=program),
        "behaviours": behaviour_report(program=program),
        "min_group": MIN_GROUP_SIZE,
        "overdue_listed": selectors.OVERDUE_LISTED,
    }
    return render(request, "training/requirements/report.html", context)


@require(user_can_manage_programs)
def report_export(request: HttpRequest, program_id: int, fmt: str) -> HttpResponse:
    """The report's tables as CSV or XLSX: the counts per module and role, and the shares
    of each behaviour's answers (from MIN_GROUP_SIZE respondents up)."""
    check_format(fmt)
    program = selectors.access_requirements_program(user=request.user, program_id=program_id)
    report_data = selectors.completion_report(program=program, details=False)
    sheets = report_sheets(report_data, behaviour_report(program=program))
    return export_response(fmt, f"training-program-{program.pk}", sheets)


def _json_array(items) -> Any:
    yield "["
    for number, item in enumerate(items):
        yield ("," if number else "") + json.dumps(item, ensure_ascii=False)
    yield "]"


@require(user_can_manage_programs)
def xapi_export(request: HttpRequest, program_id: int) -> StreamingHttpResponse:
    """The program's completions and quiz attempts as xAPI statements (a JSON array)."""
    program = selectors.access_requirements_program(user=request.user, program_id=program_id)
    response = StreamingHttpResponse(
        _json_array(xapi.statements(program=program)), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="training-xapi-{program.pk}.json"'
    return response


@require(user_can_manage_programs)
@require_POST
def remind(request: HttpRequest, program_id: int, requirement_id: int) -> HttpResponse:
    """E-mail every person late for a requirement, once confirmed (one e-mail each)."""
    program = selectors.access_requirements_program(user=request.user, program_id=program_id)
    requirement = selectors.access_requirement(program=program, requirement_id=requirement_id)
    requirement.program = program
    if not confirmed(request):
        count = len(selectors.overdue_employees(requirement))
        title = selectors.module_title(requirement.module)
        return confirmation_page(
            request,
            Confirmation(
                title=_("Send a reminder to the people late?"),
                subject=f"“{title}” · {requirement.get_role_display()}",
                action=request.path,
                confirm_label=_("Yes, send the reminders"),
                back_url=_report_url(program.pk),
                back_label=_("Back to the report"),
                happens=[
                    ngettext(
                        "%(count)s person late for “%(title)s” gets one e-mail.",
                        "%(count)s people late for “%(title)s” get one e-mail each.",
                        count,
                    )
                    % {"count": count, "title": title},
                ],
                blocked=[_("Nobody is late for this module.")] if not count else [],
                danger=False,
            ),
        )
    try:
        sent = services.remind_overdue(actor=request.user, requirement=requirement)
    except DomainError as exc:
        messages.info(request, exc.message)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s reminder is on its way.", "%(count)s reminders are on their way.", sent
            )
            % {"count": sent},
        )
    return redirect(_report_url(program.pk))
