"""What expert time tells people in the app and by email: a session with an expert is coming
up (both sides), and a question in the forum is one of an expert's competencies."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salon.core.permissions import can
from salon.events.notifications import REMINDER_DELIVERIES, when_text
from salon.events.office_hours.models import Booking
from salon.notifications.registry import Delivery, register_kind
from salon.notifications.services import notify

BOOKING_REMINDER = "events.booking_reminder"
EXPERT_QUESTION = "events.expert_question"


def _when(data: Mapping[str, Any]) -> str:
    return when_text(datetime.fromisoformat(data["starts_at"]), data["timezone"])


def _reminder_line(data: Mapping[str, Any]) -> str:
    return _("Coming up: your session “%(title)s”, %(when)s.") % {**data, "when": _when(data)}


def _may_be_reminded(user: Any, booking: Booking) -> bool:
    return (
        booking.is_live
        and timezone.now() < booking.slot.starts_at
        and can(user, "office_hours.booking.view", booking)
    )


register_kind(
    BOOKING_REMINDER,
    label=gettext_lazy("Before a session with an expert"),
    default=Delivery.IMMEDIATE,
    deliveries=REMINDER_DELIVERIES,
    line=_reminder_line,
    may_see=_may_be_reminded,
    may_read=lambda user, booking: can(user, "office_hours.booking.view", booking),
)


def remind(*, booking: Booking, hour: bool) -> int:
    """Remind the member and the expert (the booking loaded with its slot and offer)."""
    from salon.events.office_hours.ical import title_of

    offer = booking.slot.office_hours
    starts = booking.slot.starts_at.isoformat()
    return notify(
        [booking.member_id, offer.expert_id],
        BOOKING_REMINDER,
        booking,
        None,
        community=offer.community,
        data={"title": title_of(booking), "starts_at": starts, "timezone": offer.timezone},
        key=f"{BOOKING_REMINDER}:{booking.pk}:{starts}:{'hour' if hour else 'day'}",
    )
