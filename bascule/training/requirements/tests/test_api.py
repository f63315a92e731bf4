"""The API: a program's requirements (list, create once, change, delete) and its completion
counts; another program's manager gets 404, a participant 403."""

import pytest

from bascule.training.models import Requirement
from bascule.training.requirements.tests.conftest import make_cohort, progress

pytestmark = pytest.mark.django_db


def base(program) -> str:
    return f"/api/training/manage/programs/{program.pk}"


def test_create_list_update_delete(client, company, running, listening):
    client.force_login(company.paul)
    url = base(running.program) + "/requirements"
    body = {"module": "active-listening", "role": "mentor", "due_days": 5, "gates_kickoff": True}
    headers = {"HTTP_IDEMPOTENCY_KEY": "abc-123"}
    created = client.post(url, body, content_type="application/json", **headers)
    assert created.status_code == 201, created.content
    again = client.post(url, body, content_type="application/json", **headers)
    assert again.status_code == 201 and again.json() == created.json()
    assert Requirement.objects.count() == 1
    listed = client.get(url).json()
    assert listed == [
        {
            "id": created.json()["id"],
            "module": "active-listening",
            "title": "active-listening (en)",
            "role": "mentor",
            "due_days": 5,
            "anchor": "program_start",
            "gates_kickoff": True,
        }
    ]
    one = f"{url}/{created.json()['id']}"
    changed = client.put(one, {"due_days": 9}, content_type="application/json")
    assert changed.json()["due_days"] == 9 and changed.json()["gates_kickoff"] is True
    assert client.delete(one).status_code == 204
    assert client.delete(one).status_code == 404


def test_bad_input(client, company, running, listening):
    client.force_login(company.paul)
    url = base(running.program) + "/requirements"
    answer = client.post(
        url,
        {"module": "nope", "role": "boss", "due_days": 400},
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert set(answer.json()["errors"]) == {"module", "role", "due_days"}
    huge = client.post(
        url,
        {"module": "active-listening", "role": "mentor", "due_days": 2**70},
        content_type="application/json",
    )
    assert huge.status_code in (400, 422)
    body = {"module": "active-listening", "role": "mentor"}
    assert client.post(url, body, content_type="application/json").status_code == 201
    duplicate = client.post(url, body, content_type="application/json")
    assert duplicate.status_code == 409


def test_the_completion_counts(client, company, frozen, listening):
    program, people = make_cohort(5)
    Requirement.objects.create(program=program, module=listening, role="mentee", due_days=1)
    for person in people[:4]:
        progress(person, listening, done=True, answers=[[[0], [0]]])
    client.force_login(company.alice)
    data = client.get(base(program) + "/completion").json()
    row = data["rows"][0]
    assert data["min_group_size"] == 5
    assert (row["required"], row["done"], row["not_started"], row["overdue"]) == (5, 4, 1, 1)
    assert row["pass_rate"] is None  # 4 learners
    assert "Last" not in str(data)


def test_access(client, company, frozen, listening):
    program, _people = make_cohort(1)
    client.force_login(company.paul)
    assert client.get(base(program) + "/requirements").status_code == 404
    assert client.get(base(program) + "/completion").status_code == 404
    client.force_login(company.lea_user)
    assert client.get(base(program) + "/completion").status_code == 403
