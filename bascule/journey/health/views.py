"""HR's pages on the health of a program's pairs: the list, worst first, and one pair with
the actions (nudge, pause, resume; ending early and rematching are the pairing app's).

HR admins and the program's managers only: other roles get 403, a program or pair outside
their scope 404. HR sees measures here, never what the members wrote (docs/journey.md).
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bascule.core.errors import DomainError
from bascule.core.exports import check_format, export_response, iso_date
from bascule.core.page_cache import cached_page
from bascule.core.permissions import require, user_can_match
from bascule.journey.checkins.selectors import pair_checkin_messages_to_hr, pair_checkin_summary
from bascule.journey.health import selectors as health
from bascule.journey.health import services as health_services
from bascule.journey.health.forms import NudgeForm, PauseForm
from bascule.pairing import lifecycle
from bascule.pairing import selectors as pairing_selectors
from bascule.pairing.forms import PairEndForm
from bascule.pairing.models import PairStatus
from bascule.programs.models import ProgramStatus

STATES = (health.AT_RISK, health.ATTENTION, health.ON_TRACK, health.PAUSED)


@require(user_can_match)
def program_health(request: HttpRequest, program_id: int) -> HttpResponse:
    """Return the program's active pairs, worst first, filtered by state if asked."""
    program = health.access_health_program(user=request.user, program_id=program_id)
    healths = health.program_health(program=program)
    counts = health.state_counts(healths)
    state = request.GET.get("state", "")
    shown = [h for h in healths if h.state == state] if state in STATES else healths
    context = {
        "program": program,
        "healths": shown,
        "total": len(healths),
        "state": state if state in STATES else "",
        "filters": [
            {"code": code, "label": health.STATE_LABELS[code], "count": counts[code]}
            for code in STATES
        ],
    }
    return render(request, "journey/health/health_list.html", context)


@require(user_can_match)
def program_health_export(request: HttpRequest, program_id: int, fmt: str) -> HttpResponse:
    """The program's pairs, ended ones too, with their health as the list shows it (the
    state filter too), as CSV or XLSX: measures and reasons, never what members wrote."""
    check_format(fmt)
    program = health.access_health_program(user=request.user, program_id=program_id)
    healths = health.program_health(program=program, include_ended=True)
    state = request.GET.get("state", "")
    if state in (*STATES, health.ENDED):
        healths = [h for h in healths if h.state == state]
    tz = request.user.zoneinfo
    headers = [
        _("Pair"),
        _("Mentor"),
        _("Mentee"),
        _("Status"),
        _("Published on"),
        _("Ended on"),
        _("Meetings held"),
        _("Last meeting"),
        _("Check-ins answered"),
        _("Check-ins expected"),
        _("Health"),
        _("Why"),
    ]
    rows = (
        [
            item.pair.pk,
            item.pair.mentor.full_name,
            item.pair.mentee.full_name,
            item.pair.get_status_display(),
            iso_date(item.pair.published_at, tz),
            iso_date(item.pair.ended_at, tz),
            item.meetings_held,
            iso_date(item.last_meeting_at, tz),
            item.checkins_answered,
            item.checkins_expected,
            str(health.STATE_LABELS[item.state]),
            _health_reason(item, tz),
        ]
        for item in healths
    )
    return export_response(
        fmt, f"pairs-health-{program.pk}", [(_("Health of the pairs"), headers, rows)]
    )


def _health_reason(item: health.Health, tz) -> str:
    """The "Why" of the list: the signals' sentences, or why there is none."""
    if item.signals:
        return " ".join(str(signal.text) for signal in item.signals)
    if item.state == health.PAUSED and item.pair.paused_at:
        return _("Paused since %(date)s.") % {"date": iso_date(item.pair.paused_at, tz)}
    if item.state == health.ENDED:
        return ""
    return _("Nothing to report.")


def _pair_context(request, pair, *, nudge_form=None, pause_form=None, end_form=None) -> dict:
    item = health.pair_health(pair)
    return {
        "pair": pair,
        "program": pair.program,
        "health": item,
        "running": pair.program.status == ProgramStatus.RUNNING,
        "active": pair.status == PairStatus.ACTIVE,
        "periods": pair_checkin_summary(pair),
        "messages_to_hr": pair_checkin_messages_to_hr(pair),
        "last_nudged_at": health.last_nudged_at(pair),
        "nudge_form": nudge_form
        or NudgeForm(initial={"message": health_services.nudge_draft(item)}),
        "pause_form": pause_form or PauseForm(),
        "end_form": end_form or PairEndForm(prefix=f"end-{pair.pk}"),
    }


@cached_page
@require(user_can_match)
def pair_health(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Return one pair's health, its measures and HR's actions."""
    pair = pairing_selectors.access_pair(user=request.user, pair_id=pair_id)
    return render(request, "journey/health/health_pair.html", _pair_context(request, pair))


def _back(pair) -> HttpResponse:
    return redirect(reverse("journey:health_pair", kwargs={"pair_id": pair.pk}))


@require(user_can_match)
@require_POST
def pair_nudge(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = pairing_selectors.access_pair(user=request.user, pair_id=pair_id)
    form = NudgeForm(request.POST)
    if form.is_valid():
        try:
            sent = health_services.pair_nudge(
                actor=request.user,
                pair=pair,
                message=form.cleaned_data["message"],
                recipients=form.cleaned_data["recipients"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return _back(pair)
        else:
            messages.success(
                request,
                ngettext(
                    "Your message has been sent (%(count)s e-mail).",
                    "Your message has been sent (%(count)s e-mails).",
                    sent,
                )
                % {"count": sent},
            )
            return _back(pair)
    context = _pair_context(request, pair, nudge_form=form)
    return render(request, "journey/health/health_pair.html", context, status=400)


@require(user_can_match)
@require_POST
def pair_pause(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = pairing_selectors.access_pair(user=request.user, pair_id=pair_id)
    form = PauseForm(request.POST)
    if form.is_valid():
        try:
            lifecycle.pair_pause(actor=request.user, pair=pair, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            messages.error(request, exc.message)
            return _back(pair)
        else:
            messages.success(
                request, _("The pair is paused; both members have been told by e-mail.")
            )
            return _back(pair)
    context = _pair_context(request, pair, pause_form=form)
    return render(request, "journey/health/health_pair.html", context, status=400)


@require(user_can_match)
@require_POST
def pair_resume(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = pairing_selectors.access_pair(user=request.user, pair_id=pair_id)
    try:
        lifecycle.pair_resume(actor=request.user, pair=pair)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The pair has resumed; both members have been told by e-mail."))
    return _back(pair)
