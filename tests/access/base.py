"""Shared vocabulary of the access matrix: roles, cases, helpers, and the objects every
area's cases can point at (built by `populate`).

Who is who (bascule.testing): Alice is HR admin; Paul manages Marketing; Léa is a
participant in Marketing; Sophie is the sponsor; Oscar is a participant with no employee
record. Anonymous visitors are redirected to the login page (302) by pages and get 401 from
the API. A role that can never use a page gets 403; an object out of someone's scope is a 404.

Shared objects (world.objects):
- "program": enrolling, open, managed by Paul; mentors level <= 3, mentees level >= 5.
- "other_program": a draft nobody but HR manages.
- "lea_application": Léa applies to "program" as a mentor (awaiting review).
- "bernard_application": Bernard applies to "program" as a mentee (awaiting review).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bascule.programs.models import (
    Application,
    ParticipantRole,
    Program,
    ProgramKind,
    ProgramStatus,
)
from bascule.testing import Company

ANON, HR, PM, MENTOR, SPONSOR, OUTSIDER = (
    "anonymous",
    "hr_admin",
    "program_manager",
    "participant",
    "sponsor",
    "outsider",
)
ROLES = (ANON, HR, PM, MENTOR, SPONSOR, OUTSIDER)

CSV = (
    "Matricule;Prénom;Nom;E-mail;Service;Niveau\n"
    "E900;Zoé;Garnier;zoe.garnier@example.com;Marketing;2\n"
).encode()


@dataclass
class World:
    company: Company
    objects: dict[str, Any] = field(default_factory=dict)


@dataclass
class Case:
    """One request and the status each role must get."""

    expect: dict[str, int]
    method: str = "GET"
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    data: dict[str, Any] = field(default_factory=dict)
    label: str = ""
    # The query string of a GET (filters), from the world's objects.
    query: Callable[[World], dict[str, Any]] = lambda world: {}


def everyone(status: int, **overrides: int) -> dict[str, int]:
    """Return `status` for every logged-in role and 302 for anonymous, with overrides."""
    return {
        ANON: 302,
        HR: status,
        PM: status,
        MENTOR: status,
        SPONSOR: status,
        OUTSIDER: status,
        **overrides,
    }


def api(status: int, **overrides: int) -> dict[str, int]:
    """Return `status` for every logged-in role and 401 for anonymous (API), with overrides."""
    return {**everyone(status), ANON: 401, **overrides}


HR_ONLY = everyone(403, **{HR: 200})
PEOPLE_MANAGERS = everyone(403, **{HR: 200, PM: 200})
PUBLIC_PAGE = dict.fromkeys(ROLES, 200)


def populate(world: World) -> None:
    """Create the objects shared by several areas' cases."""
    company = world.company
    program = Program.objects.create(
        name="Digital reverse mentoring",
        status=ProgramStatus.ENROLLING,
        open_enrollment=True,
        starts_on=dt.date(2027, 1, 11),
        ends_on=dt.date(2027, 6, 30),
        mentor_max_level=3,
        mentee_min_level=5,
        languages=["fr", "en"],
    )
    program.managers.add(company.paul)
    world.objects["program"] = program
    world.objects["other_program"] = Program.objects.create(
        name="Finance reciprocal mentoring",
        kind=ProgramKind.RECIPROCAL,
        starts_on=dt.date(2027, 2, 1),
        ends_on=dt.date(2027, 12, 15),
    )
    world.objects["lea_application"] = Application.objects.create(
        program=program, employee=company.lea, role=ParticipantRole.MENTOR, languages=["fr"]
    )
    world.objects["bernard_application"] = Application.objects.create(
        program=program, employee=company.bernard, role=ParticipantRole.MENTEE, languages=["fr"]
    )
