"""Reads for meetings. A pair's meetings belong to its two members: anyone else, HR
included, gets a 404 (pairs are fetched with `access_member_pair` of the pairing app)."""

import datetime as dt
import hashlib
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from bascule.accounts.models import User
from bascule.meetings import timing
from bascule.meetings.models import MAX_MINUTES, CalendarFeed, Meeting, MeetingStatus
from bascule.pairing.models import Pair, PairStatus
from bascule.pairing.selectors import access_member_pair, member_pairs

__all__ = ["access_member_pair"]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def member_meetings(*, user: Any) -> QuerySet[Meeting]:
    """Every meeting of the pairs `user` belongs to."""
    return Meeting.objects.select_related(
        "pair", "pair__program", "pair__mentor", "pair__mentee", "organiser"
    ).filter(pair__in=member_pairs(user=user))


def pair_meetings(*, pair: Pair) -> QuerySet[Meeting]:
    return Meeting.objects.select_related(
        "pair", "pair__program", "pair__mentor", "pair__mentee", "organiser"
    ).filter(pair=pair)


def access_meeting(*, user: Any, meeting_id: int, active: bool = False) -> Meeting:
    """Return a meeting of one of `user`'s pairs; anyone else gets a 404. With `active`,
    a meeting of an ended pair is a 404 too (writes)."""
    meetings = member_meetings(user=user).filter(pk=meeting_id)
    if active:
        meetings = meetings.filter(pair__status=PairStatus.ACTIVE)
    meeting = meetings.first()
    if meeting is None:
        raise Http404
    return meeting


def upcoming(meetings: QuerySet[Meeting], now: dt.datetime | None = None) -> QuerySet[Meeting]:
    """Scheduled meetings that may not have ended yet, soonest first (a meeting started
    less than MAX_MINUTES ago is included: compare `ends_at` to be exact)."""
    now = now or timezone.now()
    # A meeting lasts at most MAX_MINUTES: those that started earlier are over.
    return meetings.filter(
        status=MeetingStatus.SCHEDULED, starts_at__gt=now - dt.timedelta(minutes=MAX_MINUTES)
    ).order_by("starts_at", "id")


def next_meeting(*, user: Any, pair: Pair | None = None) -> Meeting | None:
    """The user's next scheduled meeting (in `pair` only, when given) not yet over."""
    meetings = member_meetings(user=user).filter(pair__status=PairStatus.ACTIVE)
    if pair is not None:
        meetings = meetings.filter(pair=pair)
    now = timezone.now()
    for meeting in upcoming(meetings, now)[:5]:
        if meeting.ends_at > now:
            return meeting
    return None


def next_meetings(
    *, user: Any, pairs: list[Pair], now: dt.datetime | None = None
) -> dict[int, Meeting]:
    """Return `next_meeting` of each of `pairs` (the user's) that has one, by pair id: one
    query whatever the number of pairs."""
    now = now or timezone.now()
    meetings = member_meetings(user=user).filter(
        pair__in=[pair.pk for pair in pairs], pair__status=PairStatus.ACTIVE
    )
    found: dict[int, Meeting] = {}
    for meeting in upcoming(meetings, now):
        if meeting.ends_at > now:
            found.setdefault(meeting.pair_id, meeting)
    return found


def partner_of(pair: Pair, user: Any):
    """The other member of the pair (an Employee)."""
    return pair.mentee if pair.mentor_id == user.employee_id else pair.mentor


# How far ahead the proposed times go, in days.
SLOT_HORIZON_DAYS = 56


def program_holidays(
    *, pair: Pair, zone, now: dt.datetime | None = None, language: str | None = None
) -> dict[dt.date, str]:
    """Return the public holidays of the pair's program's country in the days the proposed
    times cover (none when the program has no country), named in `language` if possible."""
    now = now or timezone.now()
    program = pair.program
    first = max(now.astimezone(zone).date(), program.starts_on)
    last = min(first + dt.timedelta(days=SLOT_HORIZON_DAYS), program.ends_on)
    if last < first:
        return {}
    return timing.public_holidays(program.country, first, last, language=language)


def suggested_slots(
    *, pair: Pair, zone, now: dt.datetime | None = None, count: int = 6
) -> list[timing.Slot]:
    """The next concrete times both members said they are available, in `zone`, public
    holidays of the program's country skipped."""
    now = now or timezone.now()
    codes = timing.common_slots(
        pair.mentor_application.availability, pair.mentee_application.availability
    )
    if not codes:
        return []
    busy = [
        m.starts_at.astimezone(zone).date()
        for m in pair_meetings(pair=pair).filter(status=MeetingStatus.SCHEDULED, starts_at__gte=now)
    ]
    return timing.next_slots(
        codes,
        zone=zone,
        now=now,
        first_day=pair.program.starts_on,
        last_day=pair.program.ends_on,
        busy_days=busy,
        closed_days=program_holidays(pair=pair, zone=zone, now=now),
        count=count,
        horizon_days=SLOT_HORIZON_DAYS,
    )


def feed_user(*, token: str) -> User:
    """The user whose calendar feed `token` opens; an unknown or revoked token is a 404."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_token(token), user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    return feed.user


def feed_since() -> dt.datetime:
    """How far back a feed goes: 180 days."""
    return timezone.now() - dt.timedelta(days=180)


def feed_meetings(*, user: Any) -> list[Meeting]:
    """The meetings a user's feed shows: those of their pairs, from 180 days ago on."""
    since = feed_since()
    return list(member_meetings(user=user).filter(starts_at__gte=since).order_by("starts_at", "id"))


def user_feed(*, user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()
