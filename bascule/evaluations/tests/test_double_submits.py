"""A survey question added twice or answers sent twice (double click, browser retry, API
retry) are saved once, and the second sending lands calmly on what the first one saved."""

import pytest
from django.urls import reverse

from bascule.core.idempotency import FIELD
from bascule.evaluations.models import Question, Response
from bascule.evaluations.tests.test_api import payload
from bascule.evaluations.tests.test_pages import answer_url, form_data
from bascule.testing import submission_key

pytestmark = pytest.mark.django_db

SENT_TWICE = "This form was sent twice: it has been saved only once."


def test_it_adds_one_question_when_the_form_is_sent_twice(client, company, surveys):
    baseline = surveys["baseline"]
    count = baseline.questions.count()
    client.force_login(company.paul)
    url = reverse("evaluations:question_create", args=[baseline.pk])
    data = {
        "kind": "likert",
        "text_fr": "Je suis motivé·e.",
        "text_en": "I am motivated.",
        FIELD: submission_key(client.get(url)),
    }
    client.post(url, data)
    second = client.post(url, data, follow=True)
    assert second.redirect_chain[-1][0].endswith("#questions")
    assert SENT_TWICE in second.content.decode()
    assert baseline.questions.count() == count + 1
    assert Question.objects.filter(text_en="I am motivated.").count() == 1


def test_answers_sent_twice_are_saved_once_without_an_error(client, company, running, surveys):
    baseline = surveys["baseline"]
    client.force_login(company.lea_user)
    url = answer_url(baseline, running.pair)
    data = {
        **form_data(baseline, running.pair, company.lea_user),
        FIELD: submission_key(client.get(url)),
    }
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert first.status_code == 302
    page = second.content.decode()
    assert SENT_TWICE in page and "already answered" not in page
    assert Response.objects.count() == 1


def test_an_api_retry_of_answers_gets_the_first_answer_again(client, company, running, surveys):
    baseline = surveys["baseline"]
    client.force_login(company.lea_user)
    url = f"/api/evaluations/surveys/{baseline.pk}/pairs/{running.pair.pk}/response"
    body = payload(baseline, running.pair, company.lea_user)
    first, again = (
        client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="answers-1")
        for _ in range(2)
    )
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    without_key = client.post(url, body, content_type="application/json")
    assert without_key.status_code == 409 and without_key.json()["code"] == "already_answered"
    assert Response.objects.count() == 1
