"""The private calendar subscription: shown once, regenerated, revoked; the feed itself
needs no login and answers 404 for an unknown or revoked token."""

import pytest
import vobject
from django.test import Client
from django.urls import reverse

from bascule.meetings import services
from bascule.meetings.models import CalendarFeed
from bascule.meetings.selectors import hash_token
from bascule.meetings.tests.helpers import values
from bascule.testing import submit_confirmation

pytestmark = pytest.mark.django_db


def member(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1].removesuffix(".ics")


def test_create_read_regenerate_and_revoke_the_feed(running, company):
    services.meeting_schedule(actor=company.lea_user, pair=running.pair, values=values())
    lea = member(company.lea_user)
    page = lea.get(reverse("meetings:calendar"))
    assert "You have no calendar address." in page.content.decode()

    created = lea.post(reverse("meetings:calendar_regenerate"))
    assert created.status_code == 200
    url = created.context["new_url"]
    assert "shown only this once" in created.content.decode()
    token = token_of(url)
    assert len(token) >= 40
    stored = CalendarFeed.objects.get(user=company.lea_user)
    assert stored.token_hash == hash_token(token) and token not in stored.token_hash
    # The page does not show it again.
    assert token not in lea.get(reverse("meetings:calendar")).content.decode()

    path = reverse("meetings:feed", kwargs={"token": token})
    feed = Client().get(path)  # no login
    assert feed.status_code == 200
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = vobject.readOne(feed.content.decode())
    assert "method" not in calendar.contents
    (event,) = calendar.vevent_list
    assert event.summary.value == "Mentoring meeting: Léa Martin and Bernard Lefèvre"
    assert Client().get(f"/api/meetings/feed/{token}.ics").status_code == 200

    step = lea.post(reverse("meetings:calendar_regenerate"))
    assert "The current address stops working at once" in step.content.decode()
    assert Client().get(path).status_code == 200  # not confirmed yet
    renewed = token_of(submit_confirmation(lea, step).context["new_url"])
    assert Client().get(path).status_code == 404  # the old address stopped working
    new_path = reverse("meetings:feed", kwargs={"token": renewed})
    assert Client().get(new_path).status_code == 200

    step = lea.post(reverse("meetings:calendar_revoke"))
    assert "Revoke your calendar address?" in step.content.decode()
    assert Client().get(new_path).status_code == 200  # not confirmed yet
    revoked = submit_confirmation(lea, step, follow=True)
    assert "no longer works" in revoked.content.decode()
    assert Client().get(new_path).status_code == 404
    assert Client().get(f"/api/meetings/feed/{renewed}.ics").status_code == 404
    assert not CalendarFeed.objects.exists()


def test_an_unknown_token_is_404(company):
    assert Client().get(reverse("meetings:feed", kwargs={"token": "nope"})).status_code == 404
    assert Client().get("/api/meetings/feed/nope.ics").status_code == 404


def test_the_feed_holds_only_the_owners_meetings(running, company):
    services.meeting_schedule(actor=company.lea_user, pair=running.pair, values=values())
    marc = running.matching.users["marc"]
    token = services.feed_regenerate(actor=marc)
    calendar = vobject.readOne(
        Client().get(reverse("meetings:feed", kwargs={"token": token})).content.decode()
    )
    assert "vevent" not in calendar.contents


def test_people_without_a_partner_have_no_calendar_page(company):
    for user in (company.alice, company.paul, company.sophie, company.oscar):
        assert member(user).get(reverse("meetings:calendar")).status_code == 403


def test_the_api_makes_reads_and_revokes_the_address(running, company):
    services.meeting_schedule(actor=company.lea_user, pair=running.pair, values=values())
    lea = member(company.lea_user)
    assert lea.get("/api/meetings/calendar").json() == {
        "exists": False,
        "created_at": None,
        "last_used_at": None,
    }
    created = lea.post("/api/meetings/calendar")
    assert created.status_code == 201
    url = created.json()["url"]
    feed = Client().get(url)
    assert feed.status_code == 200
    (calendar,) = vobject.readComponents(feed.content.decode())
    assert len(calendar.vevent_list) == 1
    status = lea.get("/api/meetings/calendar").json()
    assert status["exists"] and status["last_used_at"]
    again = lea.post("/api/meetings/calendar").json()["url"]
    assert again != url and Client().get(url).status_code == 404
    assert lea.delete("/api/meetings/calendar").status_code == 204
    assert Client().get(again).status_code == 404
    assert lea.delete("/api/meetings/calendar").status_code == 404


def test_the_api_address_is_for_members_only(running, company):
    for user in (company.alice, company.sophie):
        client = member(user)
        assert client.get("/api/meetings/calendar").status_code == 403
        assert client.post("/api/meetings/calendar").status_code == 403
    assert Client().get("/api/meetings/calendar").status_code == 401
