"""Background work of mentoring: the hourly nudges of the relationship, and the lapse of
published matches nobody answered in time (both people return to the pool for the next
run).

``mentorships_remind_overdue`` and ``check_ins_remind_open`` are plain functions of
``now`` wrapped in one scheduled task, so tests drive the clock.

- A session is overdue ``session_every_days`` after the last one held (or after the
  start). Both sides are told once per overdue date: the reminder is claimed on the
  mentorship row (``reminded_for``, a conditional update) before anyone is told, and the
  notification's key names the date. Logging a session sets a new date.
- A check-in opens at the programme's midpoint (mid-cycle) and two weeks before its end
  (end of cycle). Whoever of the pair has not answered is told once per stage: the
  notification's key names the stage, and those already told are left out before
  ``notify`` is called.

Both run while the mentorship is active and the cycle has not ended; "today" is the
later of the two people's own dates, so nobody waits on the other's time zone.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from salon.core.jobs import retrying, scheduled
from salon.goals.services.goals import local_today
from salon.mentoring.models import (
    CheckInStage,
    MentoringCheckIn,
    Mentorship,
    MentorshipStatus,
)
from salon.mentoring.selectors.mentorships import check_in_opens, session_due_on
from salon.mentoring.services.answers import expire_answers, resolve_around_accepted
from salon.mentoring.services.mentorships import check_in_due, check_in_due_key, session_overdue
from salon.notifications.models import Notification

logger = logging.getLogger(__name__)


class NotAllReminded(Exception):
    """Some reminders failed; their claims were given back, to be retried."""


def _today(mentorship: Mentorship, now: datetime) -> date:
    return max(local_today(mentorship.mentee, now=now), local_today(mentorship.mentor, now=now))


def _running(now: datetime) -> list[Mentorship]:
    return list(
        Mentorship.objects.filter(
            status=MentorshipStatus.ACTIVE,
            programme__ends_on__gte=(now - timedelta(days=1)).date(),
        )
        .select_related("programme__community", "mentee", "mentor")
        .order_by("pk")
    )


def mentorships_remind_overdue(*, now: datetime) -> int:
    """Tell both sides of every pair whose session is overdue (once per overdue date);
    returns how many people were told."""
    told, failed = 0, []
    for mentorship in _running(now):
        today = _today(mentorship, now)
        due_on = session_due_on(mentorship)
        if today < due_on or today > mentorship.programme.ends_on:
            continue
        if mentorship.reminded_for == due_on:
            continue
        try:
            with transaction.atomic():
                # Claim it for this date; a second scheduler, or a session logged since
                # the query (a new date), finds nothing to update.
                claimed = (
                    Mentorship.objects.filter(
                        pk=mentorship.pk,
                        status=MentorshipStatus.ACTIVE,
                        last_session_on=mentorship.last_session_on,
                    )
                    .exclude(reminded_for=due_on)
                    .update(reminded_for=due_on)
                )
                if claimed:
                    told += session_overdue(mentorship=mentorship, due_on=due_on)
        except Exception:
            logger.warning(
                "The session reminder of mentorship %s failed", mentorship.pk, exc_info=True
            )
            failed.append(mentorship.pk)
    if failed:
        raise NotAllReminded(f"Session reminders of mentorships {failed} failed")
    return told


def check_ins_remind_open(*, now: datetime) -> int:
    """Tell whoever of each pair has not answered a check-in that has opened (the stage
    whose window is current: mid-cycle until the end-of-cycle one opens); returns how many
    people were told."""
    running = _running(now)
    due: list[tuple[Mentorship, str]] = []
    for mentorship in running:
        today = _today(mentorship, now)
        programme = mentorship.programme
        if today > programme.ends_on:
            continue
        if today >= check_in_opens(programme, CheckInStage.END):
            due.append((mentorship, CheckInStage.END))
        elif today >= check_in_opens(programme, CheckInStage.MID):
            due.append((mentorship, CheckInStage.MID))
    if not due:
        return 0
    ids = [m.pk for m, _stage in due]
    answered = set(
        MentoringCheckIn.objects.filter(mentorship_id__in=ids).values_list(
            "mentorship_id", "author_id", "stage"
        )
    )
    keys = [check_in_due_key(m, stage) for m, stage in due]
    already = set(Notification.objects.filter(key__in=keys).values_list("key", "recipient_id"))
    told, failed = 0, []
    for mentorship, stage in due:
        key = check_in_due_key(mentorship, stage)
        people = [
            person
            for person in (mentorship.mentee, mentorship.mentor)
            if (mentorship.pk, person.pk, stage) not in answered and (key, person.pk) not in already
        ]
        if not people:
            continue
        try:
            told += check_in_due(mentorship=mentorship, stage=stage, people=people)
        except Exception:
            logger.warning(
                "The check-in reminder of mentorship %s failed", mentorship.pk, exc_info=True
            )
            failed.append(mentorship.pk)
    if failed:
        raise NotAllReminded(f"Check-in reminders of mentorships {failed} failed")
    return told


def remind(*, now: datetime) -> int:
    return mentorships_remind_overdue(now=now) + check_ins_remind_open(now=now)


@scheduled("mentoring.reminders", every=timedelta(hours=1))
@task()
@retrying()
def send_mentoring_reminders(*, slot: str) -> int:
    """Hourly: overdue sessions and open check-ins, each told once."""
    return remind(now=max(datetime.fromisoformat(slot), timezone.now()))


@scheduled("mentoring.expire_answers", every=timedelta(hours=1))
@task()
@retrying()
def lapse_unanswered_matches(*, slot: str) -> int:
    """Hourly: matches past their answer date lapse (idempotent: a conditional update)."""
    return expire_answers(now=max(datetime.fromisoformat(slot), timezone.now()))


@task()
@retrying()
def rematch_around_accepted(*, programme_id: int) -> int | None:
    """After a decline, or a mentorship ended with a wish to be matched again, the solver
    stages a new proposal here rather than in the member's request. Running it twice stages
    one proposal: the second finds it in review and does nothing."""
    from salon.mentoring.models import Programme

    try:
        run = resolve_around_accepted(programme_id)
    except Programme.DoesNotExist:
        return None  # deleted before the worker came to it
    return run.pk if run is not None else None
