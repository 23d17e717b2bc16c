"""Background work of 360° cycles: asking people reviewed to choose raters, inviting and
reminding raters, telling people their report is ready. Tasks take ids; the reminder is a
plain function of ``now`` wrapped in a scheduled task, so tests drive the clock.

A reminder goes to a rater who has not answered, at most every ``REMIND_EVERY`` days and
from the day the cycle opens until it closes; its key names the day, so a rerun of the job
tells nobody twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from salon.core.jobs import retrying, scheduled
from salon.feedback.models import (
    CycleStatus,
    Nomination,
    NominationStatus,
    Participant,
)
from salon.feedback.notifications import cycles as notifications

REMIND_EVERY = timedelta(days=3)


@task()
@retrying()
def send_nomination_requests(*, cycle_id: int) -> int:
    """Ask everyone reviewed in a new cycle to choose their raters."""
    told = 0
    for participant in Participant.objects.filter(cycle_id=cycle_id).select_related(
        "cycle__community", "person", "manager"
    ):
        told += notifications.nominate(participant=participant)
    return told


@task()
@retrying()
def send_invitations(*, participant_id: int) -> int:
    """Invite every rater of an approved list (the person reviewed, for their self-view,
    too); the invitation's key makes a retry harmless."""
    now = timezone.now()
    told = 0
    nominations = Nomination.objects.filter(
        participant_id=participant_id, answered=False
    ).select_related("participant__cycle__community", "participant__person")
    for nomination in nominations:
        told += notifications.invited(nomination=nomination)
    nominations.filter(invited_at__isnull=True).update(invited_at=now)
    return told


@task()
@retrying()
def send_reports_ready(*, cycle_id: int) -> int:
    told = 0
    for participant in Participant.objects.filter(cycle_id=cycle_id).select_related(
        "cycle__community", "person"
    ):
        told += notifications.report_ready(participant=participant)
    return told


def raters_remind(*, now: datetime) -> int:
    """Remind raters who have not answered yet; returns how many were told."""
    today = now.date()
    due = (
        Nomination.objects.filter(
            answered=False,
            participant__nominations_status=NominationStatus.APPROVED,
            participant__cycle__status=CycleStatus.OPEN,
            participant__cycle__opens_on__lte=today,
            participant__cycle__closes_on__gte=today,
            invited_at__lte=now - REMIND_EVERY,
        )
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - REMIND_EVERY))
        .select_related("participant__cycle__community", "participant__person")
    )
    told = 0
    for nomination in due:
        claimed = Nomination.objects.filter(
            pk=nomination.pk, reminded_at=nomination.reminded_at
        ).update(reminded_at=now)
        if claimed:
            told += notifications.reminder(nomination=nomination, when=today.isoformat())
    return told


@scheduled("feedback.rater_reminders", every=timedelta(hours=6))
@task()
@retrying()
def send_rater_reminders(*, slot: str) -> int:
    """Every six hours: remind raters whose feedback is still to come."""
    return raters_remind(now=max(datetime.fromisoformat(slot), timezone.now()))
