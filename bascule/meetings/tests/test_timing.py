"""Local times and the proposed slots, without the database."""

import datetime as dt
import zoneinfo

import pytest

from bascule.meetings import timing

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_a_local_time_becomes_utc():
    assert timing.to_utc(dt.date(2027, 3, 2), dt.time(10), PARIS) == dt.datetime(
        2027, 3, 2, 9, tzinfo=dt.UTC
    )
    assert timing.to_utc(dt.date(2027, 7, 2), dt.time(10), PARIS) == dt.datetime(
        2027, 7, 2, 8, tzinfo=dt.UTC
    )


@pytest.mark.parametrize(
    ("day", "time", "code"),
    [
        (dt.date(2027, 3, 28), dt.time(2, 0), "nonexistent"),
        (dt.date(2027, 3, 28), dt.time(2, 59), "nonexistent"),
        (dt.date(2027, 10, 31), dt.time(2, 0), "ambiguous"),
        (dt.date(2027, 10, 31), dt.time(2, 30), "ambiguous"),
    ],
)
def test_times_skipped_or_repeated_by_the_clock_change_are_refused(day, time, code):
    with pytest.raises(timing.LocalTimeError) as error:
        timing.to_utc(day, time, PARIS)
    assert error.value.code == code


def test_the_hours_around_the_changes_are_accepted():
    assert timing.to_utc(dt.date(2027, 3, 28), dt.time(3), PARIS).hour == 1
    assert timing.to_utc(dt.date(2027, 3, 28), dt.time(1, 59), PARIS).hour == 0
    assert timing.to_utc(dt.date(2027, 10, 31), dt.time(3), PARIS).hour == 2
    assert timing.to_utc(dt.date(2027, 10, 31), dt.time(1, 59), PARIS).hour == 23


def test_common_slots_keep_the_week_order():
    assert timing.common_slots(["thu-pm", "tue-am", "fri-eve"], ["tue-am", "thu-pm"]) == [
        "tue-am",
        "thu-pm",
    ]
    assert timing.common_slots(["mon-am"], []) == []


def test_next_slots_keep_the_local_time_across_the_spring_change():
    now = dt.datetime(2027, 3, 20, 12, tzinfo=dt.UTC)
    slots = timing.next_slots(["tue-am"], zone=PARIS, now=now, count=3)
    assert [(s.starts_at.date().isoformat(), s.starts_at.hour) for s in slots] == [
        ("2027-03-23", 10),
        ("2027-03-30", 10),
        ("2027-04-06", 10),
    ]
    assert [s.starts_at.astimezone(dt.UTC).hour for s in slots] == [9, 8, 8]


def test_next_slots_respect_the_program_dates_busy_days_and_the_next_hour():
    now = dt.datetime(2027, 3, 2, 8, 30, tzinfo=dt.UTC)  # Tuesday 09:30 in Paris
    slots = timing.next_slots(
        ["tue-am", "thu-pm"],
        zone=PARIS,
        now=now,
        last_day=dt.date(2027, 3, 10),
        busy_days=[dt.date(2027, 3, 4)],
    )
    # Tuesday 10:00 is less than an hour away; Thursday is busy; the program ends on the 10th.
    assert [s.starts_at.date().isoformat() for s in slots] == ["2027-03-09"]


def test_unknown_time_zones_are_none():
    assert timing.get_zone("Mars/Olympus") is None
    assert timing.get_zone("Europe/Paris") == PARIS
