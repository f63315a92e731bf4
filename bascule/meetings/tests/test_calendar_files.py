"""The calendar files, read back with vobject (an independent iCalendar parser): methods,
UID and SEQUENCE, time zones across daylight saving changes, organiser and attendees, and
the MIME type mail clients need."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
import vobject
from django.core import mail

from bascule.meetings import ical, services
from bascule.meetings.tests.helpers import calendar_parts, mime, parse_calendar, values

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def tzid(prop) -> str:
    """The TZID of a date-time property (vobject moves it to X-VOBJ-ORIGINAL-TZID once it
    has read the time zone from the file's VTIMEZONE)."""
    params = prop.params
    return (params.get("TZID") or params.get("X-VOBJ-ORIGINAL-TZID"))[0]


def sent_calendars(address: str):
    return [
        parse_calendar(part)
        for message in mail.outbox
        if message.to == [address]
        for part in calendar_parts(message)
    ]


def test_an_invitation_is_a_complete_request(running, company, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_schedule(
            actor=company.lea_user,
            pair=running.pair,
            values=values(video_url="https://meet.example.com/x", agenda="Prompts"),
        )
    message = next(m for m in mail.outbox if m.to == ["bernard.lefevre@example.com"])
    (part,) = calendar_parts(message)
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "invite.ics"
    assert mime(message)["Content-Type"].startswith("multipart/mixed")
    calendar = parse_calendar(part)
    assert calendar.method.value == "REQUEST"
    assert calendar.version.value == "2.0"
    assert calendar.prodid.value
    event = calendar.vevent
    assert event.uid.value == meeting.uid
    assert event.sequence.value == "0"
    assert event.status.value == "CONFIRMED"
    assert tzid(event.dtstart) == "Europe/Paris"
    assert tzid(event.dtend) == "Europe/Paris"
    assert "tzicalvtz" in type(event.dtstart.value.tzinfo).__name__  # from the VTIMEZONE
    assert event.dtstart.value == dt.datetime(2027, 3, 2, 10, 0, tzinfo=PARIS)
    assert event.dtstart.value.astimezone(dt.UTC) == dt.datetime(2027, 3, 2, 9, 0, tzinfo=dt.UTC)
    assert event.dtend.value - event.dtstart.value == dt.timedelta(minutes=45)
    assert event.dtstamp.value == dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC)
    assert event.organizer.value == "mailto:lea.martin@example.com"
    attendees = {a.value: a.params for a in event.attendee_list}
    assert set(attendees) == {"mailto:lea.martin@example.com", "mailto:bernard.lefevre@example.com"}
    assert attendees["mailto:bernard.lefevre@example.com"]["RSVP"] == ["TRUE"]
    assert attendees["mailto:bernard.lefevre@example.com"]["CN"] == ["Bernard Lefevre"]
    assert event.location.value == "Café Lumière"
    assert event.url.value == "https://meet.example.com/x"
    assert "Prompts" in event.description.value
    assert calendar.vtimezone.tzid.value == "Europe/Paris"


def test_each_change_raises_the_sequence_and_cancel_keeps_the_uid(
    running, company, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_schedule(
            actor=company.lea_user, pair=running.pair, values=values()
        )
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_reschedule(
            actor=company.bernard_user, meeting=meeting, values=values(time=dt.time(11)), version=1
        )
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_reschedule(
            actor=company.lea_user, meeting=meeting, values=values(time=dt.time(12)), version=2
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=company.lea_user, meeting=meeting, message="Ill")
    calendars = sent_calendars("lea.martin@example.com")
    assert [c.method.value for c in calendars] == ["REQUEST", "REQUEST", "REQUEST", "CANCEL"]
    assert [c.vevent.sequence.value for c in calendars] == ["0", "1", "2", "3"]
    assert {c.vevent.uid.value for c in calendars} == {meeting.uid}
    assert calendars[-1].vevent.status.value == "CANCELLED"
    assert [c.vevent.dtstart.value.hour for c in calendars] == [10, 11, 12, 12]


@pytest.mark.parametrize(
    ("first", "utc_hours"),
    [
        # The last Sunday of March 2027 is the 28th: 10:00 is 09:00 UTC, then 08:00 UTC.
        (dt.date(2027, 3, 16), [9, 9, 8, 8]),
        # The last Sunday of October 2027 is the 31st: 10:00 is 08:00 UTC, then 09:00 UTC.
        (dt.date(2027, 10, 19), [8, 8, 9, 9]),
    ],
)
def test_a_weekly_meeting_keeps_10_local_across_daylight_saving_changes(
    running, company, frozen, django_capture_on_commit_callbacks, first, utc_hours
):
    running.program.ends_on = dt.date(2027, 12, 17)
    running.program.save()
    frozen.move_to(dt.datetime.combine(first - dt.timedelta(days=7), dt.time(8), tzinfo=dt.UTC))
    meetings = []
    for week in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            meetings.append(
                services.meeting_schedule(
                    actor=company.lea_user,
                    pair=running.pair,
                    values=values(date=first + dt.timedelta(weeks=week), time=dt.time(10)),
                )
            )
    assert [m.starts_at.hour for m in meetings] == utc_hours
    calendars = sent_calendars("bernard.lefevre@example.com")
    assert len(calendars) == 4
    for calendar, hour in zip(calendars, utc_hours, strict=True):
        start = calendar.vevent.dtstart
        assert tzid(start) == "Europe/Paris"
        assert (start.value.hour, start.value.minute) == (10, 0)  # 10:00 local, every week
        assert start.value.astimezone(dt.UTC).hour == hour  # read through the VTIMEZONE


def test_the_vtimezone_starts_each_observance_at_the_local_time_of_the_change():
    zone = ical.vtimezone(PARIS, dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    observances = [
        (c.name, c["DTSTART"].dt, c["TZOFFSETFROM"].td, c["TZOFFSETTO"].td)
        for c in zone.subcomponents
    ]
    hour = dt.timedelta(hours=1)
    # Local wall-clock times, without a zone (RFC 5545: in the offset before the change).
    spring = dt.datetime(2027, 3, 28, 2, 0, tzinfo=dt.UTC).replace(tzinfo=None)
    autumn = dt.datetime(2027, 10, 31, 3, 0, tzinfo=dt.UTC).replace(tzinfo=None)
    assert ("DAYLIGHT", spring, hour, 2 * hour) in observances
    assert ("STANDARD", autumn, 2 * hour, hour) in observances


def test_a_time_zone_without_daylight_saving_has_one_observance():
    zone = ical.vtimezone(
        zoneinfo.ZoneInfo("Asia/Tokyo"), dt.date(2027, 1, 1), dt.date(2027, 12, 31)
    )
    assert [c.name for c in zone.subcomponents] == ["STANDARD"]


def onsets(component) -> list[tuple[dt.datetime, dt.timedelta]]:
    """The (UTC instant, offset from then on) of each observance of a VTIMEZONE read back
    from the file: DTSTART and each RDATE are local times in TZOFFSETFROM (RFC 5545, 3.6.5)."""
    found = []
    for part in component.subcomponents:
        before, after = part["TZOFFSETFROM"].td, part["TZOFFSETTO"].td
        starts = [part["DTSTART"].dt]
        rdates = part.get("RDATE", [])
        for dates in rdates if isinstance(rdates, list) else [rdates]:
            starts += [item.dt for item in dates.dts]
        found += [((start - before).replace(tzinfo=dt.UTC), after) for start in starts]
    return sorted(found)


@pytest.mark.parametrize(
    "name", ["Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Tokyo"]
)
def test_the_vtimezone_gives_the_tz_database_offset_at_every_hour(name):
    """Over two years (the second year's changes are RDATEs), at the first and the last minute
    of every UTC hour (the changes of these zones fall on the hour), the observances of the
    file give the tz database's offset."""
    zone = zoneinfo.ZoneInfo(name)
    calendar = ical.calendar()
    calendar.add_component(ical.vtimezone(zone, dt.date(2027, 6, 1), dt.date(2028, 2, 1)))
    content = calendar.to_ical().decode()
    assert vobject.readOne(content).vtimezone.tzid.value == name
    (component,) = icalendar.Calendar.from_ical(content).walk("VTIMEZONE")
    changes = onsets(component)
    moment = dt.datetime(2027, 1, 1, tzinfo=zone).astimezone(dt.UTC)  # whole years
    assert changes[0][0] == moment
    while moment < dt.datetime(2029, 1, 1, tzinfo=zone):
        for instant in (moment, moment + dt.timedelta(minutes=59)):
            offset = [after for start, after in changes if start <= instant][-1]
            assert offset == instant.astimezone(zone).utcoffset(), instant
        moment += dt.timedelta(hours=1)


def test_each_tzid_of_the_feed_has_its_vtimezone(running, company):
    """Readers such as Outlook resolve a DTSTART;TZID=... only through a VTIMEZONE of the
    same TZID in the file."""
    for zone, date in (
        ("Europe/Paris", dt.date(2027, 3, 2)),
        ("America/New_York", dt.date(2027, 3, 3)),
    ):
        services.meeting_schedule(
            actor=company.lea_user, pair=running.pair, values=values(time_zone=zone, date=date)
        )
    meetings = list(running.pair.meetings.all())
    content = ical.feed(meetings, members_of=lambda meeting: [], name="Feed").decode()
    calendar = icalendar.Calendar.from_ical(content)
    zones = {component["TZID"] for component in calendar.walk("VTIMEZONE")}
    assert zones == {"Europe/Paris", "America/New_York"}
    for event in calendar.walk("VEVENT"):
        assert event["DTSTART"].params["TZID"] in zones
        assert event["DTEND"].params["TZID"] == event["DTSTART"].params["TZID"]
    assert calendar.get_missing_tzids() == set()
