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


# Ask an expert ----------------------------------------------------------------------------


def _question_line(data: Mapping[str, Any]) -> str:
    return _("A question on %(competency)s, your field: “%(topic)s”.") % data


register_kind(
    EXPERT_QUESTION,
    label=gettext_lazy("Questions in the forum on competencies I offer office hours for"),
    default=Delivery.IMMEDIATE,
    line=_question_line,
    may_see=lambda user, topic: can(user, "topic.view", topic),
)


def question_routed(*, topic: Any) -> int:
    """ "Ask an expert": a forum question tagged with a competency of its community (the
    tag is the competency's name, as tags are written: ``strategic-thinking``) goes to the
    experts who offer office hours on it. The asker is not named (the forum's own news
    does that, under its anonymity rules). Returns how many experts were told."""
    from django.utils.text import slugify

    from salon.events.office_hours.models import OfficeHours
    from salon.goals.models import Competency

    tags = set(topic.tag_names or ())
    if not tags:
        return 0
    competencies = [
        c
        for c in Competency.objects.filter(community_id=topic.community_id, retired_at__isnull=True)
        if slugify(c.name, allow_unicode=True) in tags
    ]
    if not competencies:
        return 0
    experts = set(
        OfficeHours.objects.filter(
            community_id=topic.community_id, active=True, competencies__in=competencies
        )
        .exclude(expert_id=topic.author_id)
        .values_list("expert_id", flat=True)
    )
    if not experts:
        return 0
    return notify(
        experts,
        EXPERT_QUESTION,
        topic,
        None,
        data={"topic": topic.title, "competency": ", ".join(c.name for c in competencies)},
        key=f"{EXPERT_QUESTION}:{topic.pk}",
    )
