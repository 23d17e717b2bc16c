"""Working across cultures, in plain terms: where a country's weekend falls, its public
holidays, and how two people's working days overlap.

Plain inputs only (country names as profiles hold them, time zone names, times of day), so
the profile, the API and the planner all ask the same questions and the answers are tested
without a database. Holidays and weekends come from the ``holidays`` package, which knows
that Saudi Arabia and Egypt rest on Friday and Saturday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from holidays.registry import COUNTRIES

MONDAY_TO_FRIDAY = frozenset(range(5))
EVERY_DAY = frozenset(range(7))

# Names people write that the package spells differently.
_ALIASES = {
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "usa": "US",
    "us": "US",
    "united states of america": "US",
    "america": "US",
    "uae": "AE",
    "emirates": "AE",
    "south korea": "KR",
    "korea": "KR",
    "hong kong": "HK",
    "czech republic": "CZ",
    "ksa": "SA",
    "holland": "NL",
    "the netherlands": "NL",
    "ivory coast": "CI",
    "türkiye": "TR",
    "turkiye": "TR",
}


def _words(class_name: str) -> str:
    """``UnitedArabEmirates`` → ``united arab emirates``."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", class_name).lower()


@cache
def _codes_by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for module, entry in COUNTRIES.items():
        class_name, code = entry[0], entry[1]
        names[_words(class_name)] = code
        names[module.replace("_", " ")] = code
        names[code.lower()] = code
    names.update(_ALIASES)
    return names


def country_code(country: str) -> str | None:
    """The ISO 3166 code of a country as a profile names it, or None if unknown."""
    # "United States (West)": the part in brackets says where, not which country.
    plain = re.sub(r"\s*\(.*\)\s*$", "", country)
    key = " ".join(plain.strip().lower().replace(".", "").split())
    return _codes_by_name().get(key) if key else None


@cache
def _calendar(code: str) -> holidays.HolidayBase:
    return holidays.country_holidays(code)


def workdays(country: str) -> frozenset[int]:
    """The days someone in this country works, Monday = 0; Monday to Friday if unknown."""
    code = country_code(country)
    if code is None:
        return MONDAY_TO_FRIDAY
    weekend = frozenset(_calendar(code).weekend)
    return EVERY_DAY - weekend if weekend else MONDAY_TO_FRIDAY


def holidays_between(country: str, start: date, end: date) -> list[tuple[date, str]]:
    """Public holidays from ``start`` to ``end`` (both included), in date order. Two
    holidays on one day are named together."""
    code = country_code(country)
    if code is None or end < start:
        return []
    calendar = _calendar(code)
    found = []
    day = start
    while day <= end:
        name = calendar.get(day)
        if name:
            found.append((day, name))
        day += timedelta(days=1)
    return found


@dataclass(frozen=True)
class Hours:
    """Someone's working day in their own time zone, on their own working week."""

    tz: str
    start: time
    end: time
    workdays: frozenset[int] = MONDAY_TO_FRIDAY
    days_off: frozenset[date] = frozenset()

    def intervals(self, first: date, last: date) -> list[tuple[datetime, datetime]]:
        """Working intervals (aware, UTC) on local days ``first`` to ``last``. A day that
        ends after midnight (a night shift) runs into the next day."""
        zone = ZoneInfo(self.tz)
        utc = ZoneInfo("UTC")
        out = []
        day = first
        while day <= last:
            if day.weekday() in self.workdays and day not in self.days_off:
                begin = datetime.combine(day, self.start, zone)
                finish_day = day if self.end > self.start else day + timedelta(days=1)
                finish = datetime.combine(finish_day, self.end, zone)
                out.append((begin.astimezone(utc), finish.astimezone(utc)))
            day += timedelta(days=1)
        return out


def overlap(
    a: Hours, b: Hours, *, around: datetime, days: int = 7
) -> list[tuple[datetime, datetime]]:
    """When both work, in the ``days`` days from ``around``'s local date (in ``a``'s zone),
    as aware UTC intervals in time order."""
    first = around.astimezone(ZoneInfo(a.tz)).date()
    last = first + timedelta(days=days - 1)
    # The other person's local days reach one day either side of ours.
    theirs = b.intervals(first - timedelta(days=1), last + timedelta(days=1))
    ours = a.intervals(first, last)
    shared = []
    for start_a, end_a in ours:
        for start_b, end_b in theirs:
            start, end = max(start_a, start_b), min(end_a, end_b)
            if start < end:
                shared.append((start, end))
    return sorted(shared)


def typical_overlap(a: Hours, b: Hours, *, around: datetime) -> timedelta:
    """The longest shared stretch on any one day of the coming week: what "how much of my
    day do we share" means to people, rather than a weekly total."""
    spans = overlap(a, b, around=around)
    return max((end - start for start, end in spans), default=timedelta(0))
