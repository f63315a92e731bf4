"""Long dates for people to read, in the active language: "1er juillet 2026" in French (the
first day of a month is written "1er"), "July 1, 2026" in English (`DATE_FORMAT`)."""

import datetime as dt

from django.utils import formats, timezone
from django.utils.translation import get_language

# The first of a month in French: "1er juillet 2026" ("\e\r" are literal letters).
FRENCH_FIRST = r"j\e\r F Y"


def long_date(value: dt.date | dt.datetime | None) -> str:
    """`value` written out in full in the active language; an aware datetime is read in the
    current time zone first. None (or anything not a date) gives ""."""
    if not isinstance(value, dt.date):
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if (get_language() or "").startswith("fr") and value.day == 1:
        return formats.date_format(value, FRENCH_FIRST)
    return formats.date_format(value, "DATE_FORMAT")
