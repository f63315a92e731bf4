"""Builders for the home page tests: programs in every status, applications, pairs with
meetings and check-ins, survey answers. Rows are created directly (no e-mail, no audit) so
that a test can build many programs quickly; the personas come from bascule.testing.

The clock is frozen at NOW (a Monday) by the `clock` fixture of each test module.
"""

import datetime as dt
import itertools

from bascule.accounts.models import Role, User
from bascule.evaluations.models import Answer, QuestionKind, Response, Survey
from bascule.evaluations.services import ensure_program_surveys
from bascule.journey.models import CheckIn
from bascule.meetings.models import Meeting, MeetingOutcome
from bascule.pairing.models import Pair
from bascule.people.models import Department
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    ParticipantRole,
    Program,
    ProgramStatus,
)
from bascule.testing import make_employee, make_user

NOW = dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(weeks=1)

_numbers = itertools.count(1)


def make_program(
    name: str,
    *,
    status: str = ProgramStatus.RUNNING,
    managers: tuple[User, ...] = (),
    starts_on: dt.date = TODAY - 60 * DAY,
    ends_on: dt.date = TODAY + 120 * DAY,
    **fields,
) -> Program:
    """Return a new program (meetings every 2 weeks, check-ins every 4) managed by `managers`."""
    program = Program.objects.create(
        name=name, status=status, starts_on=starts_on, ends_on=ends_on, **fields
    )
    program.managers.add(*managers)
    return program


def add_application(
    program: Program,
    *,
    role: str = ParticipantRole.MENTEE,
    status: str = ApplicationStatus.SUBMITTED,
    department: Department | None = None,
) -> Application:
    """Return a new application of a new employee to `program`."""
    n = next(_numbers)
    employee = make_employee(
        f"H{n:04d}", "Applicant", f"Number{n}", seniority_level=6, department=department
    )
    return Application.objects.create(
        program=program, employee=employee, role=role, status=status, languages=["fr"]
    )


def add_pair(
    program: Program, *, published_at: dt.datetime, with_users: bool = False, **fields
) -> Pair:
    """Return a new active pair of `program`, two new employees approved as mentor and
    mentee, published at `published_at`; with `with_users`, each member gets an account."""
    mentor = add_application(program, role=ParticipantRole.MENTOR, status="approved")
    mentee = add_application(program, role=ParticipantRole.MENTEE, status="approved")
    pair = Pair.objects.create(
        program=program,
        mentor=mentor.employee,
        mentor_application=mentor,
        mentee=mentee.employee,
        mentee_application=mentee,
        published_at=published_at,
        **fields,
    )
    if with_users:
        for employee in (mentor.employee, mentee.employee):
            make_user(
                f"{employee.employee_id.lower()}@example.com", Role.PARTICIPANT, employee=employee
            )
    return pair


def add_meeting(pair: Pair, starts_at: dt.datetime, **fields) -> Meeting:
    return Meeting.objects.create(pair=pair, starts_at=starts_at, duration_minutes=45, **fields)


def held(pair: Pair, starts_at: dt.datetime) -> Meeting:
    return add_meeting(pair, starts_at, outcome=MeetingOutcome.HELD)


def add_checkin(pair: Pair, employee_id: int, period: int, pulse: int = 4) -> CheckIn:
    return CheckIn.objects.create(pair=pair, member_id=employee_id, period=period, pulse=pulse)


def surveys_of(program: Program) -> dict[str, Survey]:
    return ensure_program_surveys(program)


def set_dates(survey: Survey, opens_on: dt.date, closes_on: dt.date) -> Survey:
    """Move `survey` to these dates (bypassing the service's checks) and return it."""
    Survey.objects.filter(pk=survey.pk).update(opens_on=opens_on, closes_on=closes_on)
    survey.refresh_from_db()
    return survey


def add_response(survey: Survey, pair: Pair, employee_id: int, *, likert: int = 4) -> Response:
    """Record `employee_id`'s answers to `survey` for `pair`: `likert` to every Likert
    question (the other questions are left unanswered)."""
    role = ParticipantRole.MENTOR if employee_id == pair.mentor_id else ParticipantRole.MENTEE
    response = Response.objects.create(
        survey=survey, respondent_id=employee_id, pair=pair, role=role, submitted_at=NOW
    )
    for question in survey.questions.filter(kind=QuestionKind.LIKERT):
        Answer.objects.create(response=response, question=question, value=likert)
    return response
