"""Local times, time zones and the slots proposed to a pair: pure functions, no database.

A local date and time is turned into UTC once, when a meeting is scheduled. Two local times
are refused rather than guessed (docs/meetings.md): the ones skipped when the clocks go
forward (02:30 on the last Sunday of March in Europe/Paris does not exist) and the ones that
happen twice when they go back (02:30 on the last Sunday of October).
"""

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import holidays

from bascule.programs.availability import DAYS, PERIODS, slot_label

UTC = dt.UTC

# When a half-day slot's meeting starts, in the organiser's time zone.
SLOT_STARTS: dict[str, dt.time] = {
    "am": dt.time(10, 0),
    "noon": dt.time(12, 30),
    "pm": dt.time(14, 0),
    "eve": dt.time(18, 0),
}
WEEKDAY_CODES = [code for code, _label in DAYS]  # Monday = 0 … Friday = 4


class LocalTimeError(ValueError):
    """A local time that does not exist (`code` "nonexistent") or exists twice ("ambiguous")."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@cache
def time_zone_names() -> list[str]:
    """Every IANA time zone name known here, sorted."""
    return sorted(name for name in zoneinfo.available_timezones() if "/" in name or name == "UTC")


def get_zone(name: str) -> zoneinfo.ZoneInfo | None:
    """Return the time zone called `name`, or None when it is unknown."""
    if name not in time_zone_names():
        return None
    return zoneinfo.ZoneInfo(name)


def to_utc(day: dt.date, time: dt.time, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """Return the UTC instant of `day` at `time` in `zone`, or raise LocalTimeError."""
    naive = dt.datetime.combine(day, time.replace(tzinfo=None, fold=0))
    first = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if first.astimezone(zone).replace(tzinfo=None) != naive:
        raise LocalTimeError("nonexistent")
    if first != second:
        raise LocalTimeError("ambiguous")
    return first


@dataclass(frozen=True)
class Slot:
    """A concrete time proposed to a pair, in the organiser's time zone."""

    starts_at: dt.datetime  # aware, in the organiser's zone
    code: str  # e.g. "tue-am"

    @property
    def label(self) -> str:
        return slot_label(self.code)


def public_holidays(
    country: str, first: dt.date, last: dt.date, *, language: str | None = None
) -> dict[dt.date, str]:
    """Return the public holidays of `country` (ISO 3166 code) from `first` to `last`, with
    their names in `language` when the `holidays` library has it; none for no country."""
    if not country or country.upper() not in holidays.list_supported_countries():
        return {}
    code = country.upper()
    names = holidays.list_localized_countries().get(code, [])
    wanted = next((n for n in names if language and n.split("_")[0] == language), None)
    # Without a translation in `language`, the names stay in the country's own language.
    wanted = wanted or holidays.country_holidays(code).default_language
    calendar = holidays.country_holidays(
        code, years=range(first.year, last.year + 1), language=wanted
    )
    return {day: name for day, name in sorted(calendar.items()) if first <= day <= last}


def common_slots(*availabilities: Iterable[str]) -> list[str]:
    """Return the weekday half-day slots every availability has, Monday morning first."""
    sets = [set(a or ()) for a in availabilities]
    common = set.intersection(*sets) if sets else set()
    order = [f"{day}-{period}" for day, _d in DAYS for period, _p in PERIODS]
    return [code for code in order if code in common]


def next_slots(
    codes: Iterable[str],
    *,
    zone: zoneinfo.ZoneInfo,
    now: dt.datetime,
    first_day: dt.date | None = None,
    last_day: dt.date | None = None,
    busy_days: Iterable[dt.date] = (),
    closed_days: Iterable[dt.date] = (),
    count: int = 6,
    horizon_days: int = 56,
) -> list[Slot]:
    """Return the next `count` dates and times matching the slot `codes`, in `zone`.

    Only times at least an hour after `now`, between `first_day` and `last_day` (the
    program's dates), not on a day in `busy_days` (the pair meets already) nor in
    `closed_days` (public holidays), and that exist once on the local clock.
    """
    wanted = set(codes)
    busy = set(busy_days) | set(closed_days)
    local_now = now.astimezone(zone)
    day = max(local_now.date(), first_day or local_now.date())
    earliest = now + dt.timedelta(hours=1)
    found: list[Slot] = []
    for _offset in range(horizon_days):
        if last_day is not None and day > last_day:
            break
        if day.weekday() < len(WEEKDAY_CODES) and day not in busy:
            for period, _label in PERIODS:
                code = f"{WEEKDAY_CODES[day.weekday()]}-{period}"
                if code not in wanted:
                    continue
                try:
                    start = to_utc(day, SLOT_STARTS[period], zone)
                except LocalTimeError:
                    continue
                if start >= earliest:
                    found.append(Slot(starts_at=start.astimezone(zone), code=code))
                    if len(found) >= count:
                        return found
        day += dt.timedelta(days=1)
    return found
