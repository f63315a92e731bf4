"""The recognition API: my kudos, sending (idempotent), my preference, the wall opt-in, a
program's wall, HR's moderation; bad input and other people's kudos."""

import pytest

from bascule.recognition.models import Kudos
from bascule.recognition.tests.helpers import setup

pytestmark = pytest.mark.django_db

BASE = "/api/recognition"


def test_a_member_thanks_and_the_partner_opts_it_onto_the_wall(client, company):
    program, pair, skill = setup(company)
    client.force_login(company.bernard_user)
    body = {"pair_id": pair.pk, "message": "Merci !", "skill_id": skill.pk}
    headers = {"Idempotency-Key": "thanks-1"}
    first = client.post(f"{BASE}/kudos", body, content_type="application/json", headers=headers)
    again = client.post(f"{BASE}/kudos", body, content_type="application/json", headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Kudos.objects.count() == 1
    (sent,) = first.json()
    assert sent["recipient"] == "Léa Martin" and sent["skill"] == skill.slug
    assert client.get(f"{BASE}/kudos").json()["sent"][0]["id"] == sent["id"]
    client.force_login(company.lea_user)
    (received,) = client.get(f"{BASE}/kudos").json()["received"]
    assert received["shown_to"] == "private"
    wall = f"{BASE}/programs/{program.pk}/wall"
    assert client.get(wall).json()["entries"] == []
    chosen = client.put(
        f"{BASE}/kudos/{sent['id']}/wall", {"on_wall": True}, content_type="application/json"
    )
    assert chosen.json()["shown_to"] == "program"
    assert [e["id"] for e in client.get(wall).json()["entries"]] == [sent["id"]]
    assert client.get(wall).json()["counts"] is None
    preference = client.put(
        f"{BASE}/preference", {"cap": "company"}, content_type="application/json"
    )
    assert preference.json() == {"cap": "company"}
    bad = client.put(f"{BASE}/preference", {"cap": "world"}, content_type="application/json")
    assert bad.status_code == 422
    # Bernard cannot choose for a kudos he did not receive.
    client.force_login(company.bernard_user)
    other = client.put(
        f"{BASE}/kudos/{sent['id']}/wall", {"on_wall": False}, content_type="application/json"
    )
    assert other.status_code == 404


def test_bad_messages_are_refused(client, company):
    _program, pair, _skill = setup(company)
    client.force_login(company.bernard_user)
    for message in ["", "   ", "x" * 501]:
        answer = client.post(
            f"{BASE}/kudos",
            {"pair_id": pair.pk, "message": message},
            content_type="application/json",
        )
        assert answer.status_code == 422
        assert "message" in answer.json()["errors"]
    nul = client.post(
        f"{BASE}/kudos",
        '{"pair_id": PAIR, "message": "a\\u0000b"}'.replace("PAIR", str(pair.pk)),
        content_type="application/json",
    )
    assert nul.status_code in (400, 422)
    assert not Kudos.objects.exists()


def test_the_team_recognises_and_hr_moderates(client, company):
    program, pair, _skill = setup(company)
    client.force_login(company.sophie)
    sent = client.post(
        f"{BASE}/kudos",
        {"program_id": program.pk, "pair_id": pair.pk, "message": "Bravo", "visibility": "company"},
        content_type="application/json",
    )
    assert sent.status_code == 201 and len(sent.json()) == 2
    client.force_login(company.paul)
    answer = client.post(
        f"{BASE}/kudos",
        {"program_id": program.pk + 999, "employee_id": company.lea.pk, "message": "Hi"},
        content_type="application/json",
    )
    assert answer.status_code == 404
    client.force_login(company.alice)
    kudos_id = sent.json()[0]["id"]
    hidden = client.post(
        f"{BASE}/kudos/{kudos_id}/hide", {"reason": "Too personal"}, content_type="application/json"
    )
    assert hidden.json()["hidden"] is True
    again = client.post(
        f"{BASE}/kudos/{kudos_id}/hide", {"reason": "Again"}, content_type="application/json"
    )
    assert again.status_code == 409
    assert client.post(f"{BASE}/kudos/{kudos_id}/unhide").json()["hidden"] is False
    counts = client.get(f"{BASE}/programs/{program.pk}/wall").json()["counts"]
    assert counts["sponsor"] is None  # two kudos: fewer than five
    client.force_login(company.lea_user)
    assert client.post(f"{BASE}/kudos/{kudos_id}/unhide").status_code == 403


def test_the_program_wall_is_paged_by_limit_and_offset(client, company):
    from django.utils import timezone

    program, pair, _skill = setup(company)
    now = timezone.now()
    Kudos.objects.bulk_create(
        Kudos(
            program=program,
            pair=pair,
            sender=company.bernard_user,
            sender_kind="partner",
            recipient=company.lea,
            message=f"Thanks number {i:02}",
            visibility="program",
            on_wall=True,
            created_at=now,
        )
        for i in range(30)
    )
    client.force_login(company.lea_user)
    wall = f"{BASE}/programs/{program.pk}/wall"
    first = client.get(wall).json()
    assert first["count"] == 30 and len(first["entries"]) == 25
    second = client.get(wall, {"offset": 25}).json()
    assert len(second["entries"]) == 5
    ids = [e["id"] for e in first["entries"] + second["entries"]]
    assert ids == sorted(ids, reverse=True)  # stable: the newest first, then by id
    assert client.get(wall, {"offset": 100}).json()["entries"] == []
    assert len(client.get(wall, {"limit": 2}).json()["entries"]) == 2
    for bad in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"offset": "x"}):
        assert client.get(wall, bad).status_code == 422
