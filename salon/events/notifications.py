"""What events tell people: reminders before a session they are going to, and the
two-week follow-up asking the people who came whether they applied what they took from it.

The scheduled jobs in ``tasks.py`` decide when, and claim each send on the event row, so it
goes out once; the functions here say it through ``notify()``, whose ``may_see`` asks the
permission policy about every recipient (a member who lost sight of a circle's session is
not reminded of it).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salon.accounts.models import User
from salon.core.permissions import can
from salon.events.models import Attendance, Event, Feedback, Rsvp, RsvpStatus
from salon.events.templatetags.event_time import _city, _end
from salon.notifications.registry import Delivery, register_kind
from salon.notifications.services import notify

REMINDER_DAY = "events.reminder_day"
REMINDER_HOUR = "events.reminder_hour"
FOLLOW_UP = "events.follow_up"
WAITLIST_PROMOTED = "events.waitlist_promoted"

# A reminder in tomorrow morning's digest would arrive after the session: at once, or not.
REMINDER_DELIVERIES = (Delivery.IMMEDIATE, Delivery.OFF)


def when_text(starts_at: datetime, zone: str, ends_at: datetime | None = None) -> str:
    """The time in the zone the event was planned in and, when it differs, in the active
    zone (the reader's, in pages and emails): "Thu 10 Dec, 09:00 London · 18:00 your time".
    Plain text, for notification sentences and emails."""
    planned = ZoneInfo(zone)
    start = starts_at.astimezone(planned)
    span = start.strftime("%H:%M")
    if ends_at is not None:
        span += "–" + _end(start, ends_at.astimezone(planned))
    there = f"{date_format(start, 'WKD_DAY_MON')}, {span} {_city(zone)}"
    viewer = timezone.get_current_timezone()
    if getattr(viewer, "key", None) == zone:
        return there
    mine = starts_at.astimezone(viewer)
    here = mine.strftime("%H:%M")
    if ends_at is not None:
        here += "–" + _end(mine, ends_at.astimezone(viewer))
    if mine.date() != start.date():
        here = f"{date_format(mine, 'WKD_DAY_MON')}, {here}"
    return _("%(there)s · %(here)s your time") % {"there": there, "here": here}


def _when(data: Mapping[str, Any]) -> str:
    return when_text(datetime.fromisoformat(data["starts_at"]), data["timezone"])


def _day_line(data: Mapping[str, Any]) -> str:
    return _("Coming up: “%(title)s”, %(when)s.") % {**data, "when": _when(data)}


def _hour_line(data: Mapping[str, Any]) -> str:
    return _("Starting soon: “%(title)s”, %(when)s.") % {**data, "when": _when(data)}


def _may_view(user: Any, event: Event) -> bool:
    return can(user, "event.view", event)


def _may_be_reminded(user: Any, event: Event) -> bool:
    # Asked again by the email task just before sending: a reminder of a session that was
    # cancelled, or has begun, is worse than none.
    return (
        not event.is_cancelled
        and timezone.now() < event.starts_at
        and can(user, "event.view", event)
    )


def _reminder_email(notification: Any) -> dict[str, Any]:
    """The session as it is now, in the reader's zone; the video link only if they are
    still going (one query, per email)."""
    event: Event = notification.target
    going = Rsvp.objects.filter(
        event_id=event.pk, user_id=notification.recipient_id, status=RsvpStatus.GOING
    ).exists()
    return {
        "event": event,
        "when": when_text(event.starts_at, event.timezone, event.ends_at),
        "going": going,
        "join_url": event.join_url if going and not event.is_cancelled else "",
    }


def _follow_up_email(notification: Any) -> dict[str, Any]:
    """What they said, right after the session, they would apply."""
    event: Event = notification.target
    said = (
        Feedback.objects.filter(event_id=event.pk, user_id=notification.recipient_id)
        .values_list("will_apply", flat=True)
        .first()
    )
    return {"event": event, "will_apply": said or ""}


register_kind(
    REMINDER_DAY,
    label=gettext_lazy("A day before a session I'm going to"),
    default=Delivery.IMMEDIATE,
    deliveries=REMINDER_DELIVERIES,
    line=_day_line,
    may_see=_may_be_reminded,
    may_read=_may_view,
    email_template="events/email/reminder",
    email_context=_reminder_email,
)
register_kind(
    REMINDER_HOUR,
    label=gettext_lazy("An hour before a session I'm going to"),
    default=Delivery.IMMEDIATE,
    deliveries=REMINDER_DELIVERIES,
    line=_hour_line,
    may_see=_may_be_reminded,
    may_read=_may_view,
    email_template="events/email/reminder",
    email_context=_reminder_email,
)
register_kind(
    FOLLOW_UP,
    label=gettext_lazy("Two weeks after a session I went to: did I apply it?"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("Did you apply what you took from “%(title)s”?") % data,
    may_see=lambda user, event: not event.is_cancelled and can(user, "event.view", event),
    may_read=_may_view,
    email_template="events/email/follow_up",
    email_context=_follow_up_email,
)


register_kind(
    WAITLIST_PROMOTED,
    label=gettext_lazy("A seat frees up for a session I'm waiting for"),
    default=Delivery.IMMEDIATE,
    line=lambda data: (
        _("A seat freed up: you're going to “%(title)s”, %(when)s.") % {**data, "when": _when(data)}
    ),
    may_see=lambda user, event: (
        not event.is_cancelled and timezone.now() < event.ends_at and can(user, "event.view", event)
    ),
    email_template="events/email/reminder",
    email_context=_reminder_email,
)


def waitlist_promoted(*, rsvp: Rsvp, event_id: int) -> int:
    """Tell the person who waited longest that the seat that freed is theirs."""
    event = Event.objects.select_related("community", "circle__community").get(pk=rsvp.event_id)
    return notify(
        [rsvp.user_id],
        WAITLIST_PROMOTED,
        event,
        None,
        data={
            "title": event.title,
            "starts_at": event.starts_at.isoformat(),
            "timezone": event.timezone,
        },
        key=f"audit:{event_id}",
    )


def remind(*, event: Event, kind: str) -> int:
    """Remind everyone going to ``event`` (loaded with its community and circle) that it
    starts soon. The key names the start, so a moved session is reminded again."""
    going = Rsvp.objects.filter(event=event, status=RsvpStatus.GOING).values_list(
        "user_id", flat=True
    )
    return notify(
        list(going),
        kind,
        event,
        None,
        data={
            "title": event.title,
            "starts_at": event.starts_at.isoformat(),
            "timezone": event.timezone,
        },
        key=f"{kind}:{event.pk}:{event.starts_at.isoformat()}",
    )


def follow_up_audience(*, event: Event) -> QuerySet[User]:
    """Who is asked "did you apply it?": the people marked present, or, for a session where
    nobody took attendance, the people who said they were going (the same people who may
    give feedback)."""
    present = Attendance.objects.filter(event=event).values("user_id")
    if present.exists():
        return User.objects.filter(pk__in=present)
    going = Rsvp.objects.filter(event=event, status=RsvpStatus.GOING).values("user_id")
    return User.objects.filter(pk__in=going)


def follow_up(*, event: Event) -> int:
    """Ask the people who took part whether they applied what they took from it."""
    return notify(
        follow_up_audience(event=event),
        FOLLOW_UP,
        event,
        None,
        data={"title": event.title},
        url=reverse("events:follow_up", args=[event.pk]),
        key=f"{FOLLOW_UP}:{event.pk}",
    )
