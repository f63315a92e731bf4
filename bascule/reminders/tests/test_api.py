"""The reminders API: my choices, a program's required kinds; bad input is a clear 400."""

import json

from bascule.reminders.models import ProgramReminderPolicy, ReminderPreference

PREFERENCES = "/api/reminders/preferences"


def put(client, url, payload):
    return client.put(url, json.dumps(payload), content_type="application/json")


def policy_url(program) -> str:
    return f"/api/reminders/programs/{program.pk}/policy"


def test_get_my_preferences(client, company):
    client.force_login(company.lea_user)
    rows = client.get(PREFERENCES).json()
    assert [r["kind"] for r in rows] == [
        "meeting_soon",
        "checkin_due",
        "charter",
        "no_meeting",
        "evaluation_open",
        "evaluation_closing",
        "training_due",
        "training_overdue",
        "workshop_tomorrow",
    ]
    assert rows[0] == {
        "kind": "meeting_soon",
        "label": "A meeting in the next 24 hours",
        "description": "The day before each meeting with your partner: when and where.",
        "default": True,
        "enabled": True,
        "required": False,
        "required_by": [],
        "effective": True,
    }


def test_put_my_preferences_changes_only_the_kinds_given(client, company):
    client.force_login(company.lea_user)
    response = put(client, PREFERENCES, {"enabled": {"no_meeting": False}})
    assert response.status_code == 200
    rows = {r["kind"]: r for r in response.json()}
    assert rows["no_meeting"]["enabled"] is False
    assert rows["charter"]["enabled"] is True
    assert list(ReminderPreference.objects.values_list("kind", "enabled")) == [
        ("no_meeting", False)
    ]


def test_an_unknown_kind_is_a_clear_400(client, company):
    client.force_login(company.lea_user)
    response = put(client, PREFERENCES, {"enabled": {"birthday": True, "charter": False}})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Unknown kind of reminder: birthday. Known kinds: meeting_soon, checkin_due, "
        "charter, no_meeting, evaluation_open, evaluation_closing, training_due, "
        "training_overdue, workshop_tomorrow.",
        "code": "unknown_kind",
    }
    assert not ReminderPreference.objects.exists()


def test_a_malformed_body_is_refused(client, company):
    client.force_login(company.lea_user)
    assert put(client, PREFERENCES, {"enabled": {"charter": "maybe"}}).status_code == 422
    assert put(client, PREFERENCES, {"enabled": ["charter"]}).status_code == 422


def test_a_required_kind_reads_required_and_effective(client, company, running):
    ProgramReminderPolicy.objects.create(program=running.program, required_kinds=["charter"])
    client.force_login(company.bernard_user)
    put(client, PREFERENCES, {"enabled": {"charter": False}})
    row = next(r for r in client.get(PREFERENCES).json() if r["kind"] == "charter")
    assert row["enabled"] is False
    assert row["required"] is True
    assert row["required_by"] == [running.program.pk]
    assert row["effective"] is True


def test_anonymous_gets_401(client):
    assert client.get(PREFERENCES).status_code == 401
    assert put(client, PREFERENCES, {"enabled": {}}).status_code == 401


def test_hr_and_the_programs_manager_read_and_set_its_policy(client, company, running):
    url = policy_url(running.program)
    for user, required in ((company.alice, ["charter"]), (company.paul, ["no_meeting"])):
        client.force_login(user)
        assert client.get(url).json()["required"] == ([] if user == company.alice else ["charter"])
        response = put(client, url, {"required": required})
        assert response.status_code == 200
        body = response.json()
        assert body["program_id"] == running.program.pk
        assert body["required"] == required
        assert [k["required"] for k in body["kinds"]].count(True) == 1


def test_nobody_else_reads_or_sets_a_programs_policy(client, company, running):
    url = policy_url(running.program)
    for user in (company.lea_user, company.bernard_user, company.sophie, company.oscar):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert put(client, url, {"required": ["charter"]}).status_code == 404
    assert client.get("/api/reminders/programs/999999/policy").status_code == 404
    assert not ProgramReminderPolicy.objects.exists()


def test_an_unknown_kind_in_a_policy_is_a_clear_400(client, company, running):
    client.force_login(company.alice)
    response = put(client, policy_url(running.program), {"required": ["charter", "nope"]})
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_kind"
    assert "nope" in response.json()["detail"]
    assert not ProgramReminderPolicy.objects.exists()
