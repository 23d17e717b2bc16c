"""Background work of goals: the hourly nudge for check-ins that are due.

``check_ins_remind_due`` is a plain function of ``now`` wrapped in a scheduled task, so
tests drive the clock. A check-in is due once the owner's own date reaches
``next_check_in_due``. Each reminder is claimed on the goal row (``reminded_for``, a
conditional update) before the owner is told, and the notification's key names the due
date: one nudge per due date, however often the job runs or is retried. A member who does
not check in is not reminded again until their next check-in sets a new date.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from salon.core.jobs import retrying, scheduled
from salon.goals import notifications
from salon.goals.models import Goal, GoalStatus
from salon.goals.services.goals import local_today

logger = logging.getLogger(__name__)


class NotAllReminded(Exception):
    """Some reminders failed; their claims were given back, to be retried."""


def check_ins_remind_due(*, now: datetime) -> int:
    """Nudge every owner whose check-in is due today in their time zone (or overdue and
    not yet nudged for that date); returns how many were told."""
    # Nowhere on Earth is it more than 14 hours ahead of UTC: a superset, narrowed per owner.
    horizon = (now + timedelta(hours=15)).date()
    due = (
        Goal.objects.filter(status=GoalStatus.ACTIVE, next_check_in_due__lte=horizon)
        .exclude(reminded_for=F("next_check_in_due"))
        .select_related("community", "owner")
        .order_by("next_check_in_due", "pk")
    )
    told, failed = 0, []
    for goal in due.iterator(chunk_size=500):
        if local_today(goal.owner, now=now) < goal.next_check_in_due:
            continue
        try:
            with transaction.atomic():
                # Claim it for this due date; a second scheduler, or a check-in since the
                # query (a new due date), finds nothing to update.
                claimed = (
                    Goal.objects.filter(
                        pk=goal.pk,
                        status=GoalStatus.ACTIVE,
                        next_check_in_due=goal.next_check_in_due,
                    )
                    .exclude(reminded_for=F("next_check_in_due"))
                    .update(reminded_for=goal.next_check_in_due)
                )
                if claimed:
                    told += notifications.check_in_due(goal=goal)
        except Exception:
            logger.warning("The check-in reminder of goal %s failed", goal.pk, exc_info=True)
            failed.append(goal.pk)
    if failed:
        raise NotAllReminded(f"Check-in reminders of goals {failed} failed")
    return told


@scheduled("goals.check_in_reminders", every=timedelta(hours=1))
@task()
@retrying()
def send_check_in_reminders(*, slot: str) -> int:
    """Hourly: a gentle nudge to members whose goal check-in is due."""
    return check_ins_remind_due(now=max(datetime.fromisoformat(slot), timezone.now()))
