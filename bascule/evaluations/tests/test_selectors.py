"""Who is asked what and when: open surveys, the skills to rate, the reminders' windows; and
the aggregates with the k >= 5 rule."""

import datetime as dt

import pytest
from django.utils import timezone

from bascule.evaluations import selectors, services
from bascule.evaluations.models import Answer, QuestionKind
from bascule.evaluations.tests.helpers import add_pair, answer
from bascule.journey import services as journey_services
from bascule.journey.models import GoalDirection
from bascule.pairing import lifecycle
from bascule.skills.models import Skill

pytestmark = pytest.mark.django_db


def test_open_surveys_for_a_member(company, running, frozen):
    items = selectors.open_surveys_for(company.bernard_user)
    assert [(i.survey.kind, i.pair.pk, i.role) for i in items] == [
        ("baseline", running.pair.pk, "mentee")
    ]
    assert items[0].closes_on == dt.date(2027, 2, 1)
    answer(items[0].survey, running.pair, company.bernard_user)
    assert selectors.open_surveys_for(company.bernard_user) == []
    assert [i.role for i in selectors.open_surveys_for(company.lea_user)] == ["mentor"]
    for user in (company.alice, company.paul, company.sophie, company.oscar):
        assert selectors.open_surveys_for(user) == []
    frozen.move_to(dt.datetime(2027, 4, 1, 9, tzinfo=dt.UTC))
    assert [i.survey.kind for i in selectors.open_surveys_for(company.bernard_user)] == ["midpoint"]


def test_skills_to_rate_are_the_goals_and_the_members_application(company, running):
    pair = running.pair
    extra = Skill.objects.exclude(
        pk__in=pair.mentee_application.skills.values_list("skill_id", flat=True)
    ).first()
    own = set(pair.mentee_application.skills.values_list("skill_id", flat=True))
    assert {s.pk for s in selectors.skills_to_rate(pair=pair, employee_id=pair.mentee_id)} == own
    goal = journey_services.goal_create(
        actor=company.lea_user,
        pair=pair,
        values={
            "direction": GoalDirection.LEARNING,
            "title": "Goal",
            "success_criteria": "Done",
            "target_date": dt.date(2027, 4, 1),
            "status": "not_started",
            "progress": 0,
        },
    )
    goal.skills.add(extra)
    rated = {s.pk for s in selectors.skills_to_rate(pair=pair, employee_id=pair.mentee_id)}
    assert rated == own | {extra.pk}
    mentor_rated = {s.pk for s in selectors.skills_to_rate(pair=pair, employee_id=pair.mentor_id)}
    assert extra.pk in mentor_rated
    assert mentor_rated - {extra.pk} == set(
        pair.mentor_application.skills.values_list("skill_id", flat=True)
    )


def test_windows_for_reminders(company, running):
    opening = selectors.surveys_opening_between(dt.date(2027, 1, 11), dt.date(2027, 1, 11))
    assert {(w.survey.kind, w.pair.pk) for w in opening} == {
        ("baseline", running.pair.pk),
        ("baseline", running.other_pair.pk),
    }
    window = next(w for w in opening if w.pair == running.pair)
    assert window.pending == [company.lea, company.bernard]
    answer(window.survey, running.pair, company.bernard_user)
    closing = selectors.surveys_closing_between(dt.date(2027, 1, 30), dt.date(2027, 2, 1))
    window = next(w for w in closing if w.pair == running.pair)
    assert window.survey.kind == "baseline"
    assert window.pending == [company.lea]
    assert selectors.surveys_closing_between(dt.date(2027, 2, 2), dt.date(2027, 3, 1)) == []


def test_windows_of_the_closing_survey(company, running, frozen):
    lifecycle.pair_end(actor=company.alice, pair=running.pair, reason="Moved abroad")
    ended = timezone.localdate()
    opening = selectors.surveys_opening_between(ended, ended)
    assert [(w.survey.kind, w.pair.pk) for w in opening] == [("closing", running.pair.pk)]
    last = ended + dt.timedelta(days=30)
    closing = selectors.surveys_closing_between(last, last)
    assert [(w.survey.kind, w.closes_on) for w in closing] == [("closing", last)]


# --- Aggregates: the k >= 5 rule ----------------------------------------------------------------


def answered_by(program, survey, count: int, *, role: str = "mentee", **kwargs):
    for _ in range(count):
        pair, mentor, mentee = add_pair(program)
        answer(survey, pair, mentee if role == "mentee" else mentor, **kwargs)


def likert(results):
    return next(r for r in results.questions if r.question.kind == QuestionKind.LIKERT)


def test_four_respondents_show_nothing_five_show_results(running, surveys):
    baseline = surveys["baseline"]
    answered_by(running.program, baseline, 4, value=4, text="Learning to use AI")
    results = selectors.survey_results(survey=baseline)
    assert results.respondents == 4
    assert not results.shown
    assert not likert(results).overall.shown
    assert likert(results).overall.mean is None
    assert all(not r.texts for r in results.questions)
    assert all(not s.overall.shown and s.overall.mean is None for s in results.skills)

    answered_by(running.program, baseline, 1, value=2, text="Meeting new people")
    results = selectors.survey_results(survey=baseline)
    assert results.shown
    stat = likert(results).overall
    assert stat.shown and stat.respondents == 5
    assert stat.mean == 3.6
    assert [(b.value, b.count) for b in stat.distribution] == [
        (1, 0),
        (2, 1),
        (3, 0),
        (4, 4),
        (5, 0),
    ]
    texts = next(r for r in results.questions if r.question.kind == QuestionKind.TEXT).texts
    assert sorted(texts) == ["Learning to use AI"] * 4 + ["Meeting new people"]
    assert (
        texts
        == next(
            r
            for r in selectors.survey_results(survey=baseline).questions
            if r.question.kind == QuestionKind.TEXT
        ).texts
    )  # a stable order


def test_a_subgroup_of_four_is_hidden_while_the_total_of_nine_is_shown(running, surveys):
    baseline = surveys["baseline"]
    answered_by(running.program, baseline, 5, role="mentor", value=5)
    answered_by(running.program, baseline, 4, role="mentee", value=1)
    results = selectors.survey_results(survey=baseline)
    # Not even how many mentors and mentees answered: 4 mentees is a group under 5.
    assert (results.respondents, results.mentors, results.mentees) == (9, None, None)
    result = likert(results)
    assert result.overall.shown and result.overall.respondents == 9
    # Mentees (4) are hidden, and so are mentors: the total minus them would give mentees.
    assert not result.mentees.shown and result.mentees.mean is None
    assert not result.mentors.shown and result.mentors.mean is None
    assert not result.subgroups_shown

    answered_by(running.program, baseline, 1, role="mentee", value=1)
    results = selectors.survey_results(survey=baseline)
    assert (results.respondents, results.mentors, results.mentees) == (10, 5, 5)
    result = likert(results)
    assert result.subgroups_shown
    assert (result.mentors.mean, result.mentees.mean) == (5.0, 1.0)


def test_respondents_are_counted_as_people_not_responses(company, running, surveys):
    """A mentor with several mentees answers once per pair: still one person."""
    baseline = surveys["baseline"]
    lea = company.lea_user
    answer(baseline, running.pair, lea)
    for _ in range(4):
        pair, _mentor, _mentee = add_pair(running.program)
        pair.mentor = company.lea
        pair.mentor_application = running.pair.mentor_application
        pair.save()
        answer(baseline, pair, lea)
    results = selectors.survey_results(survey=baseline)
    assert results.respondents == 1
    assert not likert(results).overall.shown


def test_nps_and_skills(company, running, surveys, frozen):
    frozen.move_to(dt.datetime(2027, 6, 25, 9, tzinfo=dt.UTC))
    end = surveys["end"]
    for nps in (10, 9, 8, 6, 0):
        pair, mentor, mentee = add_pair(running.program)
        mentee_application = pair.mentee_application
        mentee_application.skills.create(
            skill=Skill.objects.get(pk=running.pair.mentee_application.skills.first().skill_id),
            direction="develop",
            level=1,
        )
        answer(end, pair, mentee, nps=nps, before=1, now=3)
    results = selectors.survey_results(survey=end)
    nps_result = next(r for r in results.questions if r.question.kind == QuestionKind.NPS)
    stat = nps_result.overall
    assert (stat.promoters, stat.passives, stat.detractors, stat.nps) == (2, 1, 2, 0)
    [skill] = results.skills
    assert (skill.overall.mean_before, skill.overall.mean) == (1.0, 3.0)
    assert not skill.subgroups_shown


def test_the_survey_list_counts_people(company, running, surveys):
    answer(surveys["baseline"], running.pair, company.bernard_user)
    counts = {s.kind: s.respondents for s in selectors.program_surveys(program=running.program)}
    assert counts == {"baseline": 1, "midpoint": 0, "end": 0, "closing": 0}
    assert services.ensure_program_surveys(running.program)["baseline"].pk == surveys["baseline"].pk


def test_the_order_of_free_texts_does_not_follow_the_respondents(running, surveys):
    """The same texts written by other people in another order come out in the same order."""
    baseline = surveys["baseline"]
    texts = ["alpha", "bravo", "charlie", "delta", "echo"]
    for text in texts:
        pair, _mentor, mentee = add_pair(running.program)
        answer(baseline, pair, mentee, text=text)

    def shown():
        results = selectors.survey_results(survey=baseline)
        return next(r for r in results.questions if r.question.kind == QuestionKind.TEXT).texts

    first = shown()
    assert sorted(first) == texts
    answers = list(Answer.objects.filter(response__survey=baseline, text__in=texts))
    rotated = texts[1:] + texts[:1]
    for item, text in zip(sorted(answers, key=lambda a: a.text), rotated, strict=True):
        item.text = text
        item.save()
    assert shown() == first
