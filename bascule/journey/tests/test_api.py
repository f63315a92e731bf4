"""The journey API, /api/pairs/{pair_id}/: members only, the same rules as the pages."""

import pytest

from bascule.accounts.services import api_token_create
from bascule.journey.models import Goal, KickoffConfirmation, SharedNote

pytestmark = pytest.mark.django_db


def base(pair):
    return f"/api/pairs/{pair.pk}"


def post(client, url, data, method="post"):
    return getattr(client, method)(url, data, content_type="application/json")


GOAL = {
    "direction": "learning",
    "title": "Use AI tools",
    "success_criteria": "Summarise a report with an AI tool",
    "target_date": "2027-04-15",
    "status": "in_progress",
    "progress": 10,
    "milestones": [{"title": "Try a first prompt", "due_on": "2027-02-01"}],
}


def test_members_create_list_and_update_goals(client, running, company):
    client.force_login(company.lea_user)
    created = post(client, f"{base(running.pair)}/goals", GOAL)
    assert created.status_code == 201, created.content
    goal = created.json()
    assert goal["version"] == 1 and goal["milestones"][0]["title"] == "Try a first prompt"

    client.force_login(company.bernard_user)
    listed = client.get(f"{base(running.pair)}/goals").json()
    assert [g["title"] for g in listed] == ["Use AI tools"]
    updated = post(
        client,
        f"{base(running.pair)}/goals/{goal['id']}",
        {**GOAL, "progress": 60, "version": 1},
        method="put",
    )
    assert updated.status_code == 200, updated.content
    assert updated.json()["progress"] == 60 and updated.json()["version"] == 2


def test_a_stale_version_is_a_409_and_nothing_changes(client, running, company):
    client.force_login(company.lea_user)
    goal = post(client, f"{base(running.pair)}/goals", GOAL).json()
    url = f"{base(running.pair)}/goals/{goal['id']}"
    assert post(client, url, {**GOAL, "progress": 40, "version": 1}, "put").status_code == 200
    client.force_login(company.bernard_user)
    stale = post(client, url, {**GOAL, "title": "Bernard's title", "version": 1}, "put")
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    # Bernard reads French.
    assert "Léa Martin a modifié cet objectif" in stale.json()["detail"]
    assert Goal.objects.get().title == "Use AI tools"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"target_date": "2030-01-01"}, "The target date must fall within the program"),
        ({"progress": 101}, "a whole number between 0 and 100"),
        ({"title": "  "}, "Please give the goal a short title."),
        (
            {"milestones": [{"title": "Late", "due_on": "2027-06-01"}]},
            "cannot be due after the goal's target date",
        ),
    ],
)
def test_invalid_goals_are_a_422_in_words(client, running, company, change, message):
    client.force_login(company.lea_user)
    response = post(client, f"{base(running.pair)}/goals", {**GOAL, **change})
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not Goal.objects.exists()


def test_an_invalid_goal_is_a_422_naming_the_field(client, running, company):
    """The one error contract: the messages by field, `detail` and `message` the same words."""
    _token, value = api_token_create(actor=company.lea_user, user=company.lea_user, name="app")
    response = client.post(
        f"{base(running.pair)}/goals",
        {**GOAL, "title": "  ", "progress": 101},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {value}",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"title", "progress"}
    assert body["errors"]["title"] == ["Please give the goal a short title."]
    assert body["detail"] == body["message"]
    assert not Goal.objects.exists()


def test_an_impossible_date_is_refused(client, running, company):
    client.force_login(company.lea_user)
    response = post(client, f"{base(running.pair)}/goals", {**GOAL, "target_date": "2027-02-30"})
    assert response.status_code == 422


def test_shared_notes_and_kickoff(client, running, company):
    client.force_login(company.bernard_user)
    note = post(client, f"{base(running.pair)}/notes", {"body": "Next time: shared calendars"})
    assert note.status_code == 201 and note.json()["mine"]
    assert post(client, f"{base(running.pair)}/notes", {"body": " "}).status_code == 422
    client.force_login(company.lea_user)
    notes = client.get(f"{base(running.pair)}/notes").json()
    assert [(n["body"], n["mine"], n["author_name"]) for n in notes] == [
        ("Next time: shared calendars", False, "Bernard Lefèvre")
    ]
    kickoff = client.get(f"{base(running.pair)}/kickoff").json()
    assert kickoff["started"] is False and [m["role"] for m in kickoff["members"]] == [
        "mentor",
        "mentee",
    ]
    agreements = {"meeting_frequency": "weekly", "channel": "video"}
    refused = post(
        client,
        f"{base(running.pair)}/kickoff",
        {**agreements, "charter_accepted": False, "confidentiality": True},
    )
    assert refused.status_code == 422
    assert "accept the program's charter" in refused.json()["errors"]["charter_accepted"][0]
    body = {**agreements, "charter_accepted": True, "confidentiality": True}
    assert post(client, f"{base(running.pair)}/kickoff", body).json()["started"] is False
    client.force_login(company.bernard_user)
    started = post(client, f"{base(running.pair)}/kickoff", body).json()
    assert started["started"] is True and started["started_at"]
    assert KickoffConfirmation.objects.count() == 2


def test_only_members_reach_the_api(client, running, company):
    marc = running.matching.users["marc"]
    urls = [f"{base(running.pair)}/{part}" for part in ("goals", "notes", "kickoff")]
    for user in (company.alice, company.paul, company.sophie, company.oscar, marc):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert post(client, urls[0], GOAL).status_code == 404
        assert post(client, urls[1], {"body": "hello"}).status_code == 404
    assert not Goal.objects.exists() and not SharedNote.objects.exists()
    client.logout()
    assert client.get(urls[0]).status_code == 401


def test_a_personal_token_works_for_a_member(client, running, company):
    _, token = api_token_create(actor=company.lea_user, user=company.lea_user, name="script")
    response = client.get(
        f"{base(running.pair)}/goals", headers={"authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200


def test_the_operations_are_documented(client, company):
    client.force_login(company.lea_user)
    schema = client.get("/api/openapi.json").json()
    paths = {
        path
        for path in schema["paths"]
        if path.startswith("/api/pairs/") and not path.startswith("/api/pairs/health/")
    }
    assert paths == {
        "/api/pairs/{pair_id}/kickoff",
        "/api/pairs/{pair_id}/goals",
        "/api/pairs/{pair_id}/goals/{goal_id}",
        "/api/pairs/{pair_id}/notes",
        "/api/pairs/{pair_id}/notes/{note_id}",
        "/api/pairs/{pair_id}/checkin",
        "/api/pairs/{pair_id}/checkins",
    }
    for path in paths:
        for operation in schema["paths"][path].values():
            assert operation["summary"] and operation["description"]
            assert operation["tags"] == ["journey"]
    health = {path for path in schema["paths"] if path.startswith("/api/pairs/health/")}
    assert health == {
        "/api/pairs/health/programs/{program_id}",
        "/api/pairs/health/{pair_id}",
        "/api/pairs/health/{pair_id}/nudge",
        "/api/pairs/health/{pair_id}/pause",
        "/api/pairs/health/{pair_id}/resume",
    }
    for path in health:
        for operation in schema["paths"][path].values():
            assert operation["summary"] and operation["description"]
            assert operation["tags"] == ["pair health"]
