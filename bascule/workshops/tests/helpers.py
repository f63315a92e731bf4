"""Helpers of the workshops tests: a workshop made through the service, people to register,
the e-mails and calendar files they received (parsed back with vobject)."""

import datetime as dt

from django.core import mail

from bascule.accounts.models import Role
from bascule.meetings.tests.helpers import calendar_parts, parse_calendar
from bascule.testing import make_employee, make_user
from bascule.workshops import services

# Tests run at NOW (conftest): the workshop is three days later, at 10:00 in Paris.
NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
STARTS = dt.datetime(2027, 3, 4, 9, 0, tzinfo=dt.UTC)


def data(**changes) -> dict:
    return {
        "title": "Giving feedback",
        "description": "How to give **useful** feedback.",
        "audience": "both",
        "starts_at": STARTS,
        "time_zone": "Europe/Paris",
        "duration_minutes": 90,
        "place": "Room Lumière",
        "video_url": "",
        "capacity": 2,
        "facilitator": None,
        "programs": [],
        "modules": [],
        **changes,
    }


def make_workshop(actor, **changes):
    return services.workshop_create(actor=actor, data=data(**changes))


def make_people(count: int, *, start: int = 100) -> list:
    """`count` participants with an account, reading English."""
    users = []
    for n in range(start, start + count):
        employee = make_employee(f"W{n}", f"Person{n}", f"Family{n}")
        users.append(
            make_user(f"person{n}.family@example.com", Role.PARTICIPANT, employee=employee)
        )
    return users


def mails_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def calendar_of(message):
    """The calendar file attached to `message`, parsed (None without one)."""
    parts = calendar_parts(message)
    return parse_calendar(parts[0]) if parts else None
