"""The same answers sent twice at the same moment make one response; the surveys of a
program created twice at the same moment exist once.

Row locks need a real database server: on SQLite (one writer at a time) this is skipped.
"""

import threading

import pytest
import time_machine
from django.db import connection, connections

from bascule.core.errors import ConflictError
from bascule.evaluations import services
from bascule.evaluations.models import Question, Response, Survey
from bascule.evaluations.tests.conftest import NOW
from bascule.evaluations.tests.helpers import full_answers, full_ratings
from bascule.pairing.testing import make_matching_program, make_running_program

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"
    ),
]


def run_together(work, count: int = 2) -> list[str]:
    barrier = threading.Barrier(count)
    outcomes: list[str] = []

    def target() -> None:
        try:
            barrier.wait()
            with time_machine.travel(NOW, tick=False):
                work()
            outcomes.append("saved")
        except ConflictError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def test_a_double_submit_makes_one_response(company):
    with time_machine.travel(NOW, tick=False):
        running = make_running_program(company)
        baseline = services.ensure_program_surveys(running.program)["baseline"]
        answers = full_answers(baseline)
        ratings = full_ratings(baseline, running.pair, company.bernard_user)

    def submit() -> None:
        services.response_submit(
            actor=company.bernard_user,
            survey=baseline,
            pair=running.pair,
            answers=answers,
            ratings=ratings,
        )

    assert run_together(submit) == ["already_answered", "saved"]
    assert Response.objects.filter(survey=baseline).count() == 1


def test_surveys_created_at_once_exist_once(company):
    with time_machine.travel(NOW, tick=False):
        program = make_matching_program(company).program  # not moved on yet: no survey
    outcomes = run_together(lambda: services.ensure_program_surveys(program), count=3)
    assert outcomes == ["saved"] * 3
    assert Survey.objects.filter(program=program).count() == 4
    per_survey = {s.pk: s.questions.count() for s in Survey.objects.filter(program=program)}
    assert all(count > 0 for count in per_survey.values())
    assert Question.objects.filter(survey__program=program).count() == sum(per_survey.values())
