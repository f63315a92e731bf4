"""Long dates: "1er" for the first of a month in French, English as DATE_FORMAT says."""

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from bascule.core.dates import long_date


@pytest.mark.parametrize(
    ("language", "value", "written"),
    [
        ("fr", dt.date(2026, 7, 1), "1er juillet 2026"),
        ("fr", dt.date(2026, 7, 2), "2 juillet 2026"),
        ("fr", dt.date(2026, 7, 11), "11 juillet 2026"),
        ("fr", dt.date(2026, 7, 21), "21 juillet 2026"),
        ("en", dt.date(2026, 7, 1), "July 1, 2026"),
        ("en", dt.date(2026, 7, 21), "July 21, 2026"),
    ],
)
def test_long_date(language, value, written):
    with translation.override(language):
        assert long_date(value) == written
        assert Template("{% load dates %}{{ d|long_date }}").render(Context({"d": value})) == (
            written
        )


def test_an_aware_datetime_is_read_in_the_current_time_zone():
    # 30 June 23:30 in UTC is 1 July in Paris.
    value = dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)
    with translation.override("fr"), timezone.override(zoneinfo.ZoneInfo("Europe/Paris")):
        assert long_date(value) == "1er juillet 2026"
        assert Template("{% load dates %}{{ d|long_date }}").render(Context({"d": value})) == (
            "1er juillet 2026"
        )


def test_nothing_gives_nothing():
    assert long_date(None) == ""
    assert long_date("2026-07-01") == ""
