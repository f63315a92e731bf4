"""Builders of the certificates tests: a finished program with pairs whose facts are set."""

import datetime as dt

from django.utils import timezone

from bascule.accounts.models import Role
from bascule.journey.models import KickoffConfirmation
from bascule.meetings.models import Meeting, MeetingOutcome
from bascule.pairing.models import Pair, PairStatus
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    ParticipantRole,
    Program,
    ProgramStatus,
)
from bascule.testing import make_employee, make_user

TODAY = dt.date(2026, 12, 6)


def make_program(name="Mentorat inversé 2026", *, closed=True, **fields) -> Program:
    today = timezone.localdate()
    return Program.objects.create(
        name=name,
        status=ProgramStatus.CLOSED if closed else ProgramStatus.RUNNING,
        starts_on=today - dt.timedelta(days=200),
        ends_on=today - dt.timedelta(days=10) if closed else today + dt.timedelta(days=60),
        **fields,
    )


def make_pair(
    program: Program,
    mentor,
    mentee,
    *,
    meetings: int = 3,
    charter: bool = True,
    ended_early: bool = False,
) -> Pair:
    apps = {
        role: Application.objects.create(
            program=program, employee=who, role=role, status=ApplicationStatus.APPROVED
        )
        for role, who in ((ParticipantRole.MENTOR, mentor), (ParticipantRole.MENTEE, mentee))
    }
    published = timezone.now() - dt.timedelta(days=150)
    pair = Pair.objects.create(
        program=program,
        mentor=mentor,
        mentor_application=apps[ParticipantRole.MENTOR],
        mentee=mentee,
        mentee_application=apps[ParticipantRole.MENTEE],
        published_at=published,
        status=PairStatus.ENDED if ended_early else PairStatus.ACTIVE,
        ended_at=timezone.now() - dt.timedelta(days=100) if ended_early else None,
    )
    if charter:
        for member in (mentor, mentee):
            KickoffConfirmation.objects.create(
                pair=pair,
                member=member,
                charter_accepted=True,
                confidentiality=True,
                meeting_frequency="fortnightly",
                channel="video",
                confirmed_at=published,
            )
    for n in range(meetings):
        Meeting.objects.create(
            pair=pair,
            starts_at=published + dt.timedelta(days=14 * (n + 1)),
            duration_minutes=45,
            outcome=MeetingOutcome.HELD,
        )
    return pair


def make_people(count: int, prefix: str = "C") -> list:
    people = []
    for n in range(count):
        employee = make_employee(f"{prefix}{n:04d}", f"Prénom{n}", f"Nom{prefix}{n:04d}")
        make_user(f"{prefix.lower()}{n}@example.com", Role.PARTICIPANT, employee=employee)
        people.append(employee)
    return people
