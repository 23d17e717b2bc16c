"""The hourly rollup: every community's daily rollups brought up to date, and the
dashboard's figures computed from them (rollups.py)."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from django_tasks import task

from salon.analytics.rollups import roll_up_community, snapshots_store
from salon.communities.models import Community
from salon.core.jobs import retrying, scheduled

logger = logging.getLogger(__name__)


@scheduled("analytics.rollup", every=timedelta(hours=1))
@task()
@retrying()
def roll_up_outcomes(*, slot: str) -> int:
    """Hourly: roll up each community's new days (and its last few again, for what is
    recorded late), then store its dashboard figures. Returns the communities rolled."""
    today = datetime.fromisoformat(slot).date()
    communities = list(Community.objects.order_by("pk"))
    for community in communities:
        started = time.perf_counter()
        roll_up_community(community, today=today)
        snapshots_store(community, today=today)
        logger.info(
            "Rolled up the outcomes of %s in %.1f s", community.slug, time.perf_counter() - started
        )
    return len(communities)


@task()
@retrying()
def prepare_outcomes(*, community_id: int) -> bool:
    """The first figures of a community the hourly job has not reached yet (a page asked
    for them): roll it up and store them now. Returns whether it did."""
    from salon.analytics.models import OutcomeSnapshot

    community = Community.objects.filter(pk=community_id).first()
    if community is None or OutcomeSnapshot.objects.filter(community=community).exists():
        return False
    roll_up_community(community)
    snapshots_store(community)
    return True


@scheduled("analytics.monthly_report", every=timedelta(days=1))
@task()
@retrying()
def send_monthly_reports(*, slot: str) -> int:
    """Daily, acting on the first of the month: last month's figures to each community's
    sponsors and the directors who asked. Returns the emails sent."""
    from salon.analytics.report import reports_send

    today = datetime.fromisoformat(slot).date()
    if today.day != 1:
        return 0
    return reports_send(today=today)
