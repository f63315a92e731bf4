"""The meeting form: suggested times skip the public holidays of the program's country (and
the page says so), the place and the video link are one choice with one clear error, and the
time zone is the shared picker with the program's zones first."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from bascule.meetings import timing
from bascule.meetings.tests.helpers import FORM
from bascule.programs.models import MeetingFormat

pytestmark = pytest.mark.django_db

PARIS = timing.get_zone("Europe/Paris")
# Monday 26 April 2027: the pair's next Thursday afternoons are 29 April, then 6 May, which
# is Ascension Day in France.
LATE_APRIL = dt.datetime(2027, 4, 26, 8, 0, tzinfo=dt.UTC)


def member(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def create_url(pair) -> str:
    return reverse("meetings:create", kwargs={"pair_id": pair.pk})


def test_public_holidays_come_from_the_holidays_library_in_the_readers_language():
    days = timing.public_holidays("FR", dt.date(2027, 12, 1), dt.date(2027, 12, 31))
    assert days == {dt.date(2027, 12, 25): "Noël"}
    english = timing.public_holidays(
        "fr", dt.date(2027, 12, 1), dt.date(2027, 12, 31), language="en"
    )
    assert english == {dt.date(2027, 12, 25): "Christmas Day"}
    assert timing.public_holidays("", dt.date(2027, 1, 1), dt.date(2027, 12, 31)) == {}
    assert timing.public_holidays("ZZ", dt.date(2027, 1, 1), dt.date(2027, 12, 31)) == {}


def test_next_slots_skip_closed_days():
    now = dt.datetime(2027, 12, 20, 7, tzinfo=dt.UTC)  # Monday, 08:00 in Paris
    slots = timing.next_slots(
        ["mon-am", "tue-am"],
        zone=PARIS,
        now=now,
        closed_days=[dt.date(2027, 12, 27)],
        count=3,
    )
    assert [s.starts_at.date().isoformat() for s in slots] == [
        "2027-12-20",
        "2027-12-21",
        "2027-12-28",
    ]


def test_the_form_skips_ascension_day_and_says_so(running, company):
    with time_machine.travel(LATE_APRIL, tick=False):
        page = member(company.lea_user).get(create_url(running.pair)).content.decode()
    assert "?date=2027-04-29&amp;time=14:00" in page
    assert "?date=2027-05-04&amp;time=10:00" in page
    assert "?date=2027-05-06" not in page
    assert "Public holidays in France are skipped." in page
    assert "Ascension Day (Thursday 6 May)" in page


def test_a_program_without_a_country_skips_no_holiday(running, company):
    running.pair.program.country = ""
    running.pair.program.save(update_fields=["country"])
    with time_machine.travel(LATE_APRIL, tick=False):
        page = member(company.lea_user).get(create_url(running.pair)).content.decode()
        slots = member(company.lea_user).get(f"/api/meetings/pairs/{running.pair.pk}/slots")
    assert "?date=2027-05-06&amp;time=14:00" in page
    assert "Public holidays" not in page
    assert any(s["starts_at"].startswith("2027-05-06") for s in slots.json())


def test_the_api_slots_skip_the_holidays_too(running, company):
    with time_machine.travel(LATE_APRIL, tick=False):
        slots = member(company.lea_user).get(f"/api/meetings/pairs/{running.pair.pk}/slots")
    days = [s["starts_at"][:10] for s in slots.json()]
    assert "2027-04-29" in days and "2027-05-06" not in days


def test_place_and_video_link_are_one_group_with_one_error(running, company):
    lea = member(company.lea_user)
    page = lea.get(create_url(running.pair)).content.decode()
    assert "<legend" in page and "Where: a place, a video link, or both" in page
    group = page.split("Where: a place, a video link, or both", 1)[1].split("</fieldset>", 1)[0]
    assert "(optional)" not in group
    response = lea.post(create_url(running.pair), {**FORM, "location": "", "video_url": ""})
    form = response.context["form"]
    assert form.errors == {
        "location": ["Give a place, a video link, or both: the meeting needs at least one."]
    }
    assert 'href="#id_location"' in response.content.decode()


def test_for_a_virtual_program_the_error_is_on_the_video_link(running, company):
    running.pair.program.format = MeetingFormat.VIRTUAL
    running.pair.program.save(update_fields=["format"])
    response = member(company.lea_user).post(
        create_url(running.pair), {**FORM, "location": "", "video_url": ""}
    )
    assert list(response.context["form"].errors) == ["video_url"]
    assert 'href="#id_video_url"' in response.content.decode()


def test_the_time_zone_picker_puts_the_program_countrys_zone_first(running, company):
    company.lea_user.time_zone = "America/Montreal"
    company.lea_user.save(update_fields=["time_zone"])
    page = member(company.lea_user).get(create_url(running.pair)).content.decode()
    select = page.split('id="id_time_zone"', 1)[1].split("</select>", 1)[0]
    suggested = select.split('<optgroup label="Suggested">', 1)[1].split("</optgroup>", 1)[0]
    assert suggested.index('value="America/Montreal"') < suggested.index('value="Europe/Paris"')
    assert "Africa/Abidjan" not in suggested
