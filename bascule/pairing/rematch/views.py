"""Pages for changes to published pairs: the rematch page (people without a partner, active
and ended pairs), the five best candidates for one person, ending a pair. HR and the
program's managers only."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bascule.core import idempotency
from bascule.core.confirm import Confirmation, carried_fields, confirmation_page, confirmed
from bascule.core.errors import DomainError
from bascule.core.permissions import require, user_can_match
from bascule.pairing import explain, lifecycle, selectors
from bascule.pairing.forms import PairEndForm, RematchForm
from bascule.pairing.models import PairStatus
from bascule.pairing.rematch import selectors as rematch_selectors
from bascule.pairing.rematch import services as rematch_services
from bascule.programs.models import Program, ProgramStatus


def _rematch_url(program_id: int, anchor: str = "") -> str:
    url = reverse("pairing:rematch", kwargs={"program_id": program_id})
    return url + (f"#{anchor}" if anchor else "")


def _rematch_context(
    program: Program, *, end_forms: dict[int, PairEndForm] | None = None
) -> dict[str, Any]:
    pairs = list(selectors.program_pairs(program=program))
    end_forms = end_forms or {}
    active = [p for p in pairs if p.status == PairStatus.ACTIVE]
    for pair in active:
        pair.end_form = end_forms.get(pair.pk) or PairEndForm(prefix=f"end-{pair.pk}")
    running = program.status == ProgramStatus.RUNNING
    return {
        "program": program,
        "running": running,
        "people": selectors.people_with_room(program) if running else [],
        "active_pairs": active,
        "ended_pairs": [p for p in pairs if p.status == PairStatus.ENDED],
    }


@require(user_can_match)
def rematch(request: HttpRequest, program_id: int) -> HttpResponse:
    """The published pairs of a program and the people who may take a new partner."""
    program = selectors.access_matching_program(user=request.user, program_id=program_id)
    return render(request, "pairing/rematch/rematch.html", _rematch_context(program))


@require(user_can_match)
def rematch_candidates(request: HttpRequest, program_id: int, application_id: int) -> HttpResponse:
    """The five best partners the engine finds for one person, with score and reasons."""
    program = selectors.access_matching_program(user=request.user, program_id=program_id)
    application = selectors.access_program_application(
        program=program, application_id=application_id
    )
    try:
        options = rematch_selectors.rematch_options(program=program, application_id=application.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_rematch_url(program.pk))
    language = explain.reader_language(get_language())
    explainer = explain.Explainer(
        [c.reasons for c in options.candidates] + [options.reasons], language
    )
    person = options.person.employee
    rows = []
    for candidate in options.candidates:
        mentor = candidate.employee if not options.is_mentor else person
        mentee = person if not options.is_mentor else candidate.employee
        rows.append(
            {
                "candidate": candidate,
                "explanation": explainer.sentence(
                    candidate.reasons, mentor.first_name, mentee.first_name
                ),
                "breakdown": [
                    (explain.component_label(name), value)
                    for name, value in candidate.breakdown.items()
                ],
            }
        )
    reason = ""
    if not rows:
        reason = explainer.sentence(
            options.reasons,
            mentor=person.first_name if options.is_mentor else "",
            mentee=person.first_name if not options.is_mentor else "",
        )
    context = {
        "program": program,
        "options": options,
        "person": person,
        "rows": rows,
        "reason": reason,
    }
    return render(request, "pairing/rematch/rematch_candidates.html", context)


def _rematch_confirmation(
    program: Program, application: Any, partner: Any, back: str
) -> Confirmation:
    """Return the confirmation step of a rematch: the new pair and the two e-mails."""
    if application.role == "mentor":
        mentor, mentee = application.employee, partner.employee
    else:
        mentor, mentee = partner.employee, application.employee
    names = {"mentee": mentee.full_name, "mentor": mentor.full_name}
    return Confirmation(
        title=_("Pair %(mentee)s with %(mentor)s?") % names,
        subject=str(program),
        action=reverse(
            "pairing:rematch_pair",
            kwargs={"program_id": program.pk, "application_id": application.pk},
        ),
        confirm_label=_("Yes, pair them and send the e-mails"),
        back_url=back,
        back_label=_("Back to the candidates"),
        happens=[
            _("%(mentee)s and %(mentor)s become an active pair of the program.") % names,
            _(
                "Both receive an e-mail in their language with their partner's name and why "
                "they were paired."
            ),
        ],
        afterwards=[
            _(
                "The e-mails cannot be taken back: to undo the pair, you would have to end it, "
                "and both would be told again."
            )
        ],
        hidden=[("partner", str(partner.pk))],
        danger=False,
    )


def _rematched_url(pair: Any, program_id: int, application_id: int) -> str:
    return _rematch_url(program_id, "pairs-title")


@require(user_can_match)
@require_POST
@idempotency.form_view(url=_rematched_url)
def rematch_pair(request: HttpRequest, program_id: int, application_id: int) -> HttpResponse:
    """Pair the person with the candidate chosen: a new active pair, both told by e-mail."""
    program = selectors.access_matching_program(user=request.user, program_id=program_id)
    application = selectors.access_program_application(
        program=program, application_id=application_id
    )
    form = RematchForm(request.POST)
    back = reverse(
        "pairing:rematch_candidates",
        kwargs={"program_id": program.pk, "application_id": application.pk},
    )
    if not form.is_valid():
        messages.error(request, _("Choose one of the candidates."))
        return redirect(back)
    if not confirmed(request):
        partner = selectors.access_program_application(
            program=program, application_id=form.cleaned_data["partner"]
        )
        return confirmation_page(
            request, _rematch_confirmation(program, application, partner, back)
        )
    try:
        pair = rematch_services.rematch_pair(
            actor=request.user,
            program=program,
            application_id=application.pk,
            partner_application_id=form.cleaned_data["partner"],
            submission=idempotency.submission(request),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_rematch_url(program.pk))
    messages.success(
        request,
        _("%(mentee)s and %(mentor)s are now a pair; both have been told by e-mail.")
        % {"mentee": pair.mentee.full_name, "mentor": pair.mentor.full_name},
    )
    return redirect(_rematch_url(program.pk, "pairs-title"))


@require(user_can_match)
@require_POST
def pair_end(request: HttpRequest, pair_id: int) -> HttpResponse:
    """End an active pair with a reason; on an error, the page again with the form's errors."""
    pair = selectors.access_pair(user=request.user, pair_id=pair_id)
    program = pair.program
    form = PairEndForm(request.POST, prefix=f"end-{pair.pk}")
    if form.is_valid() and pair.status == PairStatus.ACTIVE and not confirmed(request):
        return confirmation_page(request, _end_confirmation(request, pair, form))
    if form.is_valid():
        try:
            lifecycle.pair_end(actor=request.user, pair=pair, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(_rematch_url(program.pk, "pairs-title"))
        messages.success(
            request,
            _(
                "The pair of %(mentee)s and %(mentor)s has ended; both have been told by "
                "e-mail. They can now be rematched."
            )
            % {"mentee": pair.mentee.full_name, "mentor": pair.mentor.full_name},
        )
        return redirect(_rematch_url(program.pk, "people-title"))
    context = _rematch_context(program, end_forms={pair.pk: form})
    context["open_pair"] = pair.pk
    context["end_form"] = form
    return render(request, "pairing/rematch/rematch.html", context)


def _end_confirmation(request: HttpRequest, pair: Any, form: PairEndForm) -> Confirmation:
    """Return the confirmation step of ending a pair: who is told, what cannot be undone."""
    names = {"mentee": pair.mentee.full_name, "mentor": pair.mentor.full_name}
    # The form is on the rematch page and on the pair's health page: go back where it was.
    if request.POST.get("back") == "health":
        back = reverse("journey:health_pair", kwargs={"pair_id": pair.pk})
    else:
        back = _rematch_url(pair.program_id, f"pair-{pair.pk}")
    return Confirmation(
        title=_("End the pair of %(mentee)s and %(mentor)s?") % names,
        subject=_("Your reason: “%(reason)s”") % {"reason": form.cleaned_data["reason"]},
        action=reverse("pairing:pair_end", kwargs={"pair_id": pair.pk}),
        confirm_label=_("Yes, end the pair"),
        back_url=back,
        back_label=_("Back without ending the pair"),
        happens=[
            _(
                "%(mentee)s and %(mentor)s each receive an e-mail in their language with your "
                "reason, and a short closing survey."
            )
            % names,
            _("Their reminders stop and both appear among the people to rematch."),
        ],
        afterwards=[
            _(
                "This cannot be undone: an ended pair cannot be restarted. To bring them "
                "together again, you would pair them anew."
            )
        ],
        hidden=carried_fields(request.POST),
    )
