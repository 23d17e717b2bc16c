"""Background work of the innovation lab: telling an idea's authors it moved stage, and
telling a hackathon's teams and judges what concerns them.

The scheduled job is a plain function of ``now`` (``hackathon_deadlines_send_due``) that
claims each send on the hackathon's row, so two schedulers, or a retry, tell people once
per deadline (and once more if the deadline moves).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from salon.core.jobs import retrying, scheduled
from salon.innovation import notifications
from salon.innovation.models import Hackathon

logger = logging.getLogger(__name__)


class NotAllSent(Exception):
    """Telling some hackathons' people failed; their claims were given back, to be retried."""


@task()
@retrying()
def send_idea_moved(*, move_id: int, actor_id: int) -> None:
    notifications.idea_moved(move_id=move_id, actor_id=actor_id)


@task()
@retrying()
def send_team_joined(*, member_id: int) -> None:
    notifications.team_joined(member_id=member_id)


@task()
@retrying()
def send_team_invited(*, team_id: int, user_id: int, actor_id: int) -> None:
    notifications.team_invited(team_id=team_id, user_id=user_id, actor_id=actor_id)


@task()
@retrying()
def send_judge_added(*, judge_id: int, actor_id: int) -> None:
    notifications.judge_added(judge_id=judge_id, actor_id=actor_id)


@task()
@retrying()
def send_results_announced(*, hackathon_id: int, actor_id: int) -> None:
    notifications.results_announced(hackathon_id=hackathon_id, actor_id=actor_id)


def _not_yet(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | ~Q(**{field: F("submit_until")})


def hackathon_deadlines_send_due(*, now: datetime) -> int:
    """The day-ahead reminder of the submission deadline to every team member, and, once
    submissions close, each judge's assigned teams. Returns how many people were told."""
    lead = notifications.SUBMISSION_REMINDER_LEAD
    latest = notifications.SUBMISSION_REMINDER_LATEST
    open_ones = Hackathon.objects.filter(results_published_at__isnull=True).select_related(
        "event__circle", "event__community", "community"
    )
    jobs = (
        (
            "reminded_submit_for",
            open_ones.filter(
                _not_yet("reminded_submit_for"),
                submit_until__gt=now + latest,
                submit_until__lte=now + lead,
            ),
            notifications.submission_due,
        ),
        (
            "judges_told_for",
            open_ones.filter(
                _not_yet("judges_told_for"), submit_until__lte=now, judge_until__gt=now
            ),
            notifications.judging_open,
        ),
    )
    told, failed = 0, []
    for field, due, tell in jobs:
        for hackathon in due.order_by("submit_until", "pk"):
            try:
                with transaction.atomic():
                    # Claim it for this deadline; a second scheduler, or a deadline moved
                    # since the query, finds nothing to update.
                    claimed = Hackathon.objects.filter(
                        _not_yet(field), pk=hackathon.pk, submit_until=hackathon.submit_until
                    ).update(**{field: F("submit_until")})
                    if claimed:
                        told += tell(hackathon=hackathon)
            except Exception:
                logger.warning("Hackathon %s: %s failed", hackathon.pk, field, exc_info=True)
                failed.append(hackathon.pk)
    if failed:
        raise NotAllSent(f"Hackathons {failed} were not all told")
    return told


@scheduled("innovation.hackathon_deadlines", every=timedelta(minutes=15))
@task()
@retrying()
def send_hackathon_deadlines(*, slot: str) -> int:
    """Every 15 minutes: deadline reminders and judging assignments that are due."""
    return hackathon_deadlines_send_due(now=max(datetime.fromisoformat(slot), timezone.now()))
