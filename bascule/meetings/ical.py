"""RFC 5545 calendar files for meetings, built with the icalendar library.

- An invitation is a VCALENDAR with METHOD:REQUEST (or METHOD:CANCEL with STATUS:CANCELLED),
  one VEVENT with the meeting's stable UID and SEQUENCE, DTSTART/DTEND in the meeting's time
  zone (TZID) and a VTIMEZONE describing that zone, ORGANIZER, ATTENDEE lines and DTSTAMP.
- A subscription feed is a VCALENDAR without METHOD holding every meeting of the user, and
  the events higher apps add through `register_feed_source` (the workshops a person
  registered for): meetings never import them.

`calendar`, `add_zones` and `person` are the pieces other apps' invitations are built with.

The VTIMEZONE is built by icalendar (`Timezone.from_tzinfo`) from the tz database for the
years of the dates used: each observance starts at the local time, in the offset in force
before it, when the offset changes (RFC 5545, 3.6.5): in Europe/Paris, summer time starts at
02:00 on the last Sunday of March.
"""

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.meetings.models import Meeting, MeetingStatus

PRODID = "-//Bascule//Meetings//EN"
UTC = dt.UTC


def vtimezone(zone: zoneinfo.ZoneInfo, first: dt.date, last: dt.date) -> icalendar.Timezone:
    """Return a VTIMEZONE for `zone` valid from `first` to `last`, widened to whole years:
    readers (dateutil, for one) need both the standard and the daylight observances.

    icalendar builds it from the tz database; for a change that moves the clocks forward, it
    gives the first local time after the gap (03:00 in Paris in March), while RFC 5545 wants
    the onset in the offset in force before it (TZOFFSETFROM, so 02:00): those starts are
    moved back by the size of the gap."""
    component = icalendar.Timezone.from_tzinfo(
        zone,
        zone.key,
        first_date=dt.date(first.year, 1, 1),
        last_date=dt.date(last.year + 1, 1, 1),
    )
    for part in component.subcomponents:
        gap = part.TZOFFSETTO - part.TZOFFSETFROM
        if gap <= dt.timedelta(0):
            continue
        part.DTSTART = part.DTSTART - gap
        lists = part.pop("RDATE", [])
        for dates in lists if isinstance(lists, list) else [lists]:
            part.add("RDATE", [item.dt - gap for item in dates.dts])
    return component


def calendar(method: str | None = None) -> icalendar.Calendar:
    """Return an empty VCALENDAR of Bascule, with METHOD when given (REQUEST, CANCEL)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


Span = tuple[zoneinfo.ZoneInfo, dt.datetime, dt.datetime]


def add_zones(calendar: icalendar.Calendar, spans: Iterable[Span]) -> None:
    """Add one VTIMEZONE per zone of `spans` (zone, start, end), covering all its dates."""
    dates: dict[str, tuple[zoneinfo.ZoneInfo, dt.date, dt.date]] = {}
    for zone, start, end in spans:
        first = start.astimezone(zone).date()
        last = end.astimezone(zone).date()
        if zone.key in dates:
            _zone, low, high = dates[zone.key]
            first, last = min(first, low), max(last, high)
        dates[zone.key] = (zone, first, last)
    for zone, first, last in dates.values():
        calendar.add_component(vtimezone(zone, first, last))


def _add_zones(calendar: icalendar.Calendar, meetings: Iterable[Meeting]) -> None:
    add_zones(calendar, ((m.zoneinfo, m.starts_at, m.ends_at) for m in meetings))


def person(user) -> icalendar.vCalAddress:
    """Return `user` as an ORGANIZER or ATTENDEE address (mailto, with their name)."""
    address = icalendar.vCalAddress(f"mailto:{user.email}")
    address.params["CN"] = user.get_full_name() or user.email
    return address


def summary(meeting: Meeting) -> str:
    pair = meeting.pair
    return _("Mentoring meeting: %(mentor)s and %(mentee)s") % {
        "mentor": pair.mentor.full_name,
        "mentee": pair.mentee.full_name,
    }


def timed_event(
    timed: Any,
    *,
    uid: str,
    sequence: int,
    stamp: dt.datetime,
    summary: str,
    cancelled: bool,
    place: str,
    notes: list[str],
    after: list[str] = (),
) -> icalendar.Event:
    """A VEVENT for anything with `starts_at`, `ends_at`, `zoneinfo` and `video_url` (a
    meeting, a workshop): its times in its zone, where it is, and a description made of
    `notes`, the video link and `after`."""
    zone = timed.zoneinfo
    item = icalendar.Event()
    item.add("uid", uid)
    item.add("sequence", sequence)
    item.add("dtstamp", stamp.astimezone(UTC))
    item.add("dtstart", timed.starts_at.astimezone(zone))
    item.add("dtend", timed.ends_at.astimezone(zone))
    item.add("summary", summary)
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    item.add("transp", "OPAQUE")
    location = place or timed.video_url
    if location:
        item.add("location", location)
    if timed.video_url:
        item.add("url", timed.video_url)
    description = list(notes)
    if timed.video_url:
        description.append(_("Video link: %(url)s") % {"url": timed.video_url})
    description.extend(after)
    if description:
        item.add("description", "\n\n".join(description))
    return item


def event(
    meeting: Meeting, *, members: list, stamp: dt.datetime, cancelled: bool = False
) -> icalendar.Event:
    """Return the meeting's VEVENT; `members` are the pair's two users (either may be None)."""
    extra = [meeting.cancel_message] if cancelled and meeting.cancel_message else []
    item = timed_event(
        meeting,
        uid=meeting.uid,
        sequence=meeting.sequence,
        stamp=stamp,
        summary=summary(meeting),
        cancelled=cancelled,
        place=meeting.location,
        notes=[meeting.agenda] if meeting.agenda else [],
        after=extra,
    )
    organiser = meeting.organiser
    if organiser is not None:
        address = person(organiser)
        item.add("organizer", address)
    for user in members:
        if user is None:
            continue
        address = person(user)
        address.params["ROLE"] = "REQ-PARTICIPANT"
        address.params["CUTYPE"] = "INDIVIDUAL"
        is_organiser = organiser is not None and user.pk == organiser.pk
        address.params["PARTSTAT"] = "ACCEPTED" if is_organiser else "NEEDS-ACTION"
        if not is_organiser and not cancelled:
            address.params["RSVP"] = "TRUE"
        item.add("attendee", address)
    return item


def invitation(meeting: Meeting, *, members: list, cancelled: bool = False) -> bytes:
    """Return the invitation (METHOD:REQUEST) or cancellation (METHOD:CANCEL) file."""
    result = calendar("CANCEL" if cancelled else "REQUEST")
    _add_zones(result, [meeting])
    result.add_component(event(meeting, members=members, stamp=timezone.now(), cancelled=cancelled))
    return result.to_ical()


@dataclass(frozen=True)
class FeedItem:
    """An event another app adds to a person's feed: its span (for the VTIMEZONE) and a
    function building its VEVENT for a DTSTAMP."""

    zone: zoneinfo.ZoneInfo
    starts_at: dt.datetime
    ends_at: dt.datetime
    build: Callable[[dt.datetime], icalendar.Event]


# Functions (user, since) -> FeedItems, registered by higher apps in their AppConfig.ready().
_feed_sources: list[Callable[[Any, dt.datetime], Iterable[FeedItem]]] = []


def register_feed_source(source: Callable[[Any, dt.datetime], Iterable[FeedItem]]) -> None:
    """Add the events `source(user, since)` to every feed (once per function)."""
    if source not in _feed_sources:
        _feed_sources.append(source)


def feed_items(user: Any, since: dt.datetime) -> list[FeedItem]:
    """The events the registered sources add to `user`'s feed, from `since` on."""
    return [item for source in _feed_sources for item in source(user, since)]


def feed(
    meetings: list[Meeting], *, members_of, name: str, extra: Iterable[FeedItem] = ()
) -> bytes:
    """Return a subscription calendar (no METHOD) with `meetings` and the `extra` events;
    `members_of(meeting)` gives the pair's two users."""
    extra = list(extra)
    result = calendar()
    result.add("x-wr-calname", name)
    result.add("x-published-ttl", "PT1H")
    result.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    add_zones(
        result,
        [(m.zoneinfo, m.starts_at, m.ends_at) for m in meetings]
        + [(item.zone, item.starts_at, item.ends_at) for item in extra],
    )
    stamp = timezone.now()
    for meeting in meetings:
        result.add_component(
            event(
                meeting,
                members=members_of(meeting),
                stamp=stamp,
                cancelled=meeting.status == MeetingStatus.CANCELLED,
            )
        )
    for item in extra:
        result.add_component(item.build(stamp))
    return result.to_ical()


def feed_name() -> str:
    return _("Bascule meetings")
