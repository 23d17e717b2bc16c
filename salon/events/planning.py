"""A person as the fair planner sees them, for every planner caller (the "Find a time"
page, its API, coffee roulette): their time zone and working day, their country's working
week, and their public holidays as whole days they cannot make."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from salon.core import working_time as culture
from salon.events import planner


def participant_of(
    person: Any, *, between: tuple[date, date] | None = None
) -> tuple[planner.Participant, dict[date, str]]:
    """One person as the planner sees them: their time zone and working day, their
    country's working week, and (with ``between``) their public holidays in that range as
    whole days they cannot make, which are also returned by day."""
    days_off = dict(culture.holidays_between(person.country, *between)) if between else {}
    zone = ZoneInfo(person.timezone)
    participant = planner.Participant(
        id=person.pk,
        tz=person.timezone,
        work_start=person.work_start,
        work_end=person.work_end,
        region=person.get_region_display() if person.region else _("Other"),
        workdays=culture.workdays(person.country),
        unavailable=tuple(
            (
                datetime.combine(day, time(0), zone),
                datetime.combine(day + timedelta(days=1), time(0), zone),
            )
            for day in days_off
        ),
    )
    return participant, days_off
