"""Program pages: the list, creation from a template, the overview, settings, lifecycle.

- HR admins create, duplicate and manage every program.
- A program manager manages the programs listing them as managers; others are a 404.
- The sponsor sees every program's overview and figures, never an application.
- A participant sees the programs open to them, with what they can do in each.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bascule.core import idempotency
from bascule.core.confirm import Confirmation, confirmation_page, confirmed
from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.core.forms import add_errors
from bascule.core.permissions import require, user_can_manage_programs, user_is_hr_admin
from bascule.programs import rules, selectors, services, templates_catalog
from bascule.programs.closing import closing_notes
from bascule.programs.enrollment import selectors as enrollment_selectors
from bascule.programs.forms import (
    ProgramForm,
    TransitionForm,
    blank_initial,
    program_initial,
    template_initial,
)
from bascule.programs.languages import language_name
from bascule.programs.models import Program, ProgramStatus

# Button text of each move, from the point of view of the person pressing it.
TRANSITION_LABELS = {
    (ProgramStatus.DRAFT, ProgramStatus.ENROLLING): gettext_lazy("Open enrollment"),
    (ProgramStatus.ENROLLING, ProgramStatus.MATCHING): gettext_lazy(
        "Close enrollment and start matching"
    ),
    (ProgramStatus.ENROLLING, ProgramStatus.DRAFT): gettext_lazy("Back to draft"),
    (ProgramStatus.MATCHING, ProgramStatus.RUNNING): gettext_lazy("Start the program"),
    (ProgramStatus.MATCHING, ProgramStatus.ENROLLING): gettext_lazy("Reopen enrollment"),
    (ProgramStatus.RUNNING, ProgramStatus.CLOSED): gettext_lazy("Close the program"),
}
# What the page says once the move is done.
TRANSITION_DONE = {
    (ProgramStatus.DRAFT, ProgramStatus.ENROLLING): gettext_lazy("Enrollment is open."),
    (ProgramStatus.ENROLLING, ProgramStatus.MATCHING): gettext_lazy(
        "Enrollment is closed: matching can start."
    ),
    (ProgramStatus.ENROLLING, ProgramStatus.DRAFT): gettext_lazy("The program is a draft again."),
    (ProgramStatus.MATCHING, ProgramStatus.RUNNING): gettext_lazy("The program has started."),
    (ProgramStatus.MATCHING, ProgramStatus.ENROLLING): gettext_lazy("Enrollment is open again."),
    (ProgramStatus.RUNNING, ProgramStatus.CLOSED): gettext_lazy("The program is closed."),
}


def transition_label(current: str, target: str) -> str:
    label = TRANSITION_LABELS.get((current, target))
    return str(label) if label else services.status_label(target)


def program_list(request: HttpRequest) -> HttpResponse:
    """Return the programs the user may see: managed ones, or those open to them; only those
    in one status with `?status=` (the home page's figures link here). An unknown status is
    ignored: every program is listed."""
    user = request.user
    status = request.GET.get("status", "")
    status = status if status in ProgramStatus.values else ""
    context = {
        "programs": selectors.program_list_for(user=user, status=status),
        "status_label": ProgramStatus(status).label if status else "",
        "manages": user_can_manage_programs(user),
        "show_figures": user_can_manage_programs(user) or user.is_sponsor,
        "can_create": user.is_hr_admin,
    }
    return render(request, "programs/program_list.html", context)


def _program_url(program: Program | None) -> str:
    if program is None:
        return reverse("programs:program_list")
    return reverse("programs:program_detail", kwargs={"program_id": program.pk})


@require(user_is_hr_admin)
@idempotency.form_view(url=_program_url)
def program_create(request: HttpRequest) -> HttpResponse:
    """Step 1: choose a template (or blank). Step 2: the form, pre-filled by the template."""
    language = templates_catalog.template_language(request.GET.get("language") or get_language())
    if request.method == "POST":
        key = request.POST.get("template", "")
    else:
        key = request.GET.get("template")
    if key is None:
        return _template_choice(request, language)
    if key not in ("", templates_catalog.BLANK) and not templates_catalog.is_template(key):
        return _template_choice(
            request, language, error=_("This template does not exist: choose one below.")
        )
    if request.method == "POST":
        form = ProgramForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                program = services.program_create(
                    actor=request.user,
                    values=form.values(),
                    template=form.cleaned_data["template"],
                    submission=idempotency.submission(request),
                )
            except ValidationFailed as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request, _("The program has been created as a draft. Check it below.")
                )
                return redirect("programs:program_detail", program_id=program.pk)
    else:
        if templates_catalog.is_template(key):
            initial = template_initial(templates_catalog.template_fields(key, language=language))
        else:
            initial = blank_initial()
        form = ProgramForm(initial=initial, user=request.user)
    context = {
        "form": form,
        "template_name": _template_name(key, language),
    }
    return render(request, "programs/program_form.html", context)


def _template_choice(request: HttpRequest, language: str, *, error: str = "") -> HttpResponse:
    context = {
        "cards": templates_catalog.template_cards(language=language),
        "blank": {
            "key": templates_catalog.BLANK,
            "name": templates_catalog.BLANK_LABEL,
            "summary": templates_catalog.BLANK_SUMMARY,
        },
        "language": language,
        "error": error,
    }
    return render(request, "programs/program_template_choice.html", context)


def _template_name(key: str | None, language: str) -> str:
    for card in templates_catalog.template_cards(language=language):
        if card["key"] == key:
            return card["name"]
    return ""


def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    """Return a program's overview; managers also get its status buttons and history."""
    program = selectors.access_program(user=request.user, program_id=program_id)
    user = request.user
    manages = selectors.user_manages_program(user=user, program=program)
    sees_figures = manages or user.is_sponsor
    context: dict[str, Any] = {
        "program": program,
        "manages": manages,
        "can_duplicate": user.is_hr_admin,
        "rule_lines": rules.rule_summary(program),
        "languages": [language_name(code) for code in program.languages or []],
        "managers": list(program.managers.order_by("last_name", "first_name")),
        "mentor_departments": list(program.mentor_departments.order_by("name")),
        "mentee_departments": list(program.mentee_departments.order_by("name")),
        "population": selectors.rule_population(program=program) if sees_figures else None,
        "sees_figures": sees_figures,
    }
    if manages:
        context["transitions"] = [
            {"to": target, "label": transition_label(program.status, target)}
            for target in program.allowed_transitions()
        ]
        context["history"] = [
            {
                "created_at": entry.created_at,
                "description": _history_text(entry),
                "actor": entry.actor,
                "actor_label": entry.actor_label,
            }
            for entry in selectors.program_transitions_history(program=program)[:50]
        ]
    if sees_figures:
        funnel = enrollment_selectors.program_funnel(program=program)
        if not manages:
            funnel = enrollment_selectors.funnel_for_sponsor(funnel)
        context["funnel"] = funnel
    elif user.employee_id is not None:
        context["panel"] = enrollment_selectors.participant_panel(program=program, user=user)
    return render(request, "programs/program_detail.html", context)


def _history_text(entry: Any) -> str:
    """Return an audit entry about a program in words."""
    if entry.action == "program.transition":
        return _("Status changed from %(old)s to %(new)s") % {
            "old": services.status_label(entry.changes.get("from", "")),
            "new": services.status_label(entry.changes.get("to", "")),
        }
    if entry.action == "program.duplicated":
        return _("Created as a copy of “%(name)s”") % {"name": entry.changes.get("source", "")}
    return _("Created")


@require(user_can_manage_programs)
def program_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    """Return the settings form; on save, the overview. A stale version keeps the input."""
    program = selectors.access_managed_program(user=request.user, program_id=program_id)
    frozen = services.frozen_fields(program)
    if request.method == "POST" and program.status != ProgramStatus.CLOSED:
        form = ProgramForm(
            request.POST, initial=program_initial(program), user=request.user, frozen=frozen
        )
        if form.is_valid():
            try:
                services.program_update(
                    actor=request.user,
                    program=program,
                    version=form.cleaned_data["version"],
                    values=form.values(),
                )
            except ConflictError as exc:
                program.refresh_from_db()
                form = _form_after_conflict(request, program, exc)
            except DomainError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect("programs:program_detail", program_id=program.pk)
    else:
        form = ProgramForm(initial=program_initial(program), user=request.user, frozen=frozen)
    context = {
        "form": form,
        "program": program,
        "frozen": bool(frozen),
        "closed": program.status == ProgramStatus.CLOSED,
        "managers": list(program.managers.order_by("last_name", "first_name")),
    }
    return render(request, "programs/program_form.html", context)


def _form_after_conflict(request: HttpRequest, program: Program, exc: ConflictError) -> ProgramForm:
    """Return the form with the user's input, the current version, and the conflict message.

    Saving again then replaces the other person's changes with the user's, knowingly.
    """
    data = request.POST.copy()
    data["version"] = str(program.version)
    form = ProgramForm(
        data,
        initial=program_initial(program),
        user=request.user,
        frozen=services.frozen_fields(program),
    )
    form.is_valid()
    form.add_error(
        None,
        exc.message
        + " "
        + _("Your input is kept below: saving it again will replace the other changes."),
    )
    return form


@require(user_can_manage_programs)
@require_POST
def program_transition(request: HttpRequest, program_id: int) -> HttpResponse:
    """Move the program to another status, then return to its overview. Without the
    confirmation, the page says what the move would do and changes nothing."""
    program = selectors.access_managed_program(user=request.user, program_id=program_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This change of status is not possible."))
        return redirect("programs:program_detail", program_id=program.pk)
    target = form.cleaned_data["to"]
    if not confirmed(request):
        if target not in program.allowed_transitions():
            messages.error(request, _("This change of status is not possible."))
            return redirect("programs:program_detail", program_id=program.pk)
        return confirmation_page(
            request, _transition_confirmation(program, target, form.cleaned_data["version"])
        )
    previous = program.status
    try:
        program = services.program_transition(
            actor=request.user,
            program=program,
            to_status=form.cleaned_data["to"],
            version=form.cleaned_data["version"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(TRANSITION_DONE[(previous, program.status)]))
    return redirect("programs:program_detail", program_id=program.pk)


def _transition_confirmation(program: Program, target: str, version: int) -> Confirmation:
    """Return the confirmation step of a change of status: who it touches, what it stops."""
    move = (program.status, target)
    preview = selectors.transition_preview(program=program)
    happens: list[str] = []
    afterwards: list[str] = []
    blocked: list[str] = []
    counts = {
        "received": preview.received,
        "pending": preview.pending,
        "mentors": preview.approved_mentors,
        "mentees": preview.approved_mentees,
        "pairs": preview.active_pairs,
        "invited": preview.invited,
    }
    if move == (ProgramStatus.DRAFT, ProgramStatus.ENROLLING):
        population = selectors.rule_population(program=program)
        figures = {"mentors": population.mentors, "mentees": population.mentees}
        if program.open_enrollment:
            happens.append(
                _(
                    "The program appears on the home page of everyone the rule admits: "
                    "%(mentors)s possible mentors and %(mentees)s possible mentees in the "
                    "directory. They can apply at once."
                )
                % figures
            )
        else:
            happens.append(
                _(
                    "Only invited people can apply (%(invited)s invited so far). Nobody is "
                    "e-mailed now: invitations are sent from “Invite people”."
                )
                % counts
            )
        blocked = services.enrollment_problems(program)
    elif move == (ProgramStatus.ENROLLING, ProgramStatus.MATCHING):
        happens.append(
            _(
                "Nobody can apply any more, and applicants can no longer change their "
                "application (they can still withdraw)."
            )
        )
        happens.append(
            _(
                "Matching works with the approved applications (mentors: %(mentors)s, "
                "mentees: %(mentees)s)."
            )
            % counts
        )
        if preview.pending:
            happens.append(
                ngettext(
                    "%(pending)s application is still awaiting review: it is left out of "
                    "matching until you approve it.",
                    "%(pending)s applications are still awaiting review: they are left out of "
                    "matching until you approve them.",
                    preview.pending,
                )
                % counts
            )
        afterwards.append(
            _(
                "The rule, the kind of mentoring and the number of mentees per mentor can no "
                "longer change. Reopening enrollment remains possible until the pairs are "
                "published."
            )
        )
    elif move == (ProgramStatus.ENROLLING, ProgramStatus.DRAFT):
        happens.append(
            _(
                "The program disappears from employees' pages and nobody can apply any more. "
                "The %(received)s applications received are kept."
            )
            % counts
        )
    elif move == (ProgramStatus.MATCHING, ProgramStatus.ENROLLING):
        happens.append(
            _(
                "People can apply again, and applicants can change their application. The "
                "%(received)s applications received are kept."
            )
            % counts
        )
        happens.append(_("The matching runs made so far become out of date: run it again later."))
    elif move == (ProgramStatus.MATCHING, ProgramStatus.RUNNING):
        if preview.active_pairs:
            happens.append(
                ngettext(
                    "The program starts with its %(pairs)s pair.",
                    "The program starts with its %(pairs)s pairs.",
                    preview.active_pairs,
                )
                % counts
            )
        else:
            happens.append(
                _(
                    "No pair is published yet: the program would start without any pair. To "
                    "start it with pairs, publish a run from the matching workbench instead."
                )
            )
        afterwards.extend(
            [
                _("This cannot be undone: enrollment cannot reopen."),
                _("Matching cannot be run again: pairs change one by one, by rematching."),
            ]
        )
    elif move == (ProgramStatus.RUNNING, ProgramStatus.CLOSED):
        happens.append(
            ngettext(
                "The program ends for its %(pairs)s active pair: reminders stop and HR's "
                "pair actions (message, pause, end, rematch) are no longer offered.",
                "The program ends for its %(pairs)s active pairs: reminders stop and HR's "
                "pair actions (message, pause, end, rematch) are no longer offered.",
                preview.active_pairs,
            )
            % counts
        )
        happens.append(_("The members keep reading their pair's space and answer the surveys."))
        happens.extend(closing_notes(program))
        afterwards.extend(
            [
                _("This cannot be undone: a closed program cannot be reopened."),
                _("Its settings can no longer change."),
            ]
        )
    label = transition_label(program.status, target)
    return Confirmation(
        title=_("%(action)s: are you sure?") % {"action": label},
        subject=_("“%(name)s”: status now “%(current)s”, afterwards “%(target)s”.")
        % {
            "name": program.name,
            "current": services.status_label(program.status),
            "target": services.status_label(target),
        },
        action=reverse("programs:program_transition", kwargs={"program_id": program.pk}),
        confirm_label=_("Yes: %(action)s") % {"action": label.lower()},
        back_url=reverse("programs:program_detail", kwargs={"program_id": program.pk}),
        back_label=_("Back to the program"),
        happens=happens,
        afterwards=afterwards,
        blocked=blocked,
        hidden=[("to", target), ("version", str(version))],
        danger=bool(afterwards),
    )


def _copy_url(copy: Program | None, program_id: int) -> str:
    if copy is None:
        return reverse("programs:program_detail", kwargs={"program_id": program_id})
    return reverse("programs:program_edit", kwargs={"program_id": copy.pk})


@require(user_is_hr_admin)
@require_POST
@idempotency.form_view(url=_copy_url)
def program_duplicate(request: HttpRequest, program_id: int) -> HttpResponse:
    """Copy the program as a new draft, then open the copy's settings."""
    program = selectors.access_managed_program(user=request.user, program_id=program_id)
    copy = services.program_duplicate(
        actor=request.user, program=program, submission=idempotency.submission(request)
    )
    messages.success(
        request,
        _("This is a copy of “%(name)s”. Change its name and dates, then save.")
        % {"name": program.name},
    )
    return redirect("programs:program_edit", program_id=copy.pk)
