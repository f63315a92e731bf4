"""Recognition pages.

Participants (employees, sponsors excepted): their kudos received and sent, who may see what
they receive, showing one kudos on the wall; thanking their partner from the pair's space.
HR, program managers and sponsors: recognising a participant or a pair from a program's
wall. Walls: a program's (its participants, HR, its managers, the sponsors) and the
company's (everyone). HR hides an entry with a reason, or shows it again.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bascule.core import idempotency
from bascule.core.confirm import Confirmation, confirmation_page, confirmed
from bascule.core.errors import ConflictError, DomainError
from bascule.core.forms import add_errors
from bascule.core.permissions import (
    require,
    user_has_pairs,
    user_is_hr_admin,
    user_may_recognise,
    user_reads_walls,
)
from bascule.core.views import page_context
from bascule.recognition import selectors, services
from bascule.recognition.forms import HideForm, PreferenceForm, RecognitionForm, ThanksForm
from bascule.recognition.models import Visibility

MINE = "recognition:mine"
# Entries of a wall per page (an out-of-range or unreadable page number shows the last or the
# first page, as the project's other paged lists do).
WALL_PER_PAGE = 25


def _wall_url(program_id: int) -> str:
    return reverse("recognition:program_wall", kwargs={"program_id": program_id})


# --- Participants ------------------------------------------------------------------------------


@require(user_has_pairs)
def mine(request: HttpRequest) -> HttpResponse:
    cap = selectors.cap_of(request.user.employee_id)
    received = list(selectors.received(request.user))
    for kudos in received:
        kudos.shown_to = selectors.effective_visibility(kudos, cap)
    return render(
        request,
        "recognition/mine.html",
        {
            "received": received,
            "sent": list(selectors.sent(request.user)),
            "preference_form": PreferenceForm(initial={"cap": cap}),
            "pairs": selectors.thanks_pairs(request.user),
            "walls": list(selectors.walls_of(request.user).order_by("name")),
            "PRIVATE": Visibility.PRIVATE,
        },
    )


def _thanks_done(target: Any, **kwargs: Any) -> str:
    return reverse(MINE)


@require(user_has_pairs)
@idempotency.form_view(url=_thanks_done)
def thank(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = selectors.access_thanks_pair(user=request.user, pair_id=pair_id)
    partner = selectors.partner(pair, request.user)
    skills = list(selectors.pair_skills(pair))
    form = ThanksForm(request.POST or None, skills=skills)
    if request.method == "POST" and form.is_valid():
        try:
            services.thanks_send(
                actor=request.user,
                pair=pair,
                message=form.cleaned_data["message"],
                visibility=form.cleaned_data["visibility"],
                skill_id=form.cleaned_data.get("skill"),
                submission=idempotency.submission(request),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("Your thanks are sent to %(name)s.") % {"name": partner.full_name}
            )
            return redirect(MINE)
    return render(
        request,
        "recognition/send.html",
        {
            "form": form,
            "title": _("Thank %(name)s") % {"name": partner.full_name},
            "program": pair.program,
            "back_url": reverse("journey:pair_space", kwargs={"pair_id": pair.pk}),
            "back_label": _("Back to our pair's page"),
        },
    )


@require(user_has_pairs)
@require_POST
def preference(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST)
    if form.is_valid():
        services.preference_set(actor=request.user, cap=form.cleaned_data["cap"])
        messages.success(request, _("Your choice is saved."))
    else:
        messages.error(request, _("Choose who may see the kudos you receive."))
    return redirect(MINE)


@require(user_has_pairs)
@require_POST
def wall_choice(request: HttpRequest, kudos_id: int) -> HttpResponse:
    kudos = selectors.access_received(user=request.user, kudos_id=kudos_id)
    show = request.POST.get("on_wall") == "yes"
    try:
        services.wall_choose(actor=request.user, kudos_id=kudos.pk, on_wall=show)
    except ConflictError as exc:
        messages.info(request, exc.message)
    else:
        messages.success(
            request,
            _("It is on the wall now.") if show else _("It is no longer on the wall."),
        )
    return redirect(MINE)


# --- Programs' team ----------------------------------------------------------------------------


def _sent_done(target: Any, **kwargs: Any) -> str:
    return _wall_url(kwargs["program_id"])


@require(user_may_recognise)
@idempotency.form_view(url=_sent_done)
def send(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_recognition_program(user=request.user, program_id=program_id)
    form = RecognitionForm(
        request.POST or None,
        people=list(selectors.program_participants(program)),
        pairs=list(selectors.program_pairs(program)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.recognition_send(
                actor=request.user,
                program=program,
                message=form.cleaned_data["message"],
                visibility=form.cleaned_data["visibility"],
                submission=idempotency.submission(request),
                **form.target(),
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your recognition is sent to %(names)s.")
                % {"names": ", ".join(k.recipient.full_name for k in rows)},
            )
            return redirect(_wall_url(program.pk))
    return render(
        request,
        "recognition/send.html",
        {
            "form": form,
            "title": _("Recognise a participant or a pair"),
            "program": program,
            "back_url": _wall_url(program.pk),
            "back_label": _("Back to the wall"),
        },
    )


# --- Walls -------------------------------------------------------------------------------------


@require(user_reads_walls)
def program_wall(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_wall(user=request.user, program_id=program_id)
    hr = user_is_hr_admin(request.user)
    may_send = selectors.may_send_in(user=request.user, program=program)
    paged = page_context(request, selectors.program_wall(program), per_page=WALL_PER_PAGE)
    return render(
        request,
        "recognition/wall.html",
        {
            **paged,
            "program": program,
            "entries": list(paged["page_obj"]),
            "hidden_entries": list(selectors.hidden_on_wall(program)) if hr else [],
            "counts": selectors.program_counts(program) if hr else None,
            "moderating": hr,
            "may_send": may_send,
        },
    )


@require(user_reads_walls)
def company_wall(request: HttpRequest) -> HttpResponse:
    paged = page_context(request, selectors.company_wall(), per_page=WALL_PER_PAGE)
    return render(
        request,
        "recognition/wall.html",
        {
            **paged,
            "program": None,
            "entries": list(paged["page_obj"]),
            "walls": list(selectors.walls_of(request.user).order_by("name")),
            "moderating": user_is_hr_admin(request.user),
        },
    )


# --- Moderation (HR) ---------------------------------------------------------------------------


@require(user_is_hr_admin)
def hide(request: HttpRequest, kudos_id: int) -> HttpResponse:
    kudos = selectors.access_moderated(user=request.user, kudos_id=kudos_id)
    form = HideForm(request.POST or None)
    if kudos.is_hidden:
        messages.info(request, _("This kudos is already hidden."))
        return redirect(_wall_url(kudos.program_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.kudos_hide(
                actor=request.user, kudos_id=kudos.pk, reason=form.cleaned_data["reason"]
            )
        except ConflictError as exc:
            messages.info(request, exc.message)
        except DomainError as exc:
            add_errors(form, exc)
            return render(request, "recognition/hide.html", {"kudos": kudos, "form": form})
        else:
            messages.success(
                request,
                _("It is hidden from the walls; %(name)s is told.")
                % {"name": kudos.recipient.full_name},
            )
        return redirect(_wall_url(kudos.program_id))
    return render(request, "recognition/hide.html", {"kudos": kudos, "form": form})


@require(user_is_hr_admin)
@require_POST
def unhide(request: HttpRequest, kudos_id: int) -> HttpResponse:
    kudos = selectors.access_moderated(user=request.user, kudos_id=kudos_id)
    if not confirmed(request):
        return confirmation_page(
            request,
            Confirmation(
                title=_("Show this kudos again?"),
                subject=kudos.recipient.full_name,
                action=reverse("recognition:unhide", kwargs={"kudos_id": kudos.pk}),
                confirm_label=_("Show it again"),
                back_url=_wall_url(kudos.program_id),
                back_label=_("Back to the wall"),
                happens=[
                    _(
                        "It goes back on the walls its sender and %(name)s chose; the reason "
                        "it was hidden is removed."
                    )
                    % {"name": kudos.recipient.full_name}
                ],
                blocked=[] if kudos.is_hidden else [_("This kudos is not hidden.")],
                danger=False,
            ),
        )
    try:
        services.kudos_unhide(actor=request.user, kudos_id=kudos.pk)
    except ConflictError as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, _("It is shown again."))
    return redirect(_wall_url(kudos.program_id))
