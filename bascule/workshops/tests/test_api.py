"""The workshops API: list, detail, register (idempotent), cancel, roster, attendance."""

import datetime as dt

import pytest

from bascule.workshops.models import Registration
from bascule.workshops.tests.helpers import STARTS, make_people, make_workshop

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

BASE = "/api/workshops"


def test_a_participant_registers_waits_and_cancels(client, company):
    workshop = make_workshop(company.alice, capacity=1, video_url="https://meet.example.com/w")
    client.force_login(company.lea_user)
    (listed,) = client.get(f"{BASE}/").json()
    assert listed["seats_left"] == 1
    assert listed["video_url"] == ""  # for the people registered only
    headers = {"Idempotency-Key": "lea-1"}
    first = client.post(f"{BASE}/{workshop.pk}/registration", headers=headers)
    again = client.post(f"{BASE}/{workshop.pk}/registration", headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert first.json()["status"] == "registered"
    assert Registration.objects.count() == 1
    detail = client.get(f"{BASE}/{workshop.pk}").json()
    assert detail["video_url"] == "https://meet.example.com/w"
    client.force_login(company.bernard_user)
    waiting = client.post(f"{BASE}/{workshop.pk}/registration")
    assert waiting.json() == {"status": "waitlisted", "waitlist_position": 1, "attendance": ""}
    client.force_login(company.lea_user)
    cancelled = client.delete(f"{BASE}/{workshop.pk}/registration")
    assert cancelled.json()["status"] == "cancelled"
    assert client.delete(f"{BASE}/{workshop.pk}/registration").status_code == 409
    assert Registration.objects.get(employee=company.bernard).status == "registered"


def test_registering_after_the_start_is_a_400(client, company, frozen):
    workshop = make_workshop(company.alice)
    frozen.move_to(STARTS + dt.timedelta(seconds=1))
    client.force_login(company.lea_user)
    response = client.post(f"{BASE}/{workshop.pk}/registration")
    assert response.status_code == 400
    assert response.json()["code"] == "started"


def test_roster_and_attendance_for_managers_only(client, company, frozen):
    workshop = make_workshop(company.alice, capacity=5)
    people = make_people(2)
    for user in people:
        client.force_login(user)
        client.post(f"{BASE}/{workshop.pk}/registration")
    client.force_login(company.lea_user)
    assert client.get(f"{BASE}/{workshop.pk}/roster").status_code == 404
    client.force_login(company.alice)
    roster = client.get(f"{BASE}/{workshop.pk}/roster").json()
    assert [row["status"] for row in roster["rows"]] == ["registered", "registered"]
    ids = [row["registration_id"] for row in roster["rows"]]
    marks = {"marks": [{"registration_id": ids[0], "attendance": "present"}]}
    early = client.put(f"{BASE}/{workshop.pk}/attendance", marks, content_type="application/json")
    assert early.status_code == 400
    frozen.move_to(STARTS + dt.timedelta(minutes=5))
    client.force_login(company.alice)  # the session of three days ago has expired
    done = client.put(f"{BASE}/{workshop.pk}/attendance", marks, content_type="application/json")
    assert done.json() == {"changed": 1}
    bad = {"marks": [{"registration_id": ids[1], "attendance": "asleep"}]}
    refused = client.put(f"{BASE}/{workshop.pk}/attendance", bad, content_type="application/json")
    assert refused.status_code == 422
