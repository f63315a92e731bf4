"""Fixtures of HR's training tests: the clock on Wednesday 20 January 2027 (the program of
`make_running_program` started on the 11th), modules made by the shared factory, and a
cohort of approved mentees with their progress made directly."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from bascule.pairing.testing import RunningSetup, make_running_program
from bascule.programs.models import Application, ApplicationStatus, Program, ProgramStatus
from bascule.testing import make_employee
from bascule.training.models import Progress, QuizAttempt
from bascule.training.tests.factories import make_module

NOW = dt.datetime(2027, 1, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def running(company, frozen) -> RunningSetup:
    setup = make_running_program(company)
    mail.outbox.clear()
    return setup


@pytest.fixture
def listening(db):
    return make_module("active-listening", questions=2)


@pytest.fixture
def feedback(db):
    return make_module("feedback", questions=2)


def make_cohort(size: int, *, name: str = "Cohort", starts_on=dt.date(2027, 1, 4)):
    """A running program with `size` approved mentees (no pairs)."""
    program = Program.objects.create(
        name=name,
        status=ProgramStatus.RUNNING,
        starts_on=starts_on,
        ends_on=dt.date(2027, 6, 30),
        languages=["fr", "en"],
    )
    people = []
    for n in range(size):
        employee = make_employee(
            f"C{program.pk}-{n}",
            f"First{n}" if name == "Cohort" else f"{name}{n}",
            f"Last{n:03d}",
            seniority_level=6,
        )
        Application.objects.create(
            program=program,
            employee=employee,
            role="mentee",
            status=ApplicationStatus.APPROVED,
            languages=["fr"],
        )
        people.append(employee)
    return program, people


def progress(employee, module, *, done=False, answers=None, seconds=600, passed=None):
    """A learner's progress; `answers`: one quiz attempt per item ([[choice], …] each)."""
    answers = answers or []
    passed_any = any(a == [[0]] * len(a) for a in answers) if passed is None else passed
    row = Progress.objects.create(
        employee=employee,
        module=module,
        version=module.published,
        last_section=2,
        completed_at=timezone.now() if done else None,
        best_score=100 if passed_any else (0 if answers else None),
        passed=passed_any,
        attempts=len(answers),
        seconds_spent=seconds,
    )
    for number, ticked in enumerate(answers, start=1):
        right = sum(1 for choice in ticked if choice == [0])
        score = round(100 * right / len(ticked))
        QuizAttempt.objects.create(
            progress=row,
            version=module.published,
            number=number,
            answers=ticked,
            score=score,
            passed=score >= 50,
        )
    return row
