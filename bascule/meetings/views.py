"""Meeting pages: a pair's meetings, scheduling, rescheduling, cancelling, the outcome, the
private calendar subscription and its feed. A pair's pages are for its two members only
(anyone else: 404)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bascule.core import idempotency
from bascule.core.confirm import Confirmation, confirmation_page, confirmed
from bascule.core.emails import absolute_url
from bascule.core.errors import ConflictError, DomainError
from bascule.core.forms import add_errors
from bascule.core.page_cache import cached_page
from bascule.core.permissions import require, user_has_pairs
from bascule.core.time_zones import zone_label
from bascule.meetings import ical, selectors, services, timing
from bascule.meetings.forms import CancelForm, MeetingForm, OutcomeForm
from bascule.meetings.models import MAX_MINUTES, MIN_MINUTES, Meeting
from bascule.pairing import selectors as pairing_selectors
from bascule.pairing.models import Pair, PairStatus
from bascule.programs.countries import country_name

# Times proposed on the scheduling form.
SLOT_COUNT = 6


def _detail(meeting: Meeting) -> str:
    return reverse("meetings:detail", kwargs={"meeting_id": meeting.pk})


def _pair_context(request: HttpRequest, pair: Pair) -> dict[str, Any]:
    return {
        "pair": pair,
        "partner": selectors.partner_of(pair, request.user),
        "active": pair.status == PairStatus.ACTIVE,
    }


@cached_page
@require(user_has_pairs)
def my_meetings(request: HttpRequest) -> HttpResponse:
    """The user's pairs with their coming meetings."""
    pairs = list(selectors.member_pairs(user=request.user))
    now = timezone.now()
    meetings = [
        m
        for m in selectors.upcoming(selectors.member_meetings(user=request.user), now)
        if m.ends_at > now
    ]
    rows = [
        {
            "pair": pair,
            "partner": selectors.partner_of(pair, request.user),
            "meetings": [m for m in meetings if m.pair_id == pair.pk],
        }
        for pair in pairs
    ]
    return render(request, "meetings/my_meetings.html", {"rows": rows})


def pair_meetings(request: HttpRequest, pair_id: int) -> HttpResponse:
    """A pair's meetings: those to come, then the past and cancelled ones."""
    pair = selectors.access_member_pair(user=request.user, pair_id=pair_id)
    now = timezone.now()
    meetings = list(selectors.pair_meetings(pair=pair))
    coming = [m for m in meetings if m.is_scheduled and m.ends_at > now]
    past = [m for m in reversed(meetings) if m not in coming]
    context = {**_pair_context(request, pair), "coming": coming, "past": past}
    return render(request, "meetings/pair_meetings.html", context)


def _slots_context(request: HttpRequest, pair: Pair, zone_name: str) -> dict[str, Any]:
    """Return the proposed times, in `zone_name`, and the public holidays they skip."""
    zone = timing.get_zone(zone_name) or request.user.zoneinfo
    slots = selectors.suggested_slots(pair=pair, zone=zone, count=SLOT_COUNT)
    holidays = selectors.program_holidays(pair=pair, zone=zone, language=translation.get_language())
    # The holidays skipped before the last time proposed, when the list is full.
    until = slots[-1].starts_at.date() if len(slots) >= SLOT_COUNT else None
    country = pair.program.country
    return {
        "slots": slots,
        "slot_zone": zone_label(zone.key),
        "holiday_country": country_name(country) if country else "",
        "skipped_holidays": [
            {"date": day, "name": name}
            for day, name in holidays.items()
            if until is None or day <= until
        ],
    }


def _created_url(meeting: Meeting | None, pair_id: int) -> str:
    return _detail(meeting) if meeting else reverse("meetings:pair", kwargs={"pair_id": pair_id})


@idempotency.form_view(url=_created_url)
def meeting_create(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Schedule a meeting; the next times both members are available are proposed."""
    pair = selectors.access_member_pair(user=request.user, pair_id=pair_id, active=True)
    if request.method == "POST":
        form = MeetingForm(request.POST, pair=pair, user=request.user)
        if form.is_valid():
            try:
                meeting = services.meeting_schedule(
                    actor=request.user,
                    pair=pair,
                    values=form.values(),
                    submission=idempotency.submission(request),
                )
            except DomainError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The meeting is scheduled. You and your partner received the invitation."),
                )
                return redirect(_detail(meeting))
        zone_name = request.POST.get("time_zone") or request.user.time_zone
    else:
        zone_name = request.user.time_zone
        initial = {
            "time_zone": zone_name,
            "duration_minutes": min(max(pair.program.meeting_minutes, MIN_MINUTES), MAX_MINUTES),
        }
        for key in ("date", "time"):
            if request.GET.get(key):
                initial[key] = request.GET[key]
        form = MeetingForm(initial=initial, pair=pair, user=request.user)
    context = {
        **_pair_context(request, pair),
        "form": form,
        **_slots_context(request, pair, zone_name),
    }
    return render(request, "meetings/meeting_form.html", context)


def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.access_meeting(user=request.user, meeting_id=meeting_id)
    context = {
        **_pair_context(request, meeting.pair),
        "meeting": meeting,
        "started": meeting.starts_at <= timezone.now(),
    }
    return render(request, "meetings/meeting_detail.html", context)


def _initial(meeting: Meeting) -> dict[str, Any]:
    local = meeting.local_start
    return {
        "date": local.date(),
        "time": local.time().replace(second=0, microsecond=0),
        "time_zone": meeting.time_zone,
        "duration_minutes": meeting.duration_minutes,
        "location": meeting.location,
        "video_url": meeting.video_url,
        "agenda": meeting.agenda,
        "version": meeting.version,
    }


def _refused(request: HttpRequest, meeting: Meeting, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect(_detail(meeting))


def meeting_reschedule(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Change the date, time, place or agenda; both members get the updated invitation."""
    meeting = selectors.access_meeting(user=request.user, meeting_id=meeting_id, active=True)
    if not meeting.is_scheduled:
        return _refused(request, meeting, _("This meeting is cancelled."))
    if meeting.outcome:
        return _refused(
            request,
            meeting,
            _("The outcome of this meeting is recorded: schedule a new meeting instead."),
        )
    if request.method == "POST":
        form = MeetingForm(request.POST, pair=meeting.pair, user=request.user)
        if form.is_valid():
            try:
                meeting = services.meeting_reschedule(
                    actor=request.user,
                    meeting=meeting,
                    values=form.values(),
                    version=form.cleaned_data.get("version"),
                )
            except ConflictError as exc:
                meeting.refresh_from_db()
                data = request.POST.copy()
                data["version"] = str(meeting.version)
                form = MeetingForm(data, pair=meeting.pair, user=request.user)
                form.is_valid()
                add_errors(form, exc)
            except DomainError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request, _("The meeting is changed. You and your partner received the update.")
                )
                return redirect(_detail(meeting))
    else:
        initial = _initial(meeting)
        for key in ("date", "time"):
            if request.GET.get(key):
                initial[key] = request.GET[key]
        form = MeetingForm(initial=initial, pair=meeting.pair, user=request.user)
    context = {
        **_pair_context(request, meeting.pair),
        "form": form,
        "meeting": meeting,
        **_slots_context(request, meeting.pair, meeting.time_zone),
    }
    return render(request, "meetings/meeting_form.html", context)


def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Cancel a meeting, with an optional message to the partner."""
    meeting = selectors.access_meeting(user=request.user, meeting_id=meeting_id, active=True)
    if not meeting.is_scheduled:
        return _refused(request, meeting, _("This meeting is cancelled."))
    if request.method == "POST":
        form = CancelForm(request.POST)
        if form.is_valid():
            try:
                services.meeting_cancel(
                    actor=request.user,
                    meeting=meeting,
                    message=form.cleaned_data["message"],
                    version=form.cleaned_data.get("version"),
                )
            except DomainError as exc:
                return _refused(request, meeting, exc.message)
            messages.success(
                request, _("The meeting is cancelled. You and your partner were told by e-mail.")
            )
            return redirect(_detail(meeting))
    else:
        form = CancelForm(initial={"version": meeting.version})
    context = {**_pair_context(request, meeting.pair), "form": form, "meeting": meeting}
    return render(request, "meetings/meeting_cancel.html", context)


def meeting_outcome(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Record whether the meeting was held, cancelled or a no-show, with a short log."""
    meeting = selectors.access_meeting(user=request.user, meeting_id=meeting_id, active=True)
    if not meeting.is_scheduled:
        return _refused(request, meeting, _("This meeting is cancelled."))
    if meeting.starts_at > timezone.now():
        return _refused(
            request, meeting, _("You can record what happened once the meeting has started.")
        )
    if request.method == "POST":
        form = OutcomeForm(request.POST)
        if form.is_valid():
            try:
                services.meeting_record_outcome(
                    actor=request.user,
                    meeting=meeting,
                    outcome=form.cleaned_data["outcome"],
                    log=form.cleaned_data["log"],
                    version=form.cleaned_data.get("version"),
                )
            except DomainError as exc:
                return _refused(request, meeting, exc.message)
            messages.success(request, _("The outcome is recorded."))
            return redirect(_detail(meeting))
    else:
        form = OutcomeForm(
            initial={
                "outcome": meeting.outcome or None,
                "log": meeting.outcome_log,
                "version": meeting.version,
            }
        )
    context = {**_pair_context(request, meeting.pair), "form": form, "meeting": meeting}
    return render(request, "meetings/meeting_outcome.html", context)


# --- Calendar subscription ---------------------------------------------------------------------


def feed_url(token: str) -> str:
    return absolute_url(reverse("meetings:feed", kwargs={"token": token}))


@require(user_has_pairs)
@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    """The private calendar subscription: create, regenerate or revoke it."""
    feed = selectors.user_feed(user=request.user)
    return render(request, "meetings/calendar.html", {"feed": feed, "new_url": None})


@require(user_has_pairs)
@require_POST
def calendar_regenerate(request: HttpRequest) -> HttpResponse:
    """A new private URL, shown once on the page this answers with; the old one stops
    (once confirmed, when there is an old one)."""
    if selectors.user_feed(user=request.user) is not None and not confirmed(request):
        return confirmation_page(
            request,
            Confirmation(
                title=_("Make a new calendar address?"),
                action=request.path,
                confirm_label=_("Yes, make a new address"),
                back_url=reverse("meetings:calendar"),
                back_label=_("Back to my calendar address"),
                happens=[
                    _("A new address is made and shown once, to copy into your calendar app."),
                    _(
                        "The current address stops working at once: calendars subscribed to it "
                        "no longer receive your meetings."
                    ),
                ],
                afterwards=[_("This cannot be undone: the old address cannot work again.")],
            ),
        )
    token = services.feed_regenerate(actor=request.user)
    feed = selectors.user_feed(user=request.user)
    messages.success(
        request, _("Your new calendar address is ready. Copy it now: it is shown only once.")
    )
    return render(request, "meetings/calendar.html", {"feed": feed, "new_url": feed_url(token)})


@require(user_has_pairs)
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    """Delete the private URL, once confirmed: calendars subscribed to it stop updating."""
    if selectors.user_feed(user=request.user) is not None and not confirmed(request):
        return confirmation_page(
            request,
            Confirmation(
                title=_("Revoke your calendar address?"),
                action=request.path,
                confirm_label=_("Yes, revoke the address"),
                back_url=reverse("meetings:calendar"),
                back_label=_("Back to my calendar address"),
                happens=[
                    _(
                        "The address stops working at once: calendars subscribed to it no "
                        "longer receive your meetings."
                    )
                ],
                afterwards=[
                    _("This cannot be undone: to subscribe again, you will make a new address.")
                ],
            ),
        )
    if services.feed_revoke(actor=request.user):
        messages.success(request, _("Your calendar address is revoked: it no longer works."))
    return redirect("meetings:calendar")


@login_not_required
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The .ics feed of a private URL: no login; an unknown or revoked token is a 404."""
    user = selectors.feed_user(token=token)
    if not user_has_pairs(user):
        raise Http404
    return feed_response(user)


def feed_response(user) -> HttpResponse:
    """The user's meetings as a subscription calendar, in their language."""
    members: dict[int, list] = {}

    def members_of(meeting: Meeting) -> list:
        if meeting.pair_id not in members:
            members[meeting.pair_id] = list(pairing_selectors.pair_users(meeting.pair))
        return members[meeting.pair_id]

    with translation.override(user.language):
        content = ical.feed(
            selectors.feed_meetings(user=user),
            members_of=members_of,
            name=ical.feed_name(),
            extra=ical.feed_items(user, selectors.feed_since()),
        )
    services.feed_touch(user)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="bascule.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
