"""The cultural context of one person, as someone else sees it: their local time, how far
their working day overlaps the viewer's, their working week, public holidays this week and
next, their languages, how to say their name, what they wrote about working with them,
and the notes their shared communities keep about working with people in their country.

One read model for the profile panel and ``GET /api/v1/people/{id}/context``; three
queries whatever the person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from salon.communities.roles import memberships_of
from salon.core import working_time as culture
from salon.network.models import CountryNote, NetworkSettings


@dataclass(frozen=True)
class PersonContext:
    local_now: datetime  # in their time zone
    offset_minutes: int  # their UTC offset minus the viewer's, now
    workdays: frozenset[int]
    weekend_differs: bool  # from the viewer's
    working_now: bool
    shared_per_day: timedelta  # the longest shared stretch on one day of the coming week
    next_shared: tuple[datetime, datetime] | None  # in the viewer's time zone
    holidays: list[tuple[date, str]]  # theirs, this week and next
    languages: list[str]
    name_pronunciation: str = ""
    working_notes: str = ""
    notes: list[CountryNote] = field(default_factory=list)
    is_me: bool = False

    @property
    def working_week(self) -> str:
        return describe_days(self.workdays)

    @property
    def shared_text(self) -> str:
        return _span(int(self.shared_per_day.total_seconds() // 60))

    @property
    def offset_text(self) -> str:
        amount = _span(abs(self.offset_minutes))
        if self.offset_minutes > 0:
            return _("%(amount)s ahead of you") % {"amount": amount}
        if self.offset_minutes < 0:
            return _("%(amount)s behind you") % {"amount": amount}
        return _("the same time as you")


def _span(minutes: int) -> str:
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h" if not minutes else f"{hours} h {minutes:02d}"


def describe_days(days: frozenset[int]) -> str:
    """``{6, 0, 1, 2, 3}`` → "Sunday to Thursday"; a broken week lists its days."""
    if not days:
        return ""
    ordered = sorted(days)
    # A run may wrap past Sunday: start it after the first day off.
    for start in ordered:
        if (start - 1) % 7 not in days:
            break
    run = [(start + i) % 7 for i in range(len(days))]
    if set(run) == set(days) and len(days) > 1:
        return _("%(first)s to %(last)s") % {
            "first": WEEKDAYS[run[0]],
            "last": WEEKDAYS[run[-1]],
        }
    return ", ".join(str(WEEKDAYS[d]) for d in ordered)


def _hours(person: Any, days_off: frozenset[date] = frozenset()) -> culture.Hours:
    return culture.Hours(
        tz=person.timezone,
        start=person.work_start,
        end=person.work_end,
        workdays=culture.workdays(person.country),
        days_off=days_off,
    )


def person_context(*, viewer: Any, person: Any, now: datetime | None = None) -> PersonContext:
    """What ``viewer`` should know to work well with ``person`` (whose profile the caller
    has already let them see)."""
    now = now or timezone.now()
    theirs = ZoneInfo(person.timezone)
    mine = ZoneInfo(viewer.timezone)
    local_now = now.astimezone(theirs)
    their_offset = local_now.utcoffset() or timedelta(0)
    my_offset = now.astimezone(mine).utcoffset() or timedelta(0)

    today = local_now.date()
    monday = today - timedelta(days=today.weekday())
    holidays = culture.holidays_between(person.country, monday, monday + timedelta(days=13))

    their_hours = _hours(person, frozenset(day for day, _name in holidays))
    my_hours = _hours(viewer)
    spans = culture.overlap(my_hours, their_hours, around=now)
    upcoming = [(start, end) for start, end in spans if end > now]
    next_shared = (
        (max(upcoming[0][0], now).astimezone(mine), upcoming[0][1].astimezone(mine))
        if upcoming
        else None
    )
    working_now = any(
        start <= now < end for start, end in their_hours.intervals(today - timedelta(days=1), today)
    )

    style = NetworkSettings.objects.filter(user_id=person.pk).first()
    shared_communities = set(memberships_of(viewer)) & set(memberships_of(person))
    notes = (
        list(
            CountryNote.objects.filter(
                community_id__in=shared_communities, country=person.country
            ).select_related("community")
        )
        if person.country and shared_communities
        else []
    )
    return PersonContext(
        local_now=local_now,
        offset_minutes=int((their_offset - my_offset).total_seconds() // 60),
        workdays=their_hours.workdays,
        weekend_differs=their_hours.workdays != my_hours.workdays,
        working_now=working_now,
        shared_per_day=culture.typical_overlap(my_hours, their_hours, around=now),
        next_shared=next_shared,
        holidays=holidays,
        languages=[str(language) for language in person.languages.all()],
        name_pronunciation=style.name_pronunciation if style else "",
        working_notes=style.working_notes if style else "",
        notes=notes,
        is_me=person.pk == viewer.pk,
    )
