"""Background work of expert time: the calendar invitations, the reminders before a
session, and the daily roll forward of open slots.

Each reminder is claimed on the booking row by a conditional update before anyone is told,
as events' reminders are: a job that runs twice still reminds once per start.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from salon.core.jobs import retrying, scheduled
from salon.events.office_hours.models import Booking, BookingStatus
from salon.notifications.emails import language_of

logger = logging.getLogger(__name__)


def _booking(booking_id: int) -> Booking | None:
    return (
        Booking.objects.select_related(
            "member", "slot__office_hours__expert", "slot__office_hours__community"
        )
        .filter(pk=booking_id)
        .first()
    )


@task()
@retrying()
def send_booking_invitation(*, booking_id: int, method: str) -> int:
    """Email the member and the expert, each in their own zone, with the .ics attached
    (REQUEST for a new or moved session, CANCEL for one called off)."""
    from salon.events.office_hours.ical import invitation, title_of

    booking = _booking(booking_id)
    if booking is None:
        return 0
    offer = booking.slot.office_hours
    template = "cancelled" if method == "CANCEL" else "invitation"
    sent = 0
    for person, other in ((booking.member, offer.expert), (offer.expert, booking.member)):
        with timezone.override(person.timezone), translation.override(language_of(person)):
            # The calendar entry's title is in the reader's language too.
            ics = invitation(booking, method=method).to_ical().decode()
            context = {
                "person": person,
                "other": other,
                "booking": booking,
                "offer": offer,
                "title": title_of(booking),
                "is_expert": person.pk == offer.expert_id,
                "moved": booking.sequence > 0,
                "url": settings.SALON_BASE_URL + booking.get_absolute_url(),
            }
            message = EmailMessage(
                subject=render_to_string(
                    f"events/email/booking_{template}_subject.txt", context
                ).strip(),
                body=render_to_string(f"events/email/booking_{template}.txt", context),
                to=[person.email],
            )
            part = MIMEText(ics, "calendar", "utf-8")
            part.set_param("method", method)
            part.add_header("Content-Disposition", "attachment", filename="invite.ics")
            message.attach(part)
            message.send()
            sent += 1
    return sent


# Reminders --------------------------------------------------------------------------------

# (field on Booking, how long before the start it goes out, the latest it may still go out)
REMINDERS = (
    ("reminded_day_for", timedelta(hours=24), timedelta(hours=22)),
    ("reminded_hour_for", timedelta(hours=1), timedelta(0)),
)


def booking_reminders_send_due(*, now: datetime) -> int:
    """Remind both sides of each session that starts soon; returns how many were told."""
    from salon.events.office_hours import notifications

    told = 0
    for field, lead, latest in REMINDERS:
        due = (
            Booking.objects.filter(
                status=BookingStatus.BOOKED,
                slot__starts_at__gt=now + latest,
                slot__starts_at__lte=now + lead,
            )
            .exclude(**{field: F("slot__starts_at")})
            .select_related("member", "slot__office_hours__expert", "slot__office_hours__community")
        )
        if field == "reminded_day_for":
            # Booked this afternoon for tomorrow morning: they have just seen it.
            due = due.filter(created_at__lte=F("slot__starts_at") - lead)
        for booking in due:
            try:
                with transaction.atomic():
                    claimed = (
                        Booking.objects.filter(
                            pk=booking.pk, slot_id=booking.slot_id, status=BookingStatus.BOOKED
                        )
                        .exclude(**{field: booking.slot.starts_at})
                        .update(**{field: booking.slot.starts_at})
                    )
                    if claimed:
                        told += notifications.remind(
                            booking=booking, hour=field.startswith("reminded_hour")
                        )
            except Exception:
                logger.warning("The reminder of booking %s failed", booking.pk, exc_info=True)
    return told


def _now(slot: str) -> datetime:
    return max(datetime.fromisoformat(slot), timezone.now())


@scheduled("events.office_hours.reminders", every=timedelta(minutes=5))
@task()
@retrying()
def send_due_booking_reminders(*, slot: str) -> int:
    """Every 5 minutes: the day-before and hour-before reminders of sessions with experts."""
    return booking_reminders_send_due(now=_now(slot))


@scheduled("events.office_hours.top_up", every=timedelta(hours=6))
@task()
@retrying()
def top_up_slots(*, slot: str) -> int:
    """Four times a day: every expert's office hours stay open for their weeks ahead."""
    from salon.events.office_hours.services import slots_top_up

    return slots_top_up(now=_now(slot))
