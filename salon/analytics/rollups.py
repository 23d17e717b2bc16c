"""The daily rollups: what each person did each day, and who did something together,
rebuilt from the other apps' records (``sources``) a range of days at a time.

``roll_up(community_id, start, end)`` replaces the rows of those days in one transaction,
so running it twice leaves the same rows (idempotent). ``roll_up_community`` is the
incremental step the hourly task runs: from the day after the last one rolled (the whole
history the first time), and again over the last ``LATE_DAYS`` days, because some things
are recorded after the day they belong to (attendance ticked the next morning, the
follow-up answered two weeks after a session). It then stores the dashboard's figures
(``OutcomeSnapshot``), so the page reads one row.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from salon.analytics.models import DailyActivity, DailyTie, Rollup
from salon.analytics.sources import ACTIVITY_SOURCES, COUNT_SOURCES, INTERACTION_SOURCES
from salon.communities.models import Community

logger = logging.getLogger(__name__)

# Follow-ups are answered two weeks after a session, and counted by the day it was held.
LATE_DAYS = 15
# Days rebuilt in one transaction when catching up on a long history.
CHUNK_DAYS = 92
BATCH = 2000
# How far back the first run looks for a community's history.
HISTORY = timedelta(days=3 * 366)


def _at(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


@transaction.atomic
def roll_up(community_id: int, start: date, end: date) -> tuple[int, int]:
    """Rebuild the rollups of the days from ``start`` to ``end`` (both included); return
    the rows written (activity, ties)."""
    since, until = _at(start), _at(end + timedelta(days=1))
    rows: dict[tuple[int, date], dict[str, int | bool]] = {}
    for source in ACTIVITY_SOURCES:
        for user_id, day in source(community_id, since, until):
            if user_id is not None:
                rows.setdefault((user_id, day), {})["active"] = True
    for column, count_source in COUNT_SOURCES.items():
        for user_id, day, n in count_source(community_id, since, until):
            if user_id is not None:
                row = rows.setdefault((user_id, day), {})
                row[column] = int(row.get(column, 0)) + n
    ties: dict[tuple[date, int, int], int] = {}
    for interaction_source in INTERACTION_SOURCES:
        for i in interaction_source(community_id, since, until):
            if i.a == i.b or i.a is None or i.b is None:
                continue
            key = (i.day, min(i.a, i.b), max(i.a, i.b))
            ties[key] = ties.get(key, 0) + 1
    DailyActivity.objects.filter(community_id=community_id, day__gte=start, day__lte=end).delete()
    DailyTie.objects.filter(community_id=community_id, day__gte=start, day__lte=end).delete()
    DailyActivity.objects.bulk_create(
        (
            DailyActivity(community_id=community_id, user_id=user_id, day=day, **values)
            for (user_id, day), values in rows.items()
        ),
        batch_size=BATCH,
    )
    DailyTie.objects.bulk_create(
        (
            DailyTie(community_id=community_id, day=day, low_id=low, high_id=high, interactions=n)
            for (day, low, high), n in ties.items()
        ),
        batch_size=BATCH,
    )
    return len(rows), len(ties)


def roll_up_community(community: Community, *, today: date | None = None) -> date:
    """Bring the community's rollups up to ``today``; return the first day rebuilt."""
    today = today or timezone.now().date()
    state = Rollup.objects.filter(community=community).first()
    if state is None:
        # The first run takes the whole history, imported records dated before the
        # community was made included.
        start = min(community.created_at.astimezone(UTC).date(), today - HISTORY)
    else:
        start = min(state.through + timedelta(days=1), today - timedelta(days=LATE_DAYS))
    day = start
    while day <= today:
        last = min(day + timedelta(days=CHUNK_DAYS - 1), today)
        roll_up(community.pk, day, last)
        day = last + timedelta(days=1)
    Rollup.objects.update_or_create(community=community, defaults={"through": today})
    return start


def snapshots_store(community: Community, *, today: date | None = None) -> None:
    """Compute the dashboard's figures for each period the page offers, from the rollups,
    and keep them for the pages and the API to read."""
    from salon.analytics import selectors
    from salon.analytics.models import OutcomeSnapshot

    today = today or timezone.now().date()
    for days in selectors.PERIODS:
        outcomes = selectors.outcomes_computed(community=community, days=days, today=today)
        OutcomeSnapshot.objects.update_or_create(
            community=community,
            days=days,
            defaults={"computed_on": today, "figures": selectors.outcomes_dumped(outcomes)},
        )
