"""The training API, learner's side: the library, a module, my progress, quiz attempts
(once per Idempotency-Key), reflections never read by anyone but their author."""

import uuid

import pytest
from django.test import Client

from bascule.accounts.services import api_token_create
from bascule.pairing.testing import make_running_program
from bascule.training import services
from bascule.training.models import QuizAttempt
from bascule.training.tests.factories import make_module

pytestmark = pytest.mark.django_db

BASE = "/api/training"


def token_client(user) -> Client:
    _token, value = api_token_create(actor=user, user=user, name="script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {value}")


def post(client, url, data, key=None, method="post"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return getattr(client, method)(url, data, content_type="application/json", **headers)


def test_the_library_and_a_module_without_right_answers(company):
    module = make_module()
    make_module("draft", publish=False)
    client = token_client(company.lea_user)
    listed = client.get(f"{BASE}/modules").json()
    assert [m["slug"] for m in listed] == ["listening"]
    one = client.get(f"{BASE}/modules/listening").json()
    assert one["version_id"] == module.published_id
    assert one["title"] == "listening (en)" and one["fell_back"] is False
    assert "correct" not in str(one["questions"]) and "explanation" not in str(one["questions"])
    assert client.get(f"{BASE}/modules/draft").status_code == 404
    assert client.get(f"{BASE}/modules/nothing").status_code == 404


def test_an_attempt_is_scored_once_per_key(company):
    module = make_module()
    client = token_client(company.lea_user)
    url = f"{BASE}/modules/listening/attempts"
    data = {"version_id": module.published_id, "answers": [[0], [1]]}
    key = str(uuid.uuid4())
    first = post(client, url, data, key)
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["score"] == 50 and body["passed"] is True
    assert body["questions"][1]["choices"][0]["explanation"] == "Because."
    again = post(client, url, data, key)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert QuizAttempt.objects.count() == 1
    progress = client.get(f"{BASE}/progress").json()
    assert progress[0]["attempts"] == 1 and progress[0]["best_score"] == 50


@pytest.mark.parametrize(
    "answers",
    [[[0]], [[0], [5]], [[0], [2**70]], [[0], []], [[0], [0, 1]]],
)
def test_bad_answers_are_a_422_and_nothing_is_saved(client, company, answers):
    module = make_module()
    client.force_login(company.lea_user)
    url = f"{BASE}/modules/listening/attempts"
    response = post(client, url, {"version_id": module.published_id, "answers": answers})
    assert response.status_code == 422, response.content
    assert not QuizAttempt.objects.exists()


def test_another_versions_answers_and_malformed_bodies(client, company):
    make_module()
    other = make_module("other")
    client.force_login(company.lea_user)
    url = f"{BASE}/modules/listening/attempts"
    assert (
        post(client, url, {"version_id": other.published_id, "answers": [[0], [0]]}).status_code
        == 422
    )
    assert post(client, url, {"version_id": 2**80, "answers": [[0], [0]]}).status_code == 422
    assert post(client, url, {"version_id": 1, "answers": [["\x00"], [0]]}).status_code == 422
    assert not QuizAttempt.objects.exists()


def test_a_reflection_is_its_authors_only(company):
    running = make_running_program(company)
    module = make_module(questions=0)
    lea = token_client(company.lea_user)
    url = f"{BASE}/modules/listening/reflection"
    data = {"private_text": "SECRET", "will_try": "Listen", "pair_id": running.pair.pk}
    assert post(lea, url, data, method="put").status_code == 400  # not completed
    for number in (1, 2):
        services.section_read(actor=company.lea_user, module=module, number=number)
    saved = post(lea, url, data, method="put")
    assert saved.status_code == 200 and saved.json()["private_text"] == "SECRET"
    not_mine = {**data, "pair_id": running.other_pair.pk}
    assert post(lea, url, not_mine, method="put").status_code == 422
    # The partner's API calls never return it.
    bernard = token_client(company.bernard_user)
    for path in ("/modules", "/modules/listening", "/progress"):
        assert "SECRET" not in bernard.get(f"{BASE}{path}").content.decode()


def test_roles_without_an_employee_record_get_403(client, company):
    make_module()
    client.force_login(company.sophie)
    assert client.get(f"{BASE}/modules").status_code == 403
    assert Client().get(f"{BASE}/modules").status_code == 401


def test_a_module_in_the_callers_language_else_the_other(client, company):
    from bascule.training import content
    from bascule.training.tests.factories import module_data

    data = module_data("english-only")
    del data["fr"]
    services.install_catalog([content.parse(data)])
    company.lea_user.language = "fr"
    company.lea_user.save(update_fields=["language"])
    client.force_login(company.lea_user)
    one = client.get(f"{BASE}/modules/english-only", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert one["fell_back"] is True and one["language"] == "en"


def test_a_huge_pair_id_is_refused_calmly(client, company):
    module = make_module(questions=0)
    for number in (1, 2):
        services.section_read(actor=company.lea_user, module=module, number=number)
    client.force_login(company.lea_user)
    url = f"{BASE}/modules/listening/reflection"
    for pair_id in (2**70, -1, 0):
        response = post(client, url, {"will_try": "x", "pair_id": pair_id}, method="put")
        assert response.status_code == 422, response.content
