"""Surveys from the defaults, HR's edits, and the members' answers: the rules."""

import datetime as dt

import pytest

from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.core.models import AuditEntry
from bascule.evaluations import defaults, selectors, services
from bascule.evaluations.models import (
    Answer,
    Question,
    QuestionKind,
    Response,
    SkillRating,
    Survey,
    SurveyKind,
)
from bascule.evaluations.tests.helpers import answer, full_answers, full_ratings
from bascule.pairing import lifecycle
from bascule.pairing.testing import make_matching_program

pytestmark = pytest.mark.django_db


def test_ensure_creates_the_four_surveys_once(running):
    first = services.ensure_program_surveys(running.program)
    second = services.ensure_program_surveys(running.program)
    assert list(first) == list(defaults.KINDS)
    assert {s.pk for s in first.values()} == {s.pk for s in second.values()}
    assert Survey.objects.filter(program=running.program).count() == 4
    baseline = first[SurveyKind.BASELINE]
    assert baseline.questions.count() == len(defaults.TEMPLATES[SurveyKind.BASELINE].questions)
    assert AuditEntry.objects.filter(action="evaluations.survey_created").count() == 4


def test_ensure_reads_a_survey_created_meanwhile(company):
    """A concurrent call created one kind first: the unique constraint refuses ours, which
    then reads theirs."""
    program = make_matching_program(company).program  # not moved on yet: no survey
    mine = services._create_default_survey(program, SurveyKind.MIDPOINT)
    original = Survey.objects.filter

    calls = {"n": 0}

    def stale_filter(*args, **kwargs):
        # The first read does not see the midpoint yet, as if it were created just after.
        calls["n"] += 1
        queryset = original(*args, **kwargs)
        return queryset.exclude(kind=SurveyKind.MIDPOINT) if calls["n"] == 1 else queryset

    Survey.objects.filter = stale_filter
    try:
        surveys = services.ensure_program_surveys(program)
    finally:
        Survey.objects.filter = original
    assert surveys[SurveyKind.MIDPOINT].pk == mine.pk
    assert Survey.objects.filter(program=program).count() == 4


def test_default_dates(running):
    surveys = services.ensure_program_surveys(running.program)
    program = running.program  # 2027-01-11 to 2027-06-30
    assert (surveys["baseline"].opens_on, surveys["baseline"].closes_on) == (
        program.starts_on,
        program.starts_on + dt.timedelta(weeks=3),
    )
    midpoint = surveys["midpoint"]
    assert (midpoint.closes_on - midpoint.opens_on).days == 14
    assert midpoint.opens_on < dt.date(2027, 4, 6) < midpoint.closes_on
    assert surveys["end"].opens_on == program.ends_on - dt.timedelta(weeks=2)
    assert surveys["end"].closes_on == program.ends_on + dt.timedelta(weeks=2)
    assert surveys["closing"].closing_days == 30


def test_dates_that_do_not_exist_or_are_out_of_order_are_refused(company, surveys):
    baseline = surveys["baseline"]
    with pytest.raises(ValidationFailed) as error:
        services.survey_update(
            actor=company.alice,
            survey=baseline,
            values={"opens_on": "2027-02-31", "closes_on": "2027-03-10"},
        )
    assert set(error.value.errors) == {"opens_on"}
    with pytest.raises(ValidationFailed) as error:
        services.survey_update(
            actor=company.alice,
            survey=baseline,
            values={"opens_on": "2027-03-10", "closes_on": "2027-03-01"},
        )
    assert error.value.errors["closes_on"] == ["The survey cannot close before it opens."]
    baseline.refresh_from_db()
    assert baseline.opens_on == dt.date(2027, 1, 11)


def test_questions_change_until_the_first_answer_then_only_dates(company, running, surveys):
    baseline = surveys["baseline"]
    question = services.question_create(
        actor=company.paul,
        survey=baseline,
        values={"kind": "likert", "text_fr": "Je suis motivé·e.", "text_en": "I am motivated."},
    )
    assert question.position == baseline.questions.count()
    moved = services.question_move(actor=company.paul, question=question, offset=-1)
    assert moved.position == question.position - 1
    with pytest.raises(ValidationFailed) as error:
        services.question_update(
            actor=company.paul, question=question, values={"kind": "likert", "text_fr": "x"}
        )
    assert "text_en" in error.value.errors
    services.question_delete(actor=company.paul, question=question)
    services.survey_reset_questions(actor=company.paul, survey=baseline)
    assert baseline.questions.count() == len(defaults.TEMPLATES["baseline"].questions)

    answer(baseline, running.pair, company.bernard_user)
    first = baseline.questions.first()
    for attempt in (
        lambda: services.question_update(
            actor=company.paul,
            question=first,
            values={"kind": "likert", "text_fr": "a", "text_en": "b"},
        ),
        lambda: services.question_delete(actor=company.paul, question=first),
        lambda: services.question_move(actor=company.paul, question=first, offset=1),
        lambda: services.survey_reset_questions(actor=company.paul, survey=baseline),
        lambda: services.question_create(
            actor=company.paul,
            survey=baseline,
            values={"kind": "text", "text_fr": "a", "text_en": "b"},
        ),
        lambda: services.survey_replace_questions(
            actor=company.paul, survey=baseline, questions=[]
        ),
    ):
        with pytest.raises(ConflictError) as error:
            attempt()
        assert error.value.code == "has_responses"
    updated = services.survey_update(
        actor=company.paul, survey=baseline, values={"closes_on": dt.date(2027, 2, 15)}
    )
    assert updated.closes_on == dt.date(2027, 2, 15)


def test_a_member_answers_once(company, running, surveys):
    baseline = surveys["baseline"]
    response = answer(baseline, running.pair, company.bernard_user, value=5)
    assert response.role == "mentee"
    assert Answer.objects.filter(response=response, value=5).exists()
    assert SkillRating.objects.filter(response=response, before__isnull=True).exists()
    with pytest.raises(ConflictError) as error:
        answer(baseline, running.pair, company.bernard_user)
    assert error.value.code == "already_answered"
    assert Response.objects.filter(survey=baseline).count() == 1
    entry = AuditEntry.objects.get(action="evaluations.response_submitted")
    assert entry.changes == {"survey": baseline.pk, "kind": "baseline", "pair": running.pair.pk}


def test_the_partner_answers_separately(company, running, surveys):
    answer(surveys["baseline"], running.pair, company.bernard_user)
    response = answer(surveys["baseline"], running.pair, company.lea_user)
    assert response.role == "mentor"


def test_bad_answers_are_refused_with_a_message_per_field(company, running, surveys):
    baseline = surveys["baseline"]
    questions = list(selectors.survey_questions(survey=baseline))
    likert = next(q for q in questions if q.kind == QuestionKind.LIKERT)
    skills_question = next(q for q in questions if q.kind == QuestionKind.SKILLS)
    answers = full_answers(baseline)
    answers[likert.pk] = 7
    with pytest.raises(ValidationFailed) as error:
        services.response_submit(
            actor=company.bernard_user,
            survey=baseline,
            pair=running.pair,
            answers=answers,
            ratings={},
        )
    assert error.value.errors[f"q_{likert.pk}"] == ["Please choose a value from 1 to 5."]
    assert any(name.startswith(f"s_{skills_question.pk}_") for name in error.value.errors)
    assert not Response.objects.exists()


def test_retrospective_ratings_in_the_end_survey(company, running, surveys, frozen):
    frozen.move_to(dt.datetime(2027, 6, 25, 9, tzinfo=dt.UTC))
    end = surveys["end"]
    ratings = full_ratings(end, running.pair, company.bernard_user, before=1, now=3)
    key = next(iter(ratings))
    ratings[key] = (None, 3)
    with pytest.raises(ValidationFailed):
        services.response_submit(
            actor=company.bernard_user,
            survey=end,
            pair=running.pair,
            answers=full_answers(end),
            ratings=ratings,
        )
    response = answer(end, running.pair, company.bernard_user, before=1, now=3)
    assert set(response.skill_ratings.values_list("before", "now")) == {(1, 3)}


def test_a_survey_outside_its_dates_is_refused(company, running, surveys, frozen):
    with pytest.raises(DomainError) as error:
        answer(surveys["midpoint"], running.pair, company.bernard_user)
    assert error.value.code == "not_open"
    frozen.move_to(dt.datetime(2027, 2, 2, 9, tzinfo=dt.UTC))
    with pytest.raises(DomainError) as error:
        answer(surveys["baseline"], running.pair, company.bernard_user)
    assert error.value.code == "closed"


def test_the_closing_survey_is_for_a_pair_that_ended_early(company, running, surveys, frozen):
    closing = surveys["closing"]
    with pytest.raises(DomainError):
        answer(closing, running.pair, company.bernard_user)
    lifecycle.pair_end(actor=company.alice, pair=running.pair, reason="Moved abroad")
    running.pair.refresh_from_db()
    # The pair's other surveys are no longer for it.
    with pytest.raises(DomainError):
        answer(surveys["baseline"], running.pair, company.bernard_user)
    frozen.move_to(dt.datetime(2027, 2, 10, 9, tzinfo=dt.UTC))  # 26 days after
    answer(closing, running.pair, company.bernard_user, before=1, now=2)
    frozen.move_to(dt.datetime(2027, 2, 20, 9, tzinfo=dt.UTC))  # 36 days after
    with pytest.raises(DomainError) as error:
        answer(closing, running.pair, company.lea_user)
    assert error.value.code == "closed"


def test_replacing_questions_through_the_api_service(company, surveys):
    survey = services.survey_replace_questions(
        actor=company.alice,
        survey=surveys["midpoint"],
        questions=[
            {"kind": "nps", "text_fr": "Recommanderiez-vous ?", "text_en": "Recommend?"},
            {"kind": "text", "text_fr": "Autre ?", "text_en": "Anything else?", "required": False},
        ],
    )
    assert list(Question.objects.filter(survey=survey).values_list("position", "kind")) == [
        (1, "nps"),
        (2, "text"),
    ]
    with pytest.raises(ValidationFailed) as error:
        services.survey_replace_questions(
            actor=company.alice,
            survey=survey,
            questions=[{"kind": "other", "text_fr": "", "text_en": "x"}],
        )
    assert set(error.value.errors) == {"questions.1.kind", "questions.1.text_fr"}
