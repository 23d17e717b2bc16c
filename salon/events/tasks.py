"""Background work of events: the cancellation email, the reminders before a session and
the two-week follow-up after it.

The scheduled jobs are plain functions of ``now`` (``reminders_send_due``,
``follow_ups_send_due``) wrapped in tasks, so tests can drive the clock. Each send is
claimed on the event row by a conditional update before anyone is told: the job may run
twice, on two machines, or be retried, and each reminder still goes out once per start.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from salon.core.jobs import retrying, scheduled
from salon.events import notifications
from salon.events.models import Event, EventStatus, Rsvp, RsvpStatus
from salon.notifications.emails import language_of

logger = logging.getLogger(__name__)


@task()
@retrying()
def send_event_cancelled(*, event_ids: list[int]) -> int:
    """Tell everyone who answered (going, maybe, waitlisted) that an event is off: one
    email per person, however many occurrences of a series were cancelled."""
    events = list(Event.objects.filter(pk__in=event_ids).order_by("starts_at"))
    if not events:
        return 0
    rsvps = (
        Rsvp.objects.filter(event_id__in=event_ids)
        .exclude(status=RsvpStatus.NOT_GOING)
        .select_related("user")
    )
    people = {r.user_id: r.user for r in rsvps}
    for person in people.values():
        with timezone.override(person.timezone), translation.override(language_of(person)):
            context = {"person": person, "events": events, "base_url": settings.SALON_BASE_URL}
            message = EmailMultiAlternatives(
                subject=render_to_string("events/email/cancelled_subject.txt", context).strip(),
                body=render_to_string("events/email/cancelled.txt", context),
                to=[person.email],
            )
            message.attach_alternative(
                render_to_string("events/email/cancelled.html", context), "text/html"
            )
            message.send()
    return len(people)


# Reminders and the follow-up -------------------------------------------------------------


class NotAllSent(Exception):
    """Telling some events' people failed; their claims were given back, to be retried."""


@dataclass(frozen=True)
class Reminder:
    kind: str
    # ``Event`` field holding the start this reminder was sent for.
    field: str
    # Sent from ``lead`` before the start until ``latest`` before it (a scheduler that was
    # down a while still sends it, but never after the start).
    lead: timedelta
    latest: timedelta
    # Only for events planned at least ``lead`` ahead: a session planned this afternoon for
    # tomorrow morning needs no "tomorrow" reminder, its people have just seen it.
    planned_ahead: bool


REMINDERS = (
    Reminder(
        kind="events.reminder_day",
        field="reminded_day_for",
        lead=timedelta(hours=24),
        latest=timedelta(hours=22),
        planned_ahead=True,
    ),
    Reminder(
        kind="events.reminder_hour",
        field="reminded_hour_for",
        lead=timedelta(hours=1),
        latest=timedelta(0),
        planned_ahead=False,
    ),
)
FOLLOW_UP_AFTER = timedelta(days=14)
# If the scheduler was down, the follow-up is still sent for a week; later it is not.
FOLLOW_UP_UNTIL = timedelta(days=21)


def reminders_send_due(*, now: datetime) -> int:
    """Send every reminder due at ``now`` to the people going; returns how many were told."""
    told, failed = 0, []
    for reminder in REMINDERS:
        due = (
            Event.objects.filter(
                status=EventStatus.SCHEDULED,
                starts_at__gt=now + reminder.latest,
                starts_at__lte=now + reminder.lead,
            )
            .exclude(**{reminder.field: F("starts_at")})
            .select_related("community", "circle__community")
            .order_by("starts_at", "pk")
        )
        if reminder.planned_ahead:
            due = due.filter(created_at__lte=F("starts_at") - reminder.lead)
        for event in due:
            try:
                with transaction.atomic():
                    # Claim it for this start; a second scheduler, or a move since the query
                    # (the start no longer matches), finds nothing to update.
                    claimed = (
                        Event.objects.filter(pk=event.pk, starts_at=event.starts_at)
                        .exclude(**{reminder.field: F("starts_at")})
                        .update(**{reminder.field: F("starts_at")})
                    )
                    if claimed:
                        told += notifications.remind(event=event, kind=reminder.kind)
            except Exception:
                logger.warning("The %s of event %s failed", reminder.kind, event.pk, exc_info=True)
                failed.append(event.pk)
    if failed:
        raise NotAllSent(f"Reminders of events {failed} failed")
    return told


def follow_ups_send_due(*, now: datetime) -> int:
    """Ask the people who took part in sessions that ended two weeks before ``now`` whether
    they applied what they took from it (once per event); returns how many were asked."""
    due = (
        Event.objects.filter(
            status=EventStatus.SCHEDULED,
            followed_up_at__isnull=True,
            ends_at__lte=now - FOLLOW_UP_AFTER,
            ends_at__gt=now - FOLLOW_UP_UNTIL,
        )
        .select_related("community", "circle__community")
        .order_by("ends_at", "pk")
    )
    asked, failed = 0, []
    for event in due:
        try:
            with transaction.atomic():
                claimed = Event.objects.filter(pk=event.pk, followed_up_at__isnull=True).update(
                    followed_up_at=now
                )
                if claimed:
                    asked += notifications.follow_up(event=event)
        except Exception:
            logger.warning("The follow-up of event %s failed", event.pk, exc_info=True)
            failed.append(event.pk)
    if failed:
        raise NotAllSent(f"Follow-ups of events {failed} failed")
    return asked


def _now(slot: str) -> datetime:
    # The slot names the run; the clock says what is true. A run picked up late must not
    # remind anyone of a session that has already begun.
    return max(datetime.fromisoformat(slot), timezone.now())


@scheduled("events.reminders", every=timedelta(minutes=5))
@task()
@retrying()
def send_due_reminders(*, slot: str) -> int:
    """Every 5 minutes: the 24-hour and 1-hour reminders that are due."""
    return reminders_send_due(now=_now(slot))


@scheduled("events.follow_ups", every=timedelta(hours=1))
@task()
@retrying()
def send_due_follow_ups(*, slot: str) -> int:
    """Hourly: the "did you apply it?" follow-ups of sessions that ended two weeks ago."""
    return follow_ups_send_due(now=_now(slot))
