"""Helpers shared by the meetings tests: read the e-mails and their calendar files back with
vobject, an iCalendar parser independent of the library that writes them."""

import datetime as dt
import email
from email.message import Message

import vobject
from django.core import mail

from bascule.meetings import services

FORM = {
    "date": "2027-03-02",
    "time": "10:00",
    "time_zone": "Europe/Paris",
    "duration_minutes": "45",
    "location": "Café Lumière, 3rd floor",
    "video_url": "",
    "agenda": "AI tools for the controlling team",
}


def values(**changes) -> services.MeetingValues:
    data = {
        "date": dt.date(2027, 3, 2),
        "time": dt.time(10, 0),
        "time_zone": "Europe/Paris",
        "duration_minutes": 45,
        "location": "Café Lumière",
        "video_url": "",
        "agenda": "",
        **changes,
    }
    return services.MeetingValues(**data)


def mime(message) -> Message:
    """The message as it goes on the wire, parsed back."""
    return email.message_from_bytes(message.message().as_bytes())


def calendar_parts(message) -> list[Message]:
    return [part for part in mime(message).walk() if part.get_content_type() == "text/calendar"]


def parse_calendar(part: Message):
    """The calendar of a MIME part, parsed with vobject."""
    return vobject.readOne(part.get_payload(decode=True).decode())


def invitations_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]
