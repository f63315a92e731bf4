"""Pages of the matching workbench: settings, runs, proposals, locks, exclusions, manual
pairs, comparison of two runs, publication. HR and the program's managers only."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bascule.core import idempotency
from bascule.core.confirm import Confirmation, confirmation_page, confirmed
from bascule.core.errors import DomainError
from bascule.core.forms import add_errors
from bascule.core.page_cache import cached_page
from bascule.core.permissions import require, user_can_match
from bascule.core.views import emails_queued, querystring_without_page
from bascule.pairing import explain, selectors, services
from bascule.pairing.forms import (
    CompareForm,
    ManualPairForm,
    MatchingSettingsForm,
    ProposalFilterForm,
    SwapForm,
)
from bascule.pairing.models import MatchRun, RunStatus
from bascule.programs.models import Program, ProgramStatus


def _workbench_url(program_id: int, run_id: int | None = None, anchor: str = "") -> str:
    url = reverse("pairing:workbench", kwargs={"program_id": program_id})
    if run_id:
        url += f"?run={run_id}"
    return url + (f"#{anchor}" if anchor else "")


def _program_url(anchor: str) -> Callable[..., str]:
    """Return where a workbench form sent twice lands: the workbench, at `anchor`."""

    def url(target: Any, program_id: int | None = None, **kwargs: Any) -> str:
        # The view's program, or the program an excluded pair belonged to.
        program_id = program_id or (target.pk if target is not None else None)
        if program_id is None:
            return reverse("programs:program_list")
        return _workbench_url(program_id, anchor=anchor)

    return url


def _run_label(run: MatchRun) -> str:
    from django.utils import formats, timezone

    when = formats.date_format(timezone.localtime(run.started_at), "SHORT_DATETIME_FORMAT")
    return _("Run %(number)s of %(when)s — %(matched)s pairs") % {
        "number": run.pk,
        "when": when,
        "matched": run.matched,
    }


def _workbench_context(
    request: HttpRequest,
    program: Program,
    *,
    settings_form: MatchingSettingsForm | None = None,
    manual_form: ManualPairForm | None = None,
    swap_form: SwapForm | None = None,
) -> dict[str, Any]:
    runs = list(selectors.program_runs(program=program))
    for item in runs:
        item.weights_text = selectors.parameters_text(item)
    latest = runs[0] if runs else None
    run = latest
    wanted = request.GET.get("run")
    if wanted and wanted.isdigit():
        run = next((r for r in runs if r.pk == int(wanted)), latest)
    context: dict[str, Any] = {
        "program": program,
        "can_edit": program.status == ProgramStatus.MATCHING,
        "settings_editable": program.status in services.EDITABLE_STATUSES,
        "settings_form": settings_form or MatchingSettingsForm(program=program),
        "manual_form": manual_form or ManualPairForm(program=program),
        "runs": runs,
        "run": run,
        "latest": latest,
        "rules": list(selectors.program_rules(program=program)),
        "requests": selectors.program_requests(program=program) if program.self_match else [],
        "components": [explain.component_label(name) for name in explain.COMPONENT_LABELS],
    }
    if run is not None:
        language = explain.reader_language(get_language())
        filter_form = ProposalFilterForm(request.GET or None, departments=[])
        query, department = "", None
        if filter_form.is_bound and filter_form.is_valid():
            query = filter_form.cleaned_data.get("q") or ""
        raw_department = request.GET.get("department") or ""
        if raw_department.isdigit():
            department = int(raw_department)
        view = selectors.run_view(
            run=run,
            language=language,
            query=query,
            department=department,
            page=request.GET.get("page") or 1,
        )
        context["querystring_without_page"] = querystring_without_page(request, run=str(run.pk))
        filter_form = ProposalFilterForm(request.GET or None, departments=view.departments)
        filter_form.is_valid()
        swappable = context["can_edit"] and run.pk == latest.pk and run.status == RunStatus.PROPOSED
        if swappable:
            context["swap_form"] = swap_form or SwapForm(
                prefix="swap", proposals=_swap_choices(latest)
            )
        context.update(
            view=view,
            filter_form=filter_form,
            filtered=bool(query or department),
            certificate=selectors.certificate_text(run),
            fairness=selectors.fairness(run=run),
            is_latest=run.pk == latest.pk,
            stale=selectors.stale_reasons(run, program) if run.status == RunStatus.PROPOSED else [],
        )
    if len(runs) >= 2:
        context["compare_form"] = CompareForm(
            initial={"a": runs[1].pk, "b": runs[0].pk},
            runs=[(r.pk, _run_label(r)) for r in runs],
        )
    return context


def _swap_choices(run: MatchRun) -> list[tuple[int, str, str]]:
    """(proposal id, mentee's name, mentor's name) of the run's pairs, by the mentee's name."""
    rows = run.proposals.order_by("mentee_application__employee__last_name", "pk").values_list(
        "pk",
        "mentee_application__employee__first_name",
        "mentee_application__employee__last_name",
        "mentor_application__employee__first_name",
        "mentor_application__employee__last_name",
    )
    return [
        (pk, f"{e_first} {e_last}".strip(), f"{m_first} {m_last}".strip())
        for pk, e_first, e_last, m_first, m_last in rows
    ]


@cached_page
@require(user_can_match)
def workbench(request: HttpRequest, program_id: int) -> HttpResponse:
    """Return the workbench of a program: settings, the run shown, proposals, the runs."""
    program = selectors.access_matching_program(user=request.user, program_id=program_id)
    return render(request, "pairing/workbench.html", _workbench_context(request, program))


def _settings_field(form: MatchingSettingsForm, name: str) -> str:
    return f"weight_{name}" if f"weight_{name}" in form.fields else name


@require(user_can_match)
@require_POST
def settings_save(request: HttpRequest, program_id: int) -> HttpResponse:
    """Save the weights and constraints; on an error, the workbench with the form's errors."""
    program = selectors.access_matching_program(user=request.user, program_id=program_id)
    form = MatchingSettingsForm(request.POST, program=program)
    if form.is_valid():
        try:
            services.matching_settings_update(
                actor=request.user, program=program, values=form.values()
            )
        except DomainError as exc:
            add_errors(form, exc, field_for=lambda name: _settings_field(form, name))
        else:
            messages.success(request, _("The matching settings have been saved."))
            return redirect(_workbench_url(program.pk, anchor="settings-title"))
    context = _workbench_context(request, program, settings_form=form)
    return render(request, "pairing/workbench.html", context, status=200)


@require(user_can_match)
@require_POST
@idempotency.form_view(url=_program_url("run-title"))
def run_create(request: HttpRequest, program_id: int) -> HttpResponse:
    """Run the matching, then show the new run."""
    program = selectors.access_matching_program(user=request.user, program_id=program_id)
    try:
        run = services.run_matching(
            actor=request.user, program=program, submission=idempotency.submission(request)
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_workbench_url(program.pk))
    messages.success(
        request,
        _("Matching done: %(matched)s mentees matched, %(unmatched)s without a mentor.")
        % {"matched": run.matched, "unmatched": run.unmatched},
    )
    return redirect(_workbench_url(program.pk, anchor="run-title"))


def _back(request: HttpRequest, program_id: int, run_id: int) -> HttpResponse:
    return redirect(_workbench_url(program_id, run_id, anchor="proposals-title"))


def _proposal_action(
    request: HttpRequest, proposal_id: int, action, success: str, **extra: Any
) -> HttpResponse:
    """Apply a service to a proposal, say how it went, and go back to the proposals."""
    proposal = selectors.access_proposal(user=request.user, proposal_id=proposal_id)
    try:
        action(actor=request.user, proposal=proposal, **extra)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success % _names(proposal))
    return _back(request, proposal.run.program_id, proposal.run_id)


@require(user_can_match)
@require_POST
def proposal_lock(request: HttpRequest, proposal_id: int) -> HttpResponse:
    return _proposal_action(
        request,
        proposal_id,
        services.proposal_lock,
        _("Locked: %(mentee)s and %(mentor)s stay together in the next runs."),
    )


@require(user_can_match)
@require_POST
def proposal_unlock(request: HttpRequest, proposal_id: int) -> HttpResponse:
    return _proposal_action(
        request,
        proposal_id,
        services.proposal_unlock,
        _("Unlocked: %(mentee)s and %(mentor)s."),
    )


@require(user_can_match)
@require_POST
@idempotency.form_view(url=_program_url("proposals-title"))
def proposal_exclude(request: HttpRequest, proposal_id: int) -> HttpResponse:
    return _proposal_action(
        request,
        proposal_id,
        services.proposal_exclude,
        _("Excluded: %(mentee)s and %(mentor)s will never be proposed together."),
        submission=idempotency.submission(request),
    )


def _names(pair: Any) -> dict[str, str]:
    return {
        "mentee": pair.mentee_application.employee.full_name,
        "mentor": pair.mentor_application.employee.full_name,
    }


@require(user_can_match)
@require_POST
def rule_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = selectors.access_rule(user=request.user, rule_id=rule_id)
    program_id = rule.program_id
    try:
        services.rule_delete(actor=request.user, rule=rule)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Removed: %(mentee)s and %(mentor)s.") % _names(rule))
    return redirect(_workbench_url(program_id, anchor="rules-title"))


@require(user_can_match)
@require_POST
@idempotency.form_view(url=_program_url("proposals-title"))
def manual_pair(request: HttpRequest, program_id: int) -> HttpResponse:
    """Pair two people by hand; the page lists every constraint the pair breaks."""
    program = selectors.access_matching_program(user=request.user, program_id=program_id)
    form = ManualPairForm(request.POST, program=program)
    if form.is_valid():
        try:
            _proposal, warnings = services.manual_pair(
                actor=request.user,
                program=program,
                mentee_application_id=form.cleaned_data["mentee"],
                mentor_application_id=form.cleaned_data["mentor"],
                submission=idempotency.submission(request),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The pair has been made by hand and locked."))
            if warnings:
                messages.warning(
                    request,
                    _("This pair breaks the program's constraints: %(list)s.")
                    % {"list": "; ".join(explain.warnings_text(warnings))},
                )
            return redirect(_workbench_url(program.pk, anchor="proposals-title"))
    context = _workbench_context(request, program, manual_form=form)
    return render(request, "pairing/workbench.html", context)


@require(user_can_match)
@require_POST
@idempotency.form_view(url=_program_url("proposals-title"))
def swap(request: HttpRequest, program_id: int) -> HttpResponse:
    """Swap the mentors of two proposals of the latest run; both pairs become locked pairs
    made by hand, and the page names every constraint each one breaks."""
    program = selectors.access_matching_program(user=request.user, program_id=program_id)
    # A proposal of another program is a 404, whatever the rest of the form says.
    posted = [
        selectors.access_program_proposal(
            user=request.user, program=program, proposal_id=int(value)
        )
        for value in (request.POST.get("swap-first", ""), request.POST.get("swap-second", ""))
        if value.isdigit()
    ]
    latest = selectors.latest_run(program)
    choices = _swap_choices(latest) if latest else []
    offered = {pk for pk, _mentee, _mentor in choices}
    choices += [
        (
            p.pk,
            p.mentee_application.employee.full_name,
            p.mentor_application.employee.full_name,
        )
        for p in posted
        if p.pk not in offered
    ]
    form = SwapForm(request.POST, prefix="swap", proposals=choices)
    if form.is_valid():
        by_id = {p.pk: p for p in posted}
        try:
            a, b = services.swap_mentees(
                actor=request.user,
                program=program,
                first=by_id[form.cleaned_data["first"]],
                second=by_id[form.cleaned_data["second"]],
                submission=idempotency.submission(request),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Swapped: %(mentee_a)s now with %(mentor_a)s, %(mentee_b)s now with "
                    "%(mentor_b)s. Both pairs are locked."
                )
                % {
                    "mentee_a": a.mentee_application.employee.full_name,
                    "mentor_a": a.mentor_application.employee.full_name,
                    "mentee_b": b.mentee_application.employee.full_name,
                    "mentor_b": b.mentor_application.employee.full_name,
                },
            )
            for proposal in (a, b):
                if proposal.warnings:
                    messages.warning(
                        request,
                        _("%(mentee)s and %(mentor)s break the program's constraints: %(list)s.")
                        % {
                            **_names(proposal),
                            "list": "; ".join(explain.warnings_text(proposal.warnings)),
                        },
                    )
            return redirect(_workbench_url(program.pk, anchor="proposals-title"))
    context = _workbench_context(request, program, swap_form=form)
    if "swap_form" not in context:
        # No run to edit any more (published, or the matching status left): say why.
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect(_workbench_url(program.pk))
    return render(request, "pairing/workbench.html", context)


@require(user_can_match)
def compare(request: HttpRequest, program_id: int) -> HttpResponse:
    """Compare two runs of the program: pairs in both, only in A, only in B."""
    program = selectors.access_matching_program(user=request.user, program_id=program_id)
    runs = list(selectors.program_runs(program=program))
    form = CompareForm(request.GET or None, runs=[(r.pk, _run_label(r)) for r in runs])
    comparison = None
    if form.is_bound and form.is_valid():
        by_id = {r.pk: r for r in runs}
        comparison = selectors.compare_runs(
            a=by_id[form.cleaned_data["a"]], b=by_id[form.cleaned_data["b"]]
        )
    context = {
        "program": program,
        "form": form,
        "comparison": comparison,
        "labels": {r.pk: _run_label(r) for r in runs},
    }
    return render(request, "pairing/compare.html", context)


def _publish_confirmation(run: MatchRun) -> Confirmation:
    """Return the confirmation step of a publication: pairs, e-mails, who is left out."""
    program = run.program
    preview = selectors.publication_preview(run=run)
    happens = [
        ngettext(
            "%(count)s pair is created, as proposed by this run.",
            "%(count)s pairs are created, as proposed by this run.",
            preview.pairs,
        )
        % {"count": preview.pairs},
        ngettext(
            "%(emails)s e-mail is sent, to %(people)s person: each member is told who their "
            "partner is and why, in their language.",
            "%(emails)s e-mails are sent, to %(people)s people: each member is told who their "
            "partner is and why, in their language.",
            preview.people,
        )
        % {"emails": preview.emails, "people": preview.people},
        _("The program “%(name)s” starts: its status becomes “Running”.") % {"name": program},
    ]
    if preview.without_account:
        happens.append(
            ngettext(
                "%(count)s member has no active account and is not e-mailed.",
                "%(count)s members have no active account and are not e-mailed.",
                preview.without_account,
            )
            % {"count": preview.without_account}
        )
    if preview.unmatched:
        happens.append(
            ngettext(
                "%(count)s approved mentee stays without a mentor.",
                "%(count)s approved mentees stay without a mentor.",
                preview.unmatched,
            )
            % {"count": preview.unmatched}
        )
    if preview.pending:
        happens.append(
            ngettext(
                "%(count)s application is still awaiting review or waitlisted: it is not "
                "part of this publication.",
                "%(count)s applications are still awaiting review or waitlisted: they are "
                "not part of this publication.",
                preview.pending,
            )
            % {"count": preview.pending}
        )
    blocked = []
    if run.status == RunStatus.PUBLISHED or program.status != ProgramStatus.MATCHING:
        blocked.append(_("The pairs of this program are already published."))
    else:
        blocked.extend(selectors.stale_reasons(run, program))
    return Confirmation(
        title=ngettext("Publish %(count)s pair?", "Publish %(count)s pairs?", preview.pairs)
        % {"count": preview.pairs},
        subject=_run_label(run),
        action=reverse("pairing:publish", kwargs={"run_id": run.pk}),
        confirm_label=ngettext(
            "Yes, publish %(count)s pair and send the e-mails",
            "Yes, publish %(count)s pairs and send the e-mails",
            preview.pairs,
        )
        % {"count": preview.pairs},
        back_url=_workbench_url(program.pk, run.pk, anchor="run-title"),
        back_label=_("Back to the workbench"),
        happens=happens,
        afterwards=[
            _("The e-mails cannot be taken back."),
            _(
                "Matching cannot be run again for this program: later changes are made pair "
                "by pair on the “Pairs and rematching” page."
            ),
            _("Enrollment cannot reopen."),
        ],
        blocked=blocked,
    )


def _published_url(run: MatchRun | None, run_id: int) -> str:
    if run is None:
        return reverse("programs:program_list")
    return _workbench_url(run.program_id, run.pk)


@require(user_can_match)
@require_POST
@idempotency.form_view(url=_published_url)
def publish(request: HttpRequest, run_id: int) -> HttpResponse:
    """Publish a run: pairs created, program started, every member told by e-mail. Without
    the confirmation, the page says what would happen and changes nothing."""
    run = selectors.access_run(user=request.user, run_id=run_id)
    if not confirmed(request):
        return confirmation_page(request, _publish_confirmation(run))
    try:
        pairs = services.publish_run(
            actor=request.user, run=run, submission=idempotency.submission(request)
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_workbench_url(run.program_id, run.pk))
    published = ngettext("Published: %(count)s pair.", "Published: %(count)s pairs.", len(pairs))
    emails = selectors.announcement_emails(pairs=pairs)
    messages.success(
        request,
        format_html("{} {}", published % {"count": len(pairs)}, emails_queued(request, emails)),
    )
    return redirect(_workbench_url(run.program_id, run.pk))
