"""The meetings API: list, create, reschedule, cancel, outcome, and the feed."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from bascule.meetings import services
from bascule.meetings.models import Meeting
from bascule.meetings.tests.helpers import calendar_parts, parse_calendar, values
from bascule.testing import BrowserClient

pytestmark = pytest.mark.django_db

BODY = {
    "date": "2027-03-04",
    "time": "14:00",
    "duration_minutes": 60,
    "video_url": "https://meet.example.com/lb",
    "agenda": "Social media basics",
}


def api(user) -> Client:
    client = BrowserClient()
    client.force_login(user)
    return client


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_members_schedule_reschedule_cancel_and_list_meetings(
    running, company, django_capture_on_commit_callbacks
):
    lea, bernard = api(company.lea_user), api(company.bernard_user)
    base = f"/api/meetings/pairs/{running.pair.pk}/meetings"
    with django_capture_on_commit_callbacks(execute=True):
        created = lea.post(
            base, BODY, content_type="application/json", HTTP_IDEMPOTENCY_KEY="meeting-6c0bb3a4"
        )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["time_zone"] == "Europe/Paris"  # the organiser's, when left out
    assert body["starts_at"].startswith("2027-03-04T13:00:00")
    assert body["local_start"].startswith("2027-03-04T14:00:00+01:00")
    assert (body["sequence"], body["version"]) == (0, 1)
    assert len(mail.outbox) == 2

    again = lea.post(
        base, BODY, content_type="application/json", HTTP_IDEMPOTENCY_KEY="meeting-6c0bb3a4"
    )
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == body
    assert Meeting.objects.count() == 1 and len(mail.outbox) == 2

    meeting_url = f"/api/meetings/{body['id']}"
    moved = post(bernard, f"{meeting_url}/reschedule", {**BODY, "time": "15:00", "version": 1})
    assert moved.status_code == 200 and moved.json()["sequence"] == 1
    stale = post(lea, f"{meeting_url}/reschedule", {**BODY, "time": "16:00", "version": 1})
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"

    listed = bernard.get(base)
    assert [m["id"] for m in listed.json()] == [body["id"]]
    assert bernard.get(meeting_url).json()["local_start"].startswith("2027-03-04T15:00:00")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = post(lea, f"{meeting_url}/cancel", {"message": "Clash", "version": 2})
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["sequence"] == 2
    calendar = parse_calendar(calendar_parts(mail.outbox[0])[0])
    assert calendar.method.value == "CANCEL"
    assert calendar.vevent.uid.value == body["uid"]
    assert post(lea, f"{meeting_url}/cancel", {}).status_code == 409


def test_validation_errors_are_422_with_the_reason_by_field(running, company):
    lea = api(company.lea_user)
    base = f"/api/meetings/pairs/{running.pair.pk}/meetings"
    gap = post(lea, base, {**BODY, "date": "2027-03-28", "time": "02:15"})
    assert gap.status_code == 422
    assert gap.json()["code"] == "invalid"
    assert "does not exist" in gap.json()["detail"]
    short = post(lea, base, {**BODY, "duration_minutes": 3})
    assert short.status_code == 422
    assert "between 10 and 240" in short.json()["errors"]["duration_minutes"][0]
    zone = post(lea, base, {**BODY, "time_zone": "Nowhere/Land"})
    assert zone.status_code == 422 and "time zone" in zone.json()["errors"]["time_zone"][0]
    unreadable = post(lea, base, {"date": "tomorrow"})
    assert unreadable.status_code == 422 and "date" in unreadable.json()["errors"]
    assert Meeting.objects.count() == 0


def test_outcome_through_the_api(running, company, frozen):
    meeting = services.meeting_schedule(actor=company.lea_user, pair=running.pair, values=values())
    url = f"/api/meetings/{meeting.pk}/outcome"
    early = post(api(company.lea_user), url, {"outcome": "held"})
    assert early.status_code == 400 and early.json()["code"] == "not_started"
    frozen.move_to(dt.datetime(2027, 3, 2, 11, 0, tzinfo=dt.UTC))
    wrong = post(api(company.lea_user), url, {"outcome": "maybe"})
    assert wrong.status_code == 422 and "outcome" in wrong.json()["errors"]
    done = post(api(company.bernard_user), url, {"outcome": "no_show", "log": "Lea was sick"})
    assert done.status_code == 200 and done.json()["outcome"] == "no_show"


def test_the_slots_both_members_share(running, company):
    slots = api(company.lea_user).get(f"/api/meetings/pairs/{running.pair.pk}/slots").json()
    assert [(s["starts_at"][:16], s["slot"]) for s in slots[:3]] == [
        ("2027-03-02T10:00", "tue-am"),
        ("2027-03-04T14:00", "thu-pm"),
        ("2027-03-09T10:00", "tue-am"),
    ]
    assert slots[0]["label"] == "Tuesday morning"


def test_another_pair_is_404_and_anonymous_401(running, company):
    meeting = services.meeting_schedule(actor=company.lea_user, pair=running.pair, values=values())
    marc = api(running.matching.users["marc"])
    hr = api(company.alice)
    for client in (marc, hr):
        assert client.get(f"/api/meetings/pairs/{running.pair.pk}/meetings").status_code == 404
        created = post(client, f"/api/meetings/pairs/{running.pair.pk}/meetings", BODY)
        assert created.status_code == 404
        assert client.get(f"/api/meetings/{meeting.pk}").status_code == 404
        for action in ("reschedule", "cancel", "outcome"):
            response = post(
                client,
                f"/api/meetings/{meeting.pk}/{action}",
                {**BODY, "version": 1, "outcome": "held"},
            )
            assert response.status_code == 404, action
    assert Client().get(f"/api/meetings/{meeting.pk}").status_code == 401
    meeting.refresh_from_db()
    assert meeting.status == "scheduled" and meeting.sequence == 0


def test_the_operations_are_in_the_openapi_schema(company):
    schema = api(company.lea_user).get("/api/openapi.json").json()
    paths = schema["paths"]
    assert "/api/meetings/pairs/{pair_id}/meetings" in paths
    assert "/api/meetings/{meeting_id}/reschedule" in paths
    assert "/api/meetings/feed/{token}.ics" in paths
    feed = paths["/api/meetings/feed/{token}.ics"]["get"]
    assert "text/calendar" in feed["responses"]["200"]["content"]
    assert not feed.get("security")
