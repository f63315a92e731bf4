"""The pages: HR's surveys, editing, results; a member's home card and answer page."""

import datetime as dt

import pytest
from django.urls import reverse

from bascule.evaluations import selectors
from bascule.evaluations.models import Question, QuestionKind, Response
from bascule.evaluations.services import answer_field, rating_field
from bascule.evaluations.tests.helpers import add_pair, answer
from bascule.testing import submit_confirmation

pytestmark = pytest.mark.django_db


def answer_url(survey, pair) -> str:
    return reverse("evaluations:answer", kwargs={"survey_id": survey.pk, "pair_id": pair.pk})


def form_data(survey, pair, user, *, value="4") -> dict[str, str]:
    data = {}
    skills = selectors.skills_to_rate(pair=pair, employee_id=user.employee_id)
    for question in selectors.survey_questions(survey=survey):
        if question.kind == QuestionKind.LIKERT:
            data[answer_field(question)] = value
        elif question.kind == QuestionKind.NPS:
            data[answer_field(question)] = "9"
        elif question.kind == QuestionKind.TEXT:
            data[answer_field(question)] = "Something I learned"
        else:
            for skill in skills:
                data[rating_field(question, skill.pk, "now")] = "2"
                if survey.asks_retrospective:
                    data[rating_field(question, skill.pk, "before")] = "1"
    return data


def test_hr_lists_the_programs_surveys_from_its_page(client, company, running):
    client.force_login(company.paul)
    detail = client.get(reverse("programs:program_detail", args=[running.program.pk]))
    url = reverse("evaluations:program_surveys", args=[running.program.pk])
    assert url in detail.content.decode()
    page = client.get(url).content.decode()
    for title in (
        "Starting questionnaire",
        "Mid-point questionnaire",
        "End-of-program questionnaire",
        "Closing questionnaire",
    ):
        assert title in page


def test_impossible_dates_keep_what_was_typed(client, company, surveys):
    client.force_login(company.alice)
    baseline = surveys["baseline"]
    url = reverse("evaluations:survey_edit", args=[baseline.pk])
    data = {
        "title_fr": "Départ",
        "title_en": "Start",
        "opens_on": "2027-02-31",
        "closes_on": "2027-03-10",
    }
    page = client.post(url, data)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="2027-02-31"' in html
    assert "Please enter a date that exists" in html
    assert 'id="error-summary"' in html
    page = client.post(url, {**data, "opens_on": "2027-03-20"})
    assert "The survey cannot close before it opens." in page.content.decode()
    response = client.post(url, {**data, "opens_on": "2027-01-12"})
    assert response.status_code == 302
    baseline.refresh_from_db()
    assert (baseline.title_en, baseline.opens_on) == ("Start", dt.date(2027, 1, 12))


def test_hr_adds_edits_moves_deletes_and_resets_questions(client, company, surveys):
    client.force_login(company.paul)
    baseline = surveys["baseline"]
    count = baseline.questions.count()
    add = reverse("evaluations:question_create", args=[baseline.pk])
    page = client.post(add, {"kind": "likert", "text_fr": "", "text_en": "I am motivated."})
    assert "Please word the question in both French and English." in page.content.decode()
    assert 'value="likert" selected' in page.content.decode() or "I am motivated." in (
        page.content.decode()
    )
    response = client.post(
        add,
        {
            "kind": "likert",
            "text_fr": "Je suis motivé·e.",
            "text_en": "I am motivated.",
            "required": "on",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get(text_en="I am motivated.")
    assert question.position == count + 1
    edit = reverse("evaluations:question_edit", args=[baseline.pk, question.pk])
    assert (
        client.post(
            edit, {"kind": "text", "text_fr": "Pourquoi ?", "text_en": "Why?", "required": ""}
        ).status_code
        == 302
    )
    question.refresh_from_db()
    assert (question.kind, question.required) == ("text", False)
    move = reverse("evaluations:question_move", args=[baseline.pk, question.pk])
    client.post(move, {"direction": "up"})
    question.refresh_from_db()
    assert question.position == count
    delete = reverse("evaluations:question_delete", args=[baseline.pk, question.pk])
    step = client.post(delete)
    assert "Delete this question?" in step.content.decode() and "“Why?”" in step.content.decode()
    assert Question.objects.filter(pk=question.pk).exists()  # not confirmed yet
    submit_confirmation(client, step)
    assert not Question.objects.filter(pk=question.pk).exists()
    kept = set(baseline.questions.values_list("pk", flat=True))
    step = client.post(reverse("evaluations:survey_reset", args=[baseline.pk]))
    assert f"Its {count} questions are deleted" in step.content.decode()
    assert set(baseline.questions.values_list("pk", flat=True)) == kept  # not confirmed yet
    submit_confirmation(client, step)
    assert baseline.questions.count() == count
    assert not kept & set(baseline.questions.values_list("pk", flat=True))


def test_editing_questions_after_answers_is_refused_with_a_message(
    client, company, running, surveys
):
    baseline = surveys["baseline"]
    answer(baseline, running.pair, company.bernard_user)
    client.force_login(company.alice)
    page = client.get(reverse("evaluations:survey_edit", args=[baseline.pk])).content.decode()
    assert "its questions can no longer change" in page
    assert reverse("evaluations:question_create", args=[baseline.pk]) not in page
    first = baseline.questions.first()
    response = client.post(
        reverse("evaluations:question_delete", args=[baseline.pk, first.pk]), follow=True
    )
    assert "its questions can no longer change" in response.content.decode()
    assert Question.objects.filter(pk=first.pk).exists()
    # Dates stay editable.
    response = client.post(
        reverse("evaluations:survey_edit", args=[baseline.pk]),
        {
            "title_fr": baseline.title_fr,
            "title_en": baseline.title_en,
            "opens_on": "2027-01-11",
            "closes_on": "2027-02-15",
        },
    )
    assert response.status_code == 302


def test_the_home_card_and_answering_once(client, company, running, surveys):
    client.force_login(company.lea_user)
    baseline = surveys["baseline"]
    url = answer_url(baseline, running.pair)
    home = client.get(reverse("home:home")).content.decode()
    assert "Your surveys" in home
    assert url in home
    empty = client.post(url, {})
    assert empty.status_code == 200
    assert "Please choose an answer." in empty.content.decode()
    assert 'id="error-summary"' in empty.content.decode()
    data = form_data(baseline, running.pair, company.lea_user)
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)
    assert Response.objects.filter(survey=baseline).count() == 1
    html = again.content.decode()
    assert "You answered this survey on" in html
    assert "Something I learned" in html  # her own answer, read-only
    assert url not in client.get(reverse("home:home")).content.decode()


def test_after_closing_the_page_is_read_only(client, company, running, surveys, frozen):
    frozen.move_to(dt.datetime(2027, 2, 5, 9, tzinfo=dt.UTC))
    client.force_login(company.bernard_user)
    url = answer_url(surveys["baseline"], running.pair)
    page = client.get(url)
    assert page.status_code == 200
    assert '<form method="post" novalidate>' not in page.content.decode()
    response = client.post(url, form_data(surveys["baseline"], running.pair, company.bernard_user))
    assert response.status_code == 200
    assert not Response.objects.exists()


def test_a_survey_not_yet_open_is_not_found(client, company, running, surveys):
    client.force_login(company.bernard_user)
    assert client.get(answer_url(surveys["midpoint"], running.pair)).status_code == 404
    assert client.get(answer_url(surveys["closing"], running.pair)).status_code == 404


def test_bernard_reads_his_survey_in_french(client, company, running, surveys):
    client.force_login(company.bernard_user)  # Bernard's language is French
    page = client.get(answer_url(surveys["baseline"], running.pair))
    html = page.content.decode()
    assert '<html lang="fr"' in html
    assert "Questionnaire de départ" in html
    assert "Je sais ce que je veux retirer de ce mentorat." in html
    assert "I know what I want to get out of this mentoring." not in html
    skill = selectors.skills_to_rate(pair=running.pair, employee_id=company.bernard.pk)[0]
    assert skill.label_fr in html
    home = client.get(reverse("home:home")).content.decode()
    assert "Questionnaire de départ" in home


def test_results_page_follows_the_k_rule(client, company, running, surveys):
    baseline = surveys["baseline"]
    for _ in range(4):
        pair, _mentor, mentee = add_pair(running.program)
        answer(baseline, pair, mentee, text="A very particular remark")
    client.force_login(company.paul)
    url = reverse("evaluations:survey_results", args=[baseline.pk])
    html = client.get(url).content.decode()
    assert "Not enough answers to show results without identifying anyone (n &lt; 5)" in html
    assert "A very particular remark" not in html
    # Four respondents: how many were mentors or mentees is not said either.
    assert "4 respondents" in html and "mentees</p>" not in html and "0 mentors" not in html
    pair, _mentor, mentee = add_pair(running.program)
    answer(baseline, pair, mentee, text="A very particular remark")
    html = client.get(url).content.decode()
    assert "A very particular remark" in html
    assert "Mean: 4.00 out of 5 (5 answers)" in html
    assert "Mentee Number" not in html
    # Five mentees and no mentor: still no count per role.
    assert "5 respondents</p>" in html


def test_the_closing_survey_has_its_number_of_days(client, company, surveys):
    client.force_login(company.alice)
    closing = surveys["closing"]
    url = reverse("evaluations:survey_edit", args=[closing.pk])
    assert "Days to answer after a pair ended" in client.get(url).content.decode()
    baseline_page = client.get(reverse("evaluations:survey_edit", args=[surveys["baseline"].pk]))
    assert "Days to answer after a pair ended" not in baseline_page.content.decode()
    data = {
        "title_fr": closing.title_fr,
        "title_en": closing.title_en,
        "opens_on": closing.opens_on.isoformat(),
        "closes_on": closing.closes_on.isoformat(),
        "closing_days": "400",
    }
    assert "Please enter a number of days from 1 to 365." in client.post(url, data).content.decode()
    assert client.post(url, {**data, "closing_days": "45"}).status_code == 302
    closing.refresh_from_db()
    assert closing.closing_days == 45
