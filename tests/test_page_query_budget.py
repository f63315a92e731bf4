"""Every key page answers with at most QUERY_BUDGET SQL queries, whatever the data size.

The key pages are those people open most: each role's home, the directory, a pair's space and
meetings, the matching workbench, pair health and survey results. Each is opened on the demo
company (`seed_demo`, seeded once for the module in a transaction rolled back at its end) as
the demo login whose page it is, session and authentication queries included; then again
after MORE of everything was added (people, pairs, meetings, check-ins, goals, notes, survey
answers, applications, proposals): the count must not grow.
"""

import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import count

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bascule.accounts.models import User
from bascule.evaluations.models import Response, Survey
from bascule.journey.models import CheckIn, Goal, GoalDirection, Pulse, SharedNote
from bascule.meetings.models import Meeting
from bascule.pairing.models import MatchRun, Pair, PairStatus, Proposal
from bascule.people.models import Department, Employee
from bascule.programs.models import Application, ApplicationStatus, ParticipantRole, Program

# 12 until the home page showed the participant's badges (their awards, one query).
QUERY_BUDGET = 13
MORE = 15  # pairs, people, meetings… added before the second measure


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Seed the demo once for the module, in a transaction rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def login(email: str) -> User:
    return User.objects.get(email=f"{email}@bascule.example")


def mentees_pair() -> Pair:
    return Pair.objects.filter(mentee=login("mentee").employee).order_by("-pk").first()


def answered_survey() -> Survey:
    return Survey.objects.filter(program=mentees_pair().program, responses__isnull=False).first()


def open_program() -> Program:
    """The program the demo's matching workbench works on (applications, no pairs yet)."""
    return (
        Program.objects.filter(applications__status=ApplicationStatus.APPROVED, pairs=None)
        .distinct()
        .order_by("pk")
        .first()
    )


@dataclass
class Page:
    login: str
    url: Callable[[], str]


PAGES = {
    "HR admin: home": Page("hr-admin", lambda: "/"),
    "program manager: home": Page("program-manager", lambda: "/"),
    "sponsor: home": Page("sponsor", lambda: "/"),
    "mentor: home": Page("mentor", lambda: "/"),
    "mentee: home": Page("mentee", lambda: "/"),
    "HR admin: directory": Page("hr-admin", lambda: reverse("people:directory")),
    "program manager: directory": Page("program-manager", lambda: reverse("people:directory")),
    "mentee: pair space": Page(
        "mentee", lambda: reverse("journey:pair_space", args=[mentees_pair().pk])
    ),
    "mentor: pair space": Page(
        "mentor",
        lambda: reverse(
            "journey:pair_space",
            args=[Pair.objects.filter(mentor=login("mentor").employee).order_by("-pk")[0].pk],
        ),
    ),
    "mentee: meetings of the pair": Page(
        "mentee", lambda: reverse("meetings:pair", args=[mentees_pair().pk])
    ),
    "mentee: my meetings": Page("mentee", lambda: reverse("meetings:mine")),
    "HR admin: matching workbench": Page(
        "hr-admin", lambda: reverse("pairing:workbench", args=[mentees_pair().program_id])
    ),
    "HR admin: matching workbench before pairs": Page(
        "hr-admin", lambda: reverse("pairing:workbench", args=[open_program().pk])
    ),
    "HR admin: pair health of a program": Page(
        "hr-admin", lambda: reverse("journey:health_program", args=[mentees_pair().program_id])
    ),
    "HR admin: pair health of a pair": Page(
        "hr-admin", lambda: reverse("journey:health_pair", args=[mentees_pair().pk])
    ),
    "HR admin: survey results": Page(
        "hr-admin", lambda: reverse("evaluations:survey_results", args=[answered_survey().pk])
    ),
}


def measure(client: Client, url: str) -> CaptureQueriesContext:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return queries


def listing(queries: CaptureQueriesContext) -> str:
    return "\n".join(f"{n}. {q['sql'][:400]}" for n, q in enumerate(queries.captured_queries, 1))


def add_more() -> None:
    """Add MORE of everything the key pages show: people; pairs in the pilot with their
    meetings, check-ins, goals, answers to the answered survey and proposals in its run;
    meetings, goals and notes in the featured pairs; applicants to the program before its
    pairs."""
    numbers = count(1)
    pair = mentees_pair()
    program = pair.program
    department = Department.objects.order_by("pk").first()
    now = timezone.now()

    def employee(level: int) -> Employee:
        n = next(numbers)
        return Employee.objects.create(
            employee_id=f"MORE-{n:04}",
            first_name="More",
            last_name=f"Person {n:04}",
            email=f"more-{n}@example.com",
            department=department,
            seniority_level=level,
            languages=["fr"],
            hire_date=dt.date(2015, 1, 5),
        )

    def application(prog: Program, person: Employee, role: str) -> Application:
        return Application.objects.create(
            program=prog,
            employee=person,
            role=role,
            status=ApplicationStatus.APPROVED,
            languages=["fr"],
        )

    survey = answered_survey()
    run = MatchRun.objects.filter(program=program).first()
    for _ in range(MORE):
        mentor, mentee = employee(1), employee(7)
        more = Pair.objects.create(
            program=program,
            mentor=mentor,
            mentor_application=application(program, mentor, ParticipantRole.MENTOR),
            mentee=mentee,
            mentee_application=application(program, mentee, ParticipantRole.MENTEE),
            published_at=pair.published_at,
        )
        Proposal.objects.create(
            run=run,
            mentor_application=more.mentor_application,
            mentee_application=more.mentee_application,
            score=0.5,
        )
        for days in (-20, -10, 5):
            Meeting.objects.create(
                pair=more, starts_at=now + dt.timedelta(days=days), duration_minutes=45
            )
        for member in (mentor, mentee):
            CheckIn.objects.create(pair=more, member=member, period=1, pulse=Pulse.GOOD)
        Goal.objects.create(
            pair=more,
            direction=GoalDirection.LEARNING,
            title="More goal",
            success_criteria="Done",
            target_date=dt.date(2030, 1, 1),
        )
        Response.objects.create(
            survey=survey, respondent=mentee, pair=more, role="mentee", submitted_at=now
        )
    for member in ("mentee", "mentor"):
        author = login(member)
        own = Pair.objects.filter(
            Q(mentor=author.employee) | Q(mentee=author.employee), status=PairStatus.ACTIVE
        ).first()
        for n in range(MORE):
            Meeting.objects.create(
                pair=own, starts_at=now + dt.timedelta(days=n - 7, hours=1), duration_minutes=30
            )
            Goal.objects.create(
                pair=own,
                direction=GoalDirection.LEARNING,
                title=f"More goal {n}",
                success_criteria="Done",
                target_date=dt.date(2030, 1, 1),
                created_by=author,
            )
            SharedNote.objects.create(pair=own, author=author, body=f"More note {n}")
    # The program before its pairs: more approved applicants (its workbench has no run).
    waiting = open_program()
    for _ in range(MORE):
        application(waiting, employee(1), ParticipantRole.MENTOR)
        application(waiting, employee(7), ParticipantRole.MENTEE)
    for _ in range(MORE):
        employee(4)


@pytest.mark.parametrize("name", list(PAGES))
def test_a_key_page_answers_within_the_budget_whatever_the_data(demo, db, name):
    page = PAGES[name]
    client = Client()
    client.force_login(login(page.login))
    url = page.url()
    client.get(url)  # what is made once (a program's surveys, caches)
    demo_queries = measure(client, url)
    assert len(demo_queries) <= QUERY_BUDGET, (
        f"{name} ({url}): {len(demo_queries)} queries on the demo, more than {QUERY_BUDGET}:\n"
        + listing(demo_queries)
    )
    add_more()
    client.get(url)
    more_queries = measure(client, url)
    assert len(more_queries) <= len(demo_queries), (
        f"{name} ({url}): {len(demo_queries)} queries on the demo, {len(more_queries)} with "
        f"more data:\n" + listing(more_queries)
    )
