"""Self-match pages: a mentee chooses among their best mentors and asks one; a mentor reads
the requests addressed to them and accepts or declines."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bascule.core import idempotency
from bascule.core.errors import DomainError
from bascule.core.forms import add_errors
from bascule.core.permissions import require, user_has_pairs
from bascule.pairing import explain, selectors
from bascule.pairing.forms import MentorAnswerForm, MentorRequestForm
from bascule.pairing.models import RequestStatus
from bascule.pairing.selfmatch import selectors as selfmatch_selectors
from bascule.pairing.selfmatch import services as selfmatch_services


def _choose_context(request: HttpRequest, application: Any, form=None) -> dict[str, Any]:
    program = application.program
    context: dict[str, Any] = {"program": program, "application": application}
    current = selectors.open_request(program, application)
    context["current"] = current
    if current is not None:
        return context
    try:
        options = selfmatch_selectors.mentor_choices(program=program, mentee=application)
    except DomainError as exc:
        context["closed"] = exc.message
        return context
    language = explain.reader_language(get_language())
    explainer = explain.Explainer(
        [c.reasons for c in options.candidates] + [options.reasons], language
    )
    me = application.employee
    context["rows"] = [
        {
            "candidate": c,
            "explanation": explainer.sentence(c.reasons, c.employee.first_name, me.first_name),
        }
        for c in options.candidates
    ]
    context["reason"] = (
        "" if options.candidates else explainer.sentence(options.reasons, mentee=me.first_name)
    )
    context["form"] = form or MentorRequestForm(
        mentors=[(c.application.pk, c.employee.full_name) for c in options.candidates]
    )
    return context


@require(user_has_pairs)
def choose_mentor(request: HttpRequest, program_id: int) -> HttpResponse:
    """A mentee's five best mentors, explained, and the form to ask one."""
    application = selectors.access_self_match_mentee(user=request.user, program_id=program_id)
    return render(request, "pairing/choose_mentor.html", _choose_context(request, application))


def _choose_url(asked: Any, program_id: int) -> str:
    return reverse("pairing:choose_mentor", kwargs={"program_id": program_id})


@require(user_has_pairs)
@require_POST
@idempotency.form_view(url=_choose_url)
def mentor_request_create(request: HttpRequest, program_id: int) -> HttpResponse:
    application = selectors.access_self_match_mentee(user=request.user, program_id=program_id)
    context = _choose_context(request, application)
    if "form" not in context:  # a request is open, or self-match is over
        closed = context.get("closed")
        messages.error(request, closed or _("You already asked a mentor: wait for their answer."))
        return redirect(reverse("pairing:choose_mentor", kwargs={"program_id": program_id}))
    form = MentorRequestForm(request.POST, mentors=list(context["form"].fields["mentor"].choices))
    if form.is_valid():
        try:
            asked = selfmatch_services.mentor_request_create(
                actor=request.user,
                program=application.program,
                mentee=application,
                mentor_application_id=form.cleaned_data["mentor"],
                message=form.cleaned_data["message"],
                submission=idempotency.submission(request),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your request has been sent to %(name)s, who will answer by e-mail.")
                % {"name": asked.mentor_application.employee.full_name},
            )
            return redirect(reverse("pairing:choose_mentor", kwargs={"program_id": program_id}))
    context["form"] = form
    return render(request, "pairing/choose_mentor.html", context)


@require(user_has_pairs)
def mentor_requests(request: HttpRequest) -> HttpResponse:
    """The requests addressed to the user as a mentor, and those they sent as a mentee."""
    to_me = selectors.requests_to_me(user=request.user)
    for item in to_me:
        item.answer_form = MentorAnswerForm(prefix=f"answer-{item.pk}")
    context = {
        "to_me": to_me,
        "from_me": selectors.requests_from_me(user=request.user),
        "programs": selectors.self_match_programs(user=request.user),
        "pending": RequestStatus.PENDING,
    }
    return render(request, "pairing/selfmatch/mentor_requests.html", context)


@require(user_has_pairs)
@require_POST
def mentor_request_answer(request: HttpRequest, request_id: int) -> HttpResponse:
    """Accept or decline a request, with a message for the mentee."""
    asked = selectors.access_mentor_request(user=request.user, request_id=request_id)
    form = MentorAnswerForm(request.POST, prefix=f"answer-{asked.pk}")
    back = reverse("pairing:mentor_requests")
    if not form.is_valid():
        messages.error(request, _("Accept or decline the request."))
        return redirect(back)
    try:
        answered = selfmatch_services.mentor_request_answer(
            actor=request.user,
            request=asked,
            decision=form.cleaned_data["decision"],
            message=form.cleaned_data["message"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    name = answered.mentee_application.employee.full_name
    if answered.status == RequestStatus.ACCEPTED:
        text = _("You accepted %(name)s's request; they have been told by e-mail.")
    else:
        text = _("You declined %(name)s's request; they have been told by e-mail.")
    messages.success(request, text % {"name": name})
    return redirect(back)
