"""A person's copy of their data (self-service) and HR's copy of someone's: pages, JSON files
and the API. HR's never has what the person was promised HR never reads."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bascule.core.models import AuditEntry
from bascule.journey import services as journey_services
from bascule.meetings.services import MeetingValues, meeting_schedule
from bascule.pairing.models import Pair
from bascule.programs.enrollment.services import application_withdraw
from bascule.programs.models import Application

# What only the person may read: their private notes, their survey answers, their pair's
# space (goals' wording, notes, meeting places and agendas), their check-in's details.
PERSONAL_ONLY = [
    "LEA-PRIVATE",
    "LEA-SURVEY-TEXT",
    "LEA-GOAL",
    "LEA-CRITERIA",
    "LEA-MILESTONE",
    "LEA-SHARED",
    "LEA-CAFE",
    "LEA-AGENDA",
    "LEA-BLOCKING",
]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def my_data(client: Client, **params) -> str:
    response = client.get(reverse("privacy:my_data"), params)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return response.content.decode()


def hr_copy(client: Client, employee_id: int, **params):
    response = client.get(reverse("privacy:employee_data", args=[employee_id]), params)
    assert response.status_code == 200
    return response


def test_it_gives_a_participant_everything_held_about_them(scene):
    page = my_data(logged_in(scene.lea))
    for marker in [*PERSONAL_ONLY, "LEA-HOPES", "LEA-OWN-SKILLS", "LEA-TO-HR", "LEA-LAPTOP"]:
        assert marker in page, marker
    assert "lea.martin@example.com" in page
    assert "Bernard Lefèvre" in page  # the partner of the pair
    # The partner's words in the pair's space are the partner's; their own notes too.
    assert "BERNARD-PRIVATE" not in page
    assert "BERNARD-SHARED" not in page
    assert "BERNARD-SURVEY-TEXT" not in page
    assert "BERNARD-BLOCKING" not in page
    # HR's reason for a pause stays with HR (it may concern the partner).
    assert "HR-PAUSE-REASON" not in page
    # How the data is used, with the retention rule, ends the page.
    assert "12 months after the program closes" in page


def test_it_downloads_the_same_copy_as_a_json_file(scene):
    response = logged_in(scene.lea).get(reverse("privacy:my_data"), {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="bascule-my-data-')
    data = json.loads(response.content)
    assert data["audience"] == "self"
    assert data["person"]["employee_id"] == scene.company.lea.pk
    sections = {section["key"]: section for section in data["sections"]}
    private = sections["private_notes"]["records"]
    assert [record["data"]["body"] for record in private] == ["LEA-PRIVATE"]
    applications = sections["applications"]["records"]
    assert applications[0]["data"]["hopes"] == "LEA-HOPES"
    assert sections["applications"]["labels"]["hopes"] == "What I hope to get from the program"
    answers = sections["survey_answers"]["records"][0]["data"]
    assert "LEA-SURVEY-TEXT" in answers.values()
    tokens = sections["api_tokens"]["records"][0]["data"]
    assert tokens["name"] == "LEA-LAPTOP"
    assert "token_hash" not in tokens


def test_hr_sees_what_hr_may_read_and_never_the_private_notes(scene):
    client = logged_in(scene.company.alice)
    page = hr_copy(client, scene.company.lea.pk).content.decode()
    for marker in PERSONAL_ONLY:
        assert marker not in page, marker
    for marker in ["LEA-HOPES", "LEA-OWN-SKILLS", "LEA-TO-HR", "HR-PAUSE-REASON", "LEA-LAPTOP"]:
        assert marker in page, marker
    assert "Private notes are read by their author only" in page
    assert "Survey answers are confidential" in page

    data = json.loads(hr_copy(client, scene.company.lea.pk, format="json").content)
    text = json.dumps(data, ensure_ascii=False)
    assert data["audience"] == "hr"
    for marker in PERSONAL_ONLY:
        assert marker not in text, marker
    sections = {section["key"]: section for section in data["sections"]}
    assert sections["private_notes"]["records"] == []
    assert sections["survey_answers"]["records"] == []
    # What HR reads on the pair health page is there: dates, status, progress.
    goals = [record["data"] for record in sections["goals"]["records"]]
    assert sorted(goal["progress"] for goal in goals) == [0, 20]
    assert "title" not in goals[0]
    # The self-declared generation is never shown to HR on an individual record.
    assert "generation_band" not in sections["directory"]["labels"]


def test_the_api_gives_the_same_copies(scene):
    mine = logged_in(scene.lea).get("/api/privacy/me/export")
    assert mine.status_code == 200
    assert "LEA-PRIVATE" in mine.content.decode()
    bearer = Client(headers={"Authorization": f"Bearer {scene.lea_token}"})
    assert "LEA-PRIVATE" in bearer.get("/api/privacy/me/export").content.decode()

    url = f"/api/privacy/employees/{scene.company.lea.pk}/export"
    hr = logged_in(scene.company.alice).get(url)
    assert hr.status_code == 200
    assert hr.json()["audience"] == "hr"
    assert "LEA-PRIVATE" not in hr.content.decode()
    assert "LEA-HOPES" in hr.content.decode()
    assert logged_in(scene.company.paul).get(url).status_code == 403
    assert logged_in(scene.lea).get(url).status_code == 403
    missing = logged_in(scene.company.alice).get("/api/privacy/employees/999999/export")
    assert missing.status_code == 404
    assert Client().get("/api/privacy/me/export").status_code == 401


def test_hr_reading_someones_copy_is_in_the_audit_log(scene):
    client = logged_in(scene.company.alice)
    hr_copy(client, scene.company.lea.pk)
    hr_copy(client, scene.company.lea.pk, format="json")
    entries = AuditEntry.objects.filter(
        action="privacy.export", object_id=str(scene.company.lea.pk)
    )
    assert sorted(entry.changes["format"] for entry in entries) == ["html", "json"]
    assert {entry.actor_id for entry in entries} == {scene.company.alice.pk}
    # Reading one's own copy is not recorded.
    my_data(logged_in(scene.lea))
    assert not AuditEntry.objects.filter(action="privacy.export", actor=scene.lea).exists()


def test_only_hr_admins_read_someone_elses_copy(scene):
    url = reverse("privacy:employee_data", args=[scene.company.bernard.pk])
    for user in (scene.company.paul, scene.lea, scene.company.sophie, scene.company.oscar):
        assert logged_in(user).get(url).status_code == 403
    assert (
        logged_in(scene.company.alice)
        .get(reverse("privacy:employee_data", args=[999999]))
        .status_code
        == 404
    )


def test_an_account_without_an_employee_record_has_its_copy_too(company):
    page = my_data(logged_in(company.oscar))
    assert "oscar.outsider@example.com" in page
    client = logged_in(company.alice)
    response = client.get(reverse("privacy:account_data", args=[company.oscar.pk]))
    assert response.status_code == 200
    assert "oscar.outsider@example.com" in response.content.decode()


def test_my_account_and_the_employee_page_lead_to_the_copies(scene):
    me = logged_in(scene.lea).get(reverse("accounts:me")).content.decode()
    assert reverse("privacy:my_data") in me
    record = reverse("people:employee_detail", args=[scene.company.lea.pk])
    page = logged_in(scene.company.alice).get(record).content.decode()
    assert reverse("privacy:employee_data", args=[scene.company.lea.pk]) in page
    assert reverse("privacy:employee_erase", args=[scene.company.lea.pk]) in page
    # A program manager reads Léa's record but neither copies nor erases it.
    page = logged_in(scene.company.paul).get(record).content.decode()
    assert reverse("privacy:employee_erase", args=[scene.company.lea.pk]) not in page


@pytest.mark.parametrize("audience", ["self", "hr"])
def test_the_copy_costs_the_same_queries_however_much_there_is(scene, audience):
    lea, pair = scene.lea, scene.pair
    client = logged_in(scene.company.alice if audience == "hr" else lea)
    url = (
        reverse("privacy:employee_data", args=[scene.company.lea.pk])
        if audience == "hr"
        else reverse("privacy:my_data")
    )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(url, {"format": "json"})
        return len(captured)

    before = queries()
    for n in range(3):
        journey_services.shared_note_add(actor=lea, pair=pair, body=f"LEA-MORE-{n}")
        journey_services.private_note_add(actor=lea, pair=pair, body=f"LEA-MORE-{n}")
        journey_services.goal_create(
            actor=lea,
            pair=pair,
            values={
                "direction": "growth",
                "title": f"LEA-MORE-{n}",
                "success_criteria": "More",
                "target_date": scene.running.program.ends_on,
                "status": "not_started",
                "progress": 0,
            },
            milestones=[{"title": "Step", "due_on": None, "done": False}],
        )
        meeting_schedule(
            actor=lea,
            pair=pair,
            values=MeetingValues(
                date=dt.date(2027, 2, 1 + n),
                time=dt.time(9, 0),
                time_zone="Europe/Paris",
                duration_minutes=30,
                location="Room",
            ),
        )
    assert queries() == before


def test_a_partners_reason_for_withdrawing_stays_theirs(scene):
    bernards = Application.objects.get(employee=scene.company.bernard)
    application_withdraw(actor=scene.bernard, application=bernards, reason="BERNARD-BURNOUT")
    assert Pair.objects.get(pk=scene.pair.pk).end_reason == "BERNARD-BURNOUT"
    assert "BERNARD-BURNOUT" not in my_data(logged_in(scene.lea))
    assert "BERNARD-BURNOUT" in my_data(logged_in(scene.bernard))
    page = hr_copy(logged_in(scene.company.alice), scene.company.lea.pk).content.decode()
    assert "BERNARD-BURNOUT" in page
