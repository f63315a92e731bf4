"""Weekday time slots a participant is available for, stored as codes such as "mon-am".

Monday to Friday, four moments a day: morning, lunchtime, afternoon, evening.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# With a context of their own: a plain "Friday" in our catalog would override Django's, and
# dates ("l j F Y") would then start with a capital on some days and not on others.
DAYS: list[tuple[str, str]] = [
    ("mon", pgettext_lazy("availability heading", "Monday")),
    ("tue", pgettext_lazy("availability heading", "Tuesday")),
    ("wed", pgettext_lazy("availability heading", "Wednesday")),
    ("thu", pgettext_lazy("availability heading", "Thursday")),
    ("fri", pgettext_lazy("availability heading", "Friday")),
]
PERIODS: list[tuple[str, str]] = [
    ("am", pgettext_lazy("time of day", "morning")),
    ("noon", pgettext_lazy("time of day", "lunchtime")),
    ("pm", pgettext_lazy("time of day", "afternoon")),
    ("eve", pgettext_lazy("time of day", "evening")),
]
SLOT_CODES: list[str] = [f"{day}-{period}" for day, _day in DAYS for period, _period in PERIODS]


def slot_label(code: str) -> str:
    """Return a slot in words, e.g. "Monday morning"; an unknown code as it is."""
    day, _sep, period = code.partition("-")
    days, periods = dict(DAYS), dict(PERIODS)
    if day not in days or period not in periods:
        return code
    return _("%(day)s %(period)s") % {"day": days[day], "period": periods[period]}


def slot_choices() -> list[tuple[str, str]]:
    """Return (code, label) for every slot, Monday morning first."""
    return [(code, slot_label(code)) for code in SLOT_CODES]


def slots_by_day() -> list[tuple[str, list[tuple[str, str]]]]:
    """Return each day's name with its slots' codes and period names, for a grid of boxes."""
    return [
        (label, [(f"{day}-{period}", period_label) for period, period_label in PERIODS])
        for day, label in DAYS
    ]
