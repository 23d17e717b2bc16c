"""Recurring series in wall-clock time: plain data in, instants out (no Django here).

A series is planned in a time zone: "every week, Tuesday 09:00 Europe/London". Its
occurrences are computed in local wall-clock time first and only then turned into UTC
instants, so the series stays at 09:00 London when the clocks change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from dateutil import rrule
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext, pgettext

MAX_OCCURRENCES = 104  # two years of a weekly series
_WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Recurrence:
    frequency: str  # daily | weekly | monthly_by_date | monthly_by_weekday
    interval: int = 1
    count: int | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if self.frequency not in {"daily", "weekly", "monthly_by_date", "monthly_by_weekday"}:
            raise ValueError(f"Unknown frequency {self.frequency!r}.")
        if not 1 <= self.interval <= 52:
            raise ValueError("The interval must be between 1 and 52.")
        if self.count is not None and not 1 <= self.count <= MAX_OCCURRENCES:
            raise ValueError(f"A series has between 1 and {MAX_OCCURRENCES} occurrences.")


def nth_weekday(day: date) -> int:
    """Which of its weekday the date is in its month: 1 for "first", -1 for "last"."""
    nth = (day.day - 1) // 7 + 1
    return -1 if nth == 5 else nth


def _rule(recurrence: Recurrence, start: datetime) -> rrule.rrule:
    kwargs: dict[str, Any] = {"dtstart": start, "interval": recurrence.interval}
    freq: Any
    if recurrence.frequency == "daily":
        freq = rrule.DAILY
    elif recurrence.frequency == "weekly":
        freq = rrule.WEEKLY
        kwargs["byweekday"] = _WEEKDAYS[start.weekday()]
    elif recurrence.frequency == "monthly_by_date":
        freq = rrule.MONTHLY
        kwargs["bymonthday"] = start.day
    else:
        freq = rrule.MONTHLY
        kwargs["byweekday"] = _WEEKDAYS[start.weekday()](nth_weekday(start.date()))
    if recurrence.until is not None:
        kwargs["until"] = datetime.combine(recurrence.until, time(23, 59, 59))
    kwargs["count"] = recurrence.count or (None if recurrence.until else MAX_OCCURRENCES)
    return rrule.rrule(freq, **kwargs)


def local_to_utc(local: datetime, tz: str) -> datetime:
    """A naive wall-clock time in ``tz`` as a UTC instant (a time skipped by a DST change
    moves forward with the clocks, as calendar apps do)."""
    return local.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)


def occurrences(
    recurrence: Recurrence, *, start_local: datetime, tz: str
) -> list[tuple[datetime, datetime]]:
    """(local wall-clock start, UTC instant) of each occurrence, at most MAX_OCCURRENCES."""
    starts = list(_rule(recurrence, start_local))[:MAX_OCCURRENCES]
    return [(local, local_to_utc(local, tz)) for local in starts]


def ical_rrule(recurrence: Recurrence, *, start_local: datetime, tz: str) -> dict[str, Any]:
    """The RRULE as icalendar's vRecur mapping (UNTIL in UTC, as RFC 5545 requires)."""
    value: dict[str, Any] = {"INTERVAL": recurrence.interval}
    if recurrence.frequency == "daily":
        value["FREQ"] = "DAILY"
    elif recurrence.frequency == "weekly":
        value["FREQ"] = "WEEKLY"
        value["BYDAY"] = _ICAL_DAYS[start_local.weekday()]
    elif recurrence.frequency == "monthly_by_date":
        value["FREQ"] = "MONTHLY"
        value["BYMONTHDAY"] = start_local.day
    else:
        value["FREQ"] = "MONTHLY"
        value["BYDAY"] = f"{nth_weekday(start_local.date())}{_ICAL_DAYS[start_local.weekday()]}"
    if recurrence.until is not None:
        value["UNTIL"] = local_to_utc(datetime.combine(recurrence.until, time(23, 59, 59)), tz)
    else:
        value["COUNT"] = recurrence.count or MAX_OCCURRENCES
    return value


def describe(recurrence: Recurrence, start_local: datetime) -> str:
    """ "Every 2 weeks on Tuesday", "Every month on the second Tuesday", in the reader's
    language (for display)."""
    day = date_format(start_local, "l")
    n = recurrence.interval
    if recurrence.frequency == "daily":
        text = npgettext("repeats", "Every day", "Every %(n)d days", n) % {"n": n}
    elif recurrence.frequency == "weekly":
        text = ngettext("Every week on %(day)s", "Every %(n)d weeks on %(day)s", n) % {
            "n": n,
            "day": day,
        }
    elif recurrence.frequency == "monthly_by_date":
        text = ngettext("Every month on day %(d)d", "Every %(n)d months on day %(d)d", n) % {
            "n": n,
            "d": start_local.day,
        }
    else:
        nth = {
            1: pgettext("the nth weekday of a month", "first"),
            2: pgettext("the nth weekday of a month", "second"),
            3: pgettext("the nth weekday of a month", "third"),
            4: pgettext("the nth weekday of a month", "fourth"),
            -1: pgettext("the nth weekday of a month", "last"),
        }[nth_weekday(start_local.date())]
        text = ngettext(
            "Every month on the %(nth)s %(day)s", "Every %(n)d months on the %(nth)s %(day)s", n
        ) % {"n": n, "nth": nth, "day": day}
    if recurrence.count:
        text = ngettext(
            "%(text)s, %(count)d time", "%(text)s, %(count)d times", recurrence.count
        ) % {"text": text, "count": recurrence.count}
    elif recurrence.until:
        text = _("%(text)s, until %(date)s") % {
            "text": text,
            "date": date_format(recurrence.until, "DAY_MON_YEAR"),
        }
    return text
