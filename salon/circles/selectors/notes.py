"""Reads of meeting notes and their actions: for the notes page, the circle page and the
member's week. Each is one query."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from salon.accounts.models import User
from salon.circles.models import MeetingAction, MeetingNotes
from salon.communities.models import Circle
from salon.core.actions import with_overdue
from salon.discussions.models import Category
from salon.events.models import Event, RsvpStatus

MAX_ROWS = 8


def under_chatham_house(circle: Circle | None) -> bool:
    """A circle whose forum is under the Chatham House rule keeps its meetings' notes
    without names too: what was said and agreed, not who."""
    if circle is None:
        return False
    return Category.objects.filter(circle=circle, chatham_house=True).exists()


def actions_of(*, notes: MeetingNotes, today: date) -> list[MeetingAction]:
    if notes.pk is None:
        return []
    return with_overdue(MeetingAction.objects.filter(notes=notes).select_related("owner"), today)


def owner_choices(*, notes: MeetingNotes) -> list[tuple[int, str]]:
    """Who an action may belong to: the circle that met; for an event of the whole
    community, its hosts and the people who came or said they would."""
    if notes.circle_id:
        people = User.objects.filter(is_active=True, circle_memberships__circle_id=notes.circle_id)
    else:
        event: Event = notes.event  # type: ignore[assignment]
        people = User.objects.filter(
            Q(hosted_events=event)
            | Q(rsvps__event=event, rsvps__status=RsvpStatus.GOING)
            | Q(pk__in=event.attendance.values("user_id")),
            is_active=True,
        )
    return [(u.pk, u.display_name) for u in people.distinct().order_by("name", "pk")]


def open_actions_of_circle(*, circle: Circle, today: date) -> list[MeetingAction]:
    """What the circle's meetings left open, the soonest due first."""
    rows = (
        MeetingAction.objects.filter(notes__circle=circle, done_at__isnull=True)
        .select_related("owner", "notes__event", "notes__item")
        .order_by("due_on", "pk")[: MAX_ROWS * 2]
    )
    return with_overdue(rows, today)


def open_actions_for(*, user: Any, today: date) -> list[MeetingAction]:
    """The member's own open actions from meetings (for their week)."""
    rows = (
        MeetingAction.objects.filter(owner_id=user.pk, done_at__isnull=True)
        .select_related("notes__event", "notes__item", "notes__circle")
        .order_by("due_on", "pk")[:MAX_ROWS]
    )
    return with_overdue(rows, today)


def programme_sessions_of(*, user: Any, event: Event) -> list[Any]:
    """The cohort programmes' live sessions that are this event, among the programmes the
    user may see: the event's notes page links back to them (one query, and the policy's
    cohort check for each programme, of which there are one or two)."""
    from salon.core.permissions import can
    from salon.programmes.models import Item, ItemKind

    items = Item.objects.filter(event=event, kind=ItemKind.SESSION).select_related(
        "module__programme__community"
    )[:MAX_ROWS]
    return [i for i in items if can(user, "cohort_programme.view", i.module.programme)]
