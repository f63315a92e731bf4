"""Known data for the dashboards' tests: a program with its applications, pairs, meetings,
check-ins, goals and survey answers, built directly (the services are tested elsewhere)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from django.utils import timezone

from bascule.evaluations.models import Answer, Question, QuestionKind, Response, Survey, SurveyKind
from bascule.journey.models import CheckIn, Goal, GoalDirection, GoalStatus
from bascule.meetings.models import Meeting
from bascule.pairing.models import Pair
from bascule.people.models import Department, Employee
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    Invitation,
    ParticipantRole,
    Program,
    ProgramStatus,
)

_numbers = itertools.count(1)


def person(department: Department | None = None, level: int = 3, location: str = "Paris"):
    number = next(_numbers)
    return Employee.objects.create(
        employee_id=f"INS{number:04d}",
        first_name=f"Ana{number}",
        last_name="Test",
        email=f"ins{number}@example.com",
        department=department,
        seniority_level=level,
        location=location,
    )


def application(program, employee, role, status=ApplicationStatus.APPROVED):
    return Application.objects.create(
        program=program,
        employee=employee,
        role=role,
        status=status,
        languages=["fr"],
        decided_at=timezone.now() - dt.timedelta(days=60) if status == "approved" else None,
    )


@dataclass
class Cohort:
    program: Program
    pairs: list[Pair] = field(default_factory=list)
    mentors: list[Employee] = field(default_factory=list)
    mentees: list[Employee] = field(default_factory=list)


def make_program(name: str = 'Digital <reverse> & "co"', **fields) -> Program:
    today = timezone.localdate()
    values = {
        "name": name,
        "status": ProgramStatus.RUNNING,
        "starts_on": today - dt.timedelta(days=90),
        "ends_on": today + dt.timedelta(days=180),
        "languages": ["fr", "en"],
        **fields,
    }
    return Program.objects.create(**values)


def make_cohort(
    pairs: int,
    *,
    program: Program | None = None,
    department: Department | None = None,
    location: str = "Paris",
    published_days_ago: int = 50,
) -> Cohort:
    """`pairs` pairs, their mentors (level 2) and mentees (level 6) in `department`, each pair
    with two meetings held, a check-in from each member for its first period, two goals (the
    mentee's reached), and answers to a Likert and an NPS question from both members."""
    program = program or make_program()
    cohort = Cohort(program=program)
    published = timezone.now() - dt.timedelta(days=published_days_ago)
    for _index in range(pairs):
        mentor = person(department, level=2, location=location)
        mentee = person(department, level=6, location=location)
        pair = Pair.objects.create(
            program=program,
            mentor=mentor,
            mentor_application=application(program, mentor, ParticipantRole.MENTOR),
            mentee=mentee,
            mentee_application=application(program, mentee, ParticipantRole.MENTEE),
            published_at=published,
        )
        cohort.pairs.append(pair)
        cohort.mentors.append(mentor)
        cohort.mentees.append(mentee)
        for days in (40, 20):
            Meeting.objects.create(
                pair=pair, starts_at=timezone.now() - dt.timedelta(days=days), duration_minutes=45
            )
        for member in (mentor, mentee):
            checkin = CheckIn.objects.create(pair=pair, member=member, period=1, pulse=4)
            CheckIn.objects.filter(pk=checkin.pk).update(
                created_at=timezone.now() - dt.timedelta(days=1)
            )
        for direction, status in (
            (GoalDirection.LEARNING, GoalStatus.ACHIEVED),
            (GoalDirection.GROWTH, GoalStatus.IN_PROGRESS),
        ):
            Goal.objects.create(
                pair=pair,
                direction=direction,
                title="A goal",
                success_criteria="Done",
                target_date=program.ends_on,
                status=status,
            )
    return cohort


def invite(program: Program, employees: list[Employee]) -> None:
    for index, employee in enumerate(employees):
        token = f"t{employee.pk}-{index}"
        Invitation.objects.create(program=program, employee=employee, token=token)


def answer_surveys(program: Program, answers: list[tuple[Pair, str, int, int]]) -> None:
    """(pair, role, likert 1–5, nps 0–10) for each respondent, in the end survey."""
    today = timezone.localdate()
    survey, _created = Survey.objects.get_or_create(
        program=program,
        kind=SurveyKind.END,
        defaults={
            "title_fr": "Fin",
            "title_en": "End",
            "opens_on": today - dt.timedelta(days=10),
            "closes_on": today + dt.timedelta(days=10),
        },
    )
    likert, _created = Question.objects.get_or_create(
        survey=survey, kind=QuestionKind.LIKERT, defaults={"text_fr": "Q", "text_en": "Q"}
    )
    nps, _created = Question.objects.get_or_create(
        survey=survey, kind=QuestionKind.NPS, defaults={"text_fr": "R", "text_en": "R"}
    )
    for pair, role, likert_value, nps_value in answers:
        respondent = pair.mentor if role == ParticipantRole.MENTOR else pair.mentee
        response = Response.objects.create(
            survey=survey,
            respondent=respondent,
            pair=pair,
            role=role,
            submitted_at=timezone.now() - dt.timedelta(days=2),
        )
        Answer.objects.create(response=response, question=likert, value=likert_value)
        Answer.objects.create(response=response, question=nps, value=nps_value)
