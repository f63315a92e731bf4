"""The time-zone picker of every time-zone field (my account, meetings).

Each zone reads as people name it, in their language, with its offset today:
"Paris (heure d’Europe centrale, UTC+01:00)" — Babel's CLDR data gives the exemplar city
and the zone's name. The zones that matter to the person come first (theirs, the
program's country's), then every other one grouped by region, sorted by city. A native
<select> with <optgroup>s: typing a city's first letters jumps to it without JavaScript;
static/js/time-zone-filter.js adds a filter box.
"""

import datetime as dt
import unicodedata
import zoneinfo
from collections.abc import Iterable
from functools import lru_cache

from babel.core import get_global
from babel.dates import get_timezone, get_timezone_location, get_timezone_name
from django import forms
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

# IANA regions, as the zone names start; "UTC" stands alone.
REGIONS = {
    "Africa": gettext_lazy("Africa"),
    "America": gettext_lazy("Americas"),
    "Antarctica": gettext_lazy("Antarctica"),
    "Arctic": gettext_lazy("Arctic"),
    "Asia": gettext_lazy("Asia"),
    "Atlantic": gettext_lazy("Atlantic Ocean"),
    "Australia": gettext_lazy("Australia"),
    "Europe": gettext_lazy("Europe"),
    "Indian": gettext_lazy("Indian Ocean"),
    "Pacific": gettext_lazy("Pacific Ocean"),
}


@lru_cache
def zone_names() -> tuple[str, ...]:
    """Return the zones offered: the current IANA name of each place (no old aliases such as
    "Asia/Calcutta" or "US/Eastern"), and UTC."""
    aliases = get_global("zone_aliases")
    return tuple(
        sorted(
            name
            for name in zoneinfo.available_timezones()
            if name.split("/")[0] in REGIONS and name not in aliases
        )
    ) + ("UTC",)


def country_zones(country: str) -> list[str]:
    """Return the zones of a country (ISO 3166 code), its main one first ("FR": Paris)."""
    return list(get_global("territory_zones").get((country or "").upper(), ()))


def _locale() -> str:
    return (get_language() or "fr")[:2]


def _offset(name: str, when: dt.datetime) -> str:
    offset = when.astimezone(zoneinfo.ZoneInfo(name)).utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def zone_label(name: str, *, locale: str | None = None, when: dt.datetime | None = None) -> str:
    """Return `name` in words, e.g. "Paris (Central European Time, UTC+01:00)"."""
    locale = locale or _locale()
    when = when or timezone.now()
    if name == "UTC":
        return _("UTC (Coordinated Universal Time)")
    try:
        zone = get_timezone(name)
        city = get_timezone_location(zone, locale=locale, return_city=True)
        long_name = get_timezone_name(zone, "long", locale=locale)
    except LookupError:
        return f"{name.replace('_', ' ')} ({_offset(name, when)})"
    return f"{city} ({long_name}, {_offset(name, when)})"


def _sort_key(label: str) -> str:
    decomposed = unicodedata.normalize("NFKD", label.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=8)
def _regions(locale: str, day: dt.date) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """Return every zone by region, labelled in `locale` with the offsets of `day`: computed
    once a day per language (a few hundred zones)."""
    when = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in zone_names():
        if name == "UTC":
            continue
        groups.setdefault(name.split("/")[0], []).append(
            (name, zone_label(name, locale=locale, when=when))
        )
    ordered = sorted(groups, key=lambda region: _sort_key(str(REGIONS[region])))
    return tuple(
        (
            str(REGIONS[region]),
            tuple(sorted(groups[region], key=lambda choice: _sort_key(choice[1]))),
        )
        for region in ordered
    ) + ((_("Other"), (("UTC", zone_label("UTC", locale=locale)),)),)


def time_zone_choices(suggested: Iterable[str] = ()) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the picker's choices in the active language: the `suggested` zones first (any
    valid zone name, old aliases included, so that a stored value stays selectable), then
    every zone by region."""
    locale = _locale()
    first: list[tuple[str, str]] = []
    for name in dict.fromkeys(name for name in suggested if name):
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue
        first.append((name, zone_label(name, locale=locale)))
    regions = [(label, list(choices)) for label, choices in _regions(locale, timezone.now().date())]
    if first:
        return [(_("Suggested"), first), *regions]
    return regions


class TimeZoneField(forms.ChoiceField):
    """A time zone chosen in the picker. The form's __init__ calls `suggest` with the zones
    to put first: the choices are built then, in the language of the request."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.Select(
                attrs={
                    # static/js/time-zone-filter.js adds a filter box with this label.
                    "data-time-zone-filter": gettext_lazy("Filter the list by city or region"),
                    "autocomplete": "off",
                }
            ),
        )
        super().__init__(**kwargs)

    def suggest(self, zones: Iterable[str]) -> None:
        self.choices = time_zone_choices(zones)
