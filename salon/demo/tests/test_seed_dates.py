"""The demo is current whenever it is seeded: objectives contain the day, updates happened
inside their period and before that day, nobody meets on 24–26 December, 31 December or
1 January, and no region always takes the night call."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from freezegun import freeze_time

import salon.urls  # noqa: F401  (before time is frozen: the API's schemas refuse a fake datetime)
from salon.accounts.models import User
from salon.communities.models import CircleMembership, Membership
from salon.events.models import Event
from salon.goals.models import KeyResultUpdate, Objective

DAYS_OFF = {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1)}
DAY_STARTS, DAY_ENDS = time(7), time(21)


def _audience(event: Event) -> list[User]:
    if event.circle_id:
        people = User.objects.filter(
            pk__in=CircleMembership.objects.filter(circle_id=event.circle_id).values("user_id")
        )
    else:
        people = User.objects.filter(
            pk__in=Membership.objects.filter(community_id=event.community_id).values("user_id")
        )
    return list(people)


def _at_night(event: Event, person: User) -> bool:
    zone = ZoneInfo(person.timezone)
    starts, ends = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    return starts.time() < DAY_STARTS or ends.date() > starts.date() or ends.time() > DAY_ENDS


def _regions_at_night(event: Event, audience: list[User]) -> set[str]:
    """Regions where most of the event's audience would be up at night."""
    by_region: dict[str, list[bool]] = defaultdict(list)
    for person in audience:
        by_region[person.region].append(_at_night(event, person))
    return {region for region, nights in by_region.items() if sum(nights) > len(nights) / 2}


@pytest.mark.parametrize("today", [date(2027, 1, 1), date(2027, 6, 30), date(2026, 12, 7)])
def test_the_demo_is_current_and_fair_whatever_day_it_is_seeded(db: Any, today: date) -> None:
    with freeze_time(datetime.combine(today, time(10, 0))):
        call_command("seed_demo")

    objectives = Objective.objects.filter(archived_at__isnull=True)
    assert objectives.exists()
    for objective in objectives:
        assert objective.starts_on <= today <= objective.ends_on, objective.period
        assert str(today.year) in objective.period
    for update in KeyResultUpdate.objects.select_related("key_result__objective"):
        objective = update.key_result.objective
        assert objective.starts_on <= update.at.date() < today, (update.at, objective.period)
        assert update.at.date() <= objective.ends_on

    events = list(Event.objects.filter(status="scheduled"))
    for event in events:
        local = event.starts_at.astimezone(ZoneInfo(event.timezone))
        for moment in (local, event.ends_at.astimezone(ZoneInfo(event.timezone))):
            assert (moment.month, moment.day) not in DAYS_OFF, (event.title, moment)

    # Recurring sessions (series, and the cohort's planned calls): no region of their
    # audience is up at night for more than half of them.
    recurring: dict[str, list[Event]] = defaultdict(list)
    for event in Event.objects.all():
        if event.series_id:
            recurring[f"series {event.series_id}"].append(event)
        elif "fair rotation" in event.title:
            recurring["cohort calls"].append(event)
    assert len(recurring) >= 3  # the webinar, the chapter check-ins, the cohort calls
    for name, occurrences in recurring.items():
        audience = _audience(occurrences[0])
        nights: dict[str, int] = defaultdict(int)
        for event in occurrences:
            for region in _regions_at_night(event, audience):
                nights[region] += 1
        for region, count in nights.items():
            assert count <= len(occurrences) / 2, (name, occurrences[0].title, region, count)
