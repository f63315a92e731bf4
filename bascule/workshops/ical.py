"""Calendar files of workshops, built with the meetings' pieces (bascule/meetings/ical.py):
the same VCALENDAR, VTIMEZONE and addresses.

Each registration is its own event: its UID is the registration's, its SEQUENCE the
workshop's plus the registration's (both only grow), so a new time, a cancelled place or a
cancelled workshop replaces what the person's calendar holds. An invitation is METHOD:REQUEST,
a cancellation METHOD:CANCEL with STATUS:CANCELLED; the feed (no METHOD) holds the person's
workshops through `register_feed_source`.
"""

import datetime as dt
from functools import partial
from typing import Any

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.meetings import ical
from bascule.workshops import selectors
from bascule.workshops.models import Registration, RegistrationStatus


def is_cancelled(registration: Registration) -> bool:
    return registration.status == RegistrationStatus.CANCELLED or registration.workshop.is_cancelled


def event(registration: Registration, *, user: Any, stamp: dt.datetime) -> icalendar.Event:
    """The VEVENT of `registration` for its person (`user`, their account)."""
    workshop = registration.workshop
    item = ical.timed_event(
        workshop,
        uid=registration.uid,
        sequence=registration.calendar_sequence,
        stamp=stamp,
        summary=_("Workshop: %(title)s") % {"title": workshop.title},
        cancelled=is_cancelled(registration),
        place=workshop.place,
        notes=[workshop.description] if workshop.description else [],
    )
    if user is not None:
        address = ical.person(user)
        address.params["ROLE"] = "REQ-PARTICIPANT"
        address.params["CUTYPE"] = "INDIVIDUAL"
        address.params["PARTSTAT"] = "ACCEPTED"
        item.add("attendee", address)
    return item


def invitation(registration: Registration, *, user: Any) -> tuple[bytes, str]:
    """The file sent to the person and its METHOD: REQUEST, or CANCEL when their place or the
    workshop is cancelled."""
    method = "CANCEL" if is_cancelled(registration) else "REQUEST"
    result = ical.calendar(method)
    workshop = registration.workshop
    ical.add_zones(result, [(workshop.zoneinfo, workshop.starts_at, workshop.ends_at)])
    result.add_component(event(registration, user=user, stamp=timezone.now()))
    return result.to_ical(), method


def feed_source(user: Any, since: dt.datetime) -> list[ical.FeedItem]:
    """The person's workshops for their calendar feed (built in the feed's language)."""
    if not user.employee_id:
        return []
    return [
        ical.FeedItem(
            zone=registration.workshop.zoneinfo,
            starts_at=registration.workshop.starts_at,
            ends_at=registration.workshop.ends_at,
            build=partial(_feed_event, registration, user),
        )
        for registration in selectors.calendar_registrations(
            employee_id=user.employee_id, since=since
        )
    ]


def _feed_event(registration: Registration, user: Any, stamp: dt.datetime) -> icalendar.Event:
    return event(registration, user=user, stamp=stamp)
