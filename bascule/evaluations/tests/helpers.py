"""Helpers of the evaluations tests: add pairs to a program, answer a survey."""

import itertools

from django.utils import timezone

from bascule.accounts.models import Role, User
from bascule.evaluations import selectors, services
from bascule.evaluations.models import QuestionKind, Survey
from bascule.pairing.models import Pair
from bascule.programs.models import Application, ApplicationStatus, Program
from bascule.testing import make_employee, make_user

_numbers = itertools.count(1)


def add_pair(program: Program) -> tuple[Pair, User, User]:
    """Return a new active pair of `program` (two new employees with accounts)."""
    n = next(_numbers)
    mentor = make_employee(f"T{n:03d}A", "Mentor", f"Number{n}", seniority_level=1)
    mentee = make_employee(f"T{n:03d}B", "Mentee", f"Number{n}", seniority_level=7)

    def application(employee, role):
        return Application.objects.create(
            program=program,
            employee=employee,
            role=role,
            status=ApplicationStatus.APPROVED,
            languages=["fr"],
        )

    pair = Pair.objects.create(
        program=program,
        mentor=mentor,
        mentor_application=application(mentor, "mentor"),
        mentee=mentee,
        mentee_application=application(mentee, "mentee"),
        published_at=timezone.now(),
    )
    mentor_user = make_user(f"mentor{n}@example.com", Role.PARTICIPANT, employee=mentor)
    mentee_user = make_user(f"mentee{n}@example.com", Role.PARTICIPANT, employee=mentee)
    return pair, mentor_user, mentee_user


def full_answers(survey: Survey, *, value: int = 4, nps: int = 9, text: str = "") -> dict:
    """Return an answer to every Likert, NPS and text question of `survey`."""
    answers = {}
    for question in selectors.survey_questions(survey=survey):
        if question.kind == QuestionKind.LIKERT:
            answers[question.pk] = value
        elif question.kind == QuestionKind.NPS:
            answers[question.pk] = nps
        elif question.kind == QuestionKind.TEXT:
            answers[question.pk] = text
    return answers


def full_ratings(survey: Survey, pair: Pair, user: User, *, before: int = 1, now: int = 3):
    """Return a rating of every skill `user` is asked about in `survey`."""
    ratings = {}
    skills = selectors.skills_to_rate(pair=pair, employee_id=user.employee_id)
    for question in selectors.survey_questions(survey=survey):
        if question.kind == QuestionKind.SKILLS:
            for skill in skills:
                ratings[(question.pk, skill.pk)] = (
                    before if survey.asks_retrospective else None,
                    now,
                )
    return ratings


def answer(survey: Survey, pair: Pair, user: User, **kwargs):
    """Answer every question of `survey` as `user` (a member of `pair`)."""
    ratings_kwargs = {k: kwargs.pop(k) for k in ("before", "now") if k in kwargs}
    return services.response_submit(
        actor=user,
        survey=survey,
        pair=pair,
        answers=full_answers(survey, **kwargs),
        ratings=full_ratings(survey, pair, user, **ratings_kwargs),
    )
