"""A private calendar address asked for twice with one Idempotency-Key is made once: the
retry cannot show the address again (only its hash is kept), so it says so; the address made
by the first request keeps working. (Meetings sent twice: test_meeting_pages.py,
test_meetings_api.py and test_concurrency.py.)"""

import pytest
from django.test import Client

from bascule.core.models import IdempotencyKey
from bascule.meetings.models import CalendarFeed

pytestmark = pytest.mark.django_db


def test_a_calendar_address_retried_is_made_once_and_never_stored(running, company):
    lea = Client()
    lea.force_login(company.lea_user)
    first = lea.post("/api/meetings/calendar", HTTP_IDEMPOTENCY_KEY="calendar-1")
    again = lea.post("/api/meetings/calendar", HTTP_IDEMPOTENCY_KEY="calendar-1")
    assert first.status_code == 201
    assert again.status_code == 409 and again.json()["code"] == "already_submitted"
    assert again["Idempotent-Replayed"] == "true"
    assert CalendarFeed.objects.count() == 1
    assert Client().get(first.json()["url"]).status_code == 200
    token = first.json()["url"].rsplit("/", 1)[1].removesuffix(".ics")
    assert not IdempotencyKey.objects.filter(response_body__contains=token).exists()
