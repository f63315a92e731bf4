"""Writes for meetings: schedule, reschedule, cancel, record the outcome, calendar feeds.

Each write runs in one transaction with one audit entry; the invitations (an e-mail with a
calendar file to both members, each in their language) leave once the transaction commits.
"""

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.core.notify import notify
from bascule.meetings import selectors, timing
from bascule.meetings.models import (
    MAX_MINUTES,
    MIN_MINUTES,
    CalendarFeed,
    Meeting,
    MeetingOutcome,
    MeetingStatus,
)
from bascule.pairing.models import Pair, PairStatus
from bascule.programs.models import MeetingFormat

LOG_MAX_LENGTH = 2000


@dataclass
class MeetingValues:
    """What a member types to schedule or reschedule a meeting."""

    date: dt.date
    time: dt.time
    time_zone: str
    duration_minutes: int
    location: str = ""
    video_url: str = ""
    agenda: str = ""


def _when_words(day: dt.date, time: dt.time) -> dict[str, str]:
    return {
        "date": date_format(day, "DATE_FORMAT"),
        "time": time.strftime("%H:%M"),
    }


def schedule_errors(
    values: MeetingValues, *, pair: Pair, now: dt.datetime | None = None
) -> tuple[dt.datetime | None, dict[str, list[str]]]:
    """Return the UTC start of the meeting `values` describe and the errors by field."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    starts_at = None
    zone = timing.get_zone(values.time_zone)
    if zone is None:
        add("time_zone", _("Choose a time zone from the list."))
    else:
        words = {**_when_words(values.date, values.time), "zone": values.time_zone}
        try:
            starts_at = timing.to_utc(values.date, values.time, zone)
        except timing.LocalTimeError as exc:
            if exc.code == "nonexistent":
                add(
                    "time",
                    _(
                        "%(time)s does not exist on %(date)s in %(zone)s: the clocks go "
                        "forward that night. Choose another time."
                    )
                    % words,
                )
            else:
                add(
                    "time",
                    _(
                        "%(time)s happens twice on %(date)s in %(zone)s: the clocks go back "
                        "that night. Choose another time."
                    )
                    % words,
                )
    if starts_at is not None and starts_at <= now:
        add("date", _("This date and time are in the past. Choose a time to come."))
    if not MIN_MINUTES <= (values.duration_minutes or 0) <= MAX_MINUTES:
        add(
            "duration_minutes",
            _("A meeting lasts between %(min)d and %(max)d minutes.")
            % {"min": MIN_MINUTES, "max": MAX_MINUTES},
        )
    elif starts_at is not None and zone is not None:
        program = pair.program
        first = starts_at.astimezone(zone).date()
        last = (starts_at + dt.timedelta(minutes=values.duration_minutes)).astimezone(zone).date()
        if first < program.starts_on or last > program.ends_on:
            add(
                "date",
                _("The meeting must take place during the program, from %(start)s to %(end)s.")
                % {
                    "start": date_format(program.starts_on, "DATE_FORMAT"),
                    "end": date_format(program.ends_on, "DATE_FORMAT"),
                },
            )
    if not values.location.strip() and not values.video_url.strip():
        # On the field the program's format makes the likelier answer.
        field = "video_url" if pair.program.format == MeetingFormat.VIRTUAL else "location"
        add(field, _("Give a place, a video link, or both: the meeting needs at least one."))
    if values.video_url and not values.video_url.lower().startswith(("https://", "http://")):
        add("video_url", _("Enter a web address starting with https://."))
    return starts_at, errors


def _valid_start(values: MeetingValues, pair: Pair) -> dt.datetime:
    starts_at, errors = schedule_errors(values, pair=pair)
    if errors:
        raise ValidationFailed(errors)
    assert starts_at is not None
    return starts_at


def _fields(values: MeetingValues, starts_at: dt.datetime) -> dict[str, Any]:
    """Return the meeting's fields that `values` set, by name."""
    return {
        "starts_at": starts_at,
        "time_zone": values.time_zone,
        "duration_minutes": values.duration_minutes,
        "location": values.location.strip(),
        "video_url": values.video_url.strip(),
        "agenda": values.agenda.strip(),
    }


def _changes(meeting: Meeting) -> dict[str, Any]:
    return {
        "pair_id": meeting.pair_id,
        "starts_at": meeting.starts_at.isoformat(),
        "time_zone": meeting.time_zone,
        "duration_minutes": meeting.duration_minutes,
        "sequence": meeting.sequence,
    }


def _lock_pair(pair: Pair) -> Pair:
    """Lock the pair row (writes of one pair's meetings queue up); an ended pair is refused."""
    locked = Pair.objects.select_for_update().select_related("program").get(pk=pair.pk)
    if locked.status != PairStatus.ACTIVE:
        raise ConflictError(_("This pair has ended."), code="pair_ended")
    return locked


def meeting_schedule(
    *,
    actor: Any,
    pair: Pair,
    values: MeetingValues,
    submission: idempotency.Submission | None = None,
) -> Meeting:
    """Schedule a meeting of `pair`, organised by `actor`, and invite both members.

    The same `submission` sent again (a form sent twice, an API retry) creates no second
    meeting: it raises AlreadySubmitted.
    """
    with transaction.atomic():
        pair = _lock_pair(pair)
        claim = idempotency.claim(actor=actor, scope="meetings.schedule", submission=submission)
        starts_at = _valid_start(values, pair)
        meeting = Meeting.objects.create(pair=pair, organiser=actor, **_fields(values, starts_at))
        claim.done(meeting)
        audit_record(
            actor=actor, action="meeting.schedule", target=meeting, changes=_changes(meeting)
        )
        meeting_id = meeting.pk
        notify(
            "meeting_invitation",
            meeting_id=meeting_id,
            kind="invitation",
            actor_id=getattr(actor, "pk", None),
        )
    return meeting


def _lock_meeting(meeting: Meeting, version: int | None) -> Meeting:
    current = (
        Meeting.objects.select_for_update()
        .select_related("pair", "pair__program")
        .get(pk=meeting.pk)
    )
    if version is not None and current.version != version:
        raise ConflictError(
            _(
                "This meeting was changed by your partner meanwhile. Here is the new version: "
                "check it and make your change again."
            ),
            code="stale_version",
        )
    if current.status != MeetingStatus.SCHEDULED:
        raise ConflictError(_("This meeting is cancelled."), code="cancelled")
    return current


def meeting_reschedule(
    *, actor: Any, meeting: Meeting, values: MeetingValues, version: int | None
) -> Meeting:
    """Change a meeting's date, time, place or agenda; both members get the new invitation
    (same UID, SEQUENCE one higher)."""
    with transaction.atomic():
        _lock_pair(meeting.pair)
        current = _lock_meeting(meeting, version)
        if current.outcome:
            raise ConflictError(
                _("The outcome of this meeting is recorded: schedule a new meeting instead."),
                code="outcome_recorded",
            )
        before = _changes(current)
        starts_at = _valid_start(values, current.pair)
        fields = _fields(values, starts_at)
        for name, value in fields.items():
            setattr(current, name, value)
        current.sequence += 1
        current.version += 1
        current.save(update_fields=[*fields, "sequence", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="meeting.reschedule",
            target=current,
            changes={"before": before, "after": _changes(current)},
        )
        meeting_id = current.pk
        notify(
            "meeting_invitation",
            meeting_id=meeting_id,
            kind="update",
            actor_id=getattr(actor, "pk", None),
        )
    return current


def meeting_cancel(
    *, actor: Any, meeting: Meeting, message: str = "", version: int | None = None
) -> Meeting:
    """Cancel a meeting: both members get a METHOD:CANCEL (same UID, SEQUENCE one higher)
    with the optional message."""
    with transaction.atomic():
        current = _lock_meeting(meeting, version)
        if current.outcome:
            raise ConflictError(
                _("The outcome of this meeting is recorded already."), code="outcome_recorded"
            )
        current.status = MeetingStatus.CANCELLED
        current.cancel_message = message.strip()[:LOG_MAX_LENGTH]
        current.cancelled_at = timezone.now()
        current.sequence += 1
        current.version += 1
        current.save(
            update_fields=[
                "status",
                "cancel_message",
                "cancelled_at",
                "sequence",
                "version",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action="meeting.cancel",
            target=current,
            changes={**_changes(current), "message": bool(current.cancel_message)},
        )
        meeting_id = current.pk
        notify(
            "meeting_invitation",
            meeting_id=meeting_id,
            kind="cancellation",
            actor_id=getattr(actor, "pk", None),
        )
    return current


def meeting_record_outcome(
    *, actor: Any, meeting: Meeting, outcome: str, log: str = "", version: int | None = None
) -> Meeting:
    """Record how a meeting went (held, cancelled, no-show) with a short log, once it has
    started. Recording again replaces the outcome."""
    errors: dict[str, list[str]] = {}
    if outcome not in MeetingOutcome.values:
        errors["outcome"] = [_("Choose what happened.")]
    if len(log or "") > LOG_MAX_LENGTH:
        errors["log"] = [_("Keep the log under %(max)d characters.") % {"max": LOG_MAX_LENGTH}]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        current = _lock_meeting(meeting, version)
        if current.starts_at > timezone.now():
            raise DomainError(
                _("You can record what happened once the meeting has started."),
                code="not_started",
            )
        current.outcome = outcome
        current.outcome_log = (log or "").strip()
        current.outcome_recorded_at = timezone.now()
        current.outcome_by = actor
        current.version += 1
        current.save(
            update_fields=[
                "outcome",
                "outcome_log",
                "outcome_recorded_at",
                "outcome_by",
                "version",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action="meeting.outcome",
            target=current,
            changes={"outcome": outcome, "log": bool(current.outcome_log)},
        )
    return current


# --- Calendar feed -----------------------------------------------------------------------------


def feed_regenerate(*, actor: Any, submission: idempotency.Submission | None = None) -> str:
    """Give `actor` a new private feed token (the previous one stops working) and return it.

    Only its hash is stored: the token is shown once. The same `submission` sent again
    raises AlreadySubmitted (the token cannot be shown again).
    """
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        claim = idempotency.claim(actor=actor, scope="meetings.feed", submission=submission)
        CalendarFeed.objects.filter(user=actor).delete()
        feed = CalendarFeed.objects.create(user=actor, token_hash=selectors.hash_token(token))
        claim.done(feed)
        audit_record(actor=actor, action="meeting.feed_regenerate", target=feed)
    return token


def feed_revoke(*, actor: Any) -> bool:
    """Revoke `actor`'s feed: its URL answers 404 from now on. False when there was none."""
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(user=actor).first()
        if feed is None:
            return False
        audit_record(actor=actor, action="meeting.feed_revoke", target=feed)
        feed.delete()
    return True


def feed_touch(user: Any) -> None:
    CalendarFeed.objects.filter(user=user).update(last_used_at=timezone.now())
