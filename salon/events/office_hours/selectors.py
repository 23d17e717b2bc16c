"""Reads of expert time, shared by pages and the API, free of N+1."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from salon.events.office_hours.models import Booking, BookingStatus, OfficeHours, Slot


def _notice(community: Any) -> timedelta:
    from salon.events.office_hours.services import rules_of

    return timedelta(hours=rules_of(community).min_notice_hours)


def open_slots(
    *, community: Any, now: datetime | None = None, expert_id: int | None = None
) -> QuerySet[Slot]:
    """Slots members can still book in ``community``, soonest first."""
    now = now or timezone.now()
    qs = Slot.objects.filter(
        office_hours__community=community,
        office_hours__active=True,
        booked=False,
        withdrawn=False,
        starts_at__gte=now + _notice(community),
    )
    if expert_id is not None:
        qs = qs.filter(office_hours__expert_id=expert_id)
    return qs.select_related("office_hours__expert").order_by("starts_at", "pk")


def experts_with_next_slots(
    *, community: Any, per_expert: int = 4, now: datetime | None = None
) -> list[OfficeHours]:
    """Each expert offering office hours, with competencies and their next open slots
    (``next_slots``): three queries however many experts and slots."""
    now = now or timezone.now()
    upcoming = Slot.objects.filter(
        booked=False, withdrawn=False, starts_at__gte=now + _notice(community)
    ).order_by("starts_at", "pk")[:per_expert]
    return list(
        OfficeHours.objects.filter(community=community, active=True)
        .select_related("expert")
        .prefetch_related(
            "competencies", Prefetch("slots", queryset=upcoming, to_attr="next_slots")
        )
        .order_by("expert__name", "pk")
    )


def office_hours_of(*, community: Any, expert: Any) -> OfficeHours | None:
    return (
        OfficeHours.objects.filter(community=community, expert=expert)
        .prefetch_related("windows", "competencies")
        .first()
    )


def bookings_for(*, user: Any, past: bool = False) -> QuerySet[Booking]:
    """The sessions a person has, as the member who booked or as the expert."""
    now = timezone.now()
    qs = Booking.objects.filter(Q(member=user) | Q(slot__office_hours__expert=user))
    if past:
        qs = qs.filter(slot__ends_at__lte=now).order_by("-slot__starts_at", "-pk")
    else:
        qs = qs.filter(slot__ends_at__gt=now, status=BookingStatus.BOOKED).order_by(
            "slot__starts_at", "pk"
        )
    return qs.select_related(
        "member", "slot__office_hours__expert", "slot__office_hours__community"
    )


def feed_bookings_for(*, user: Any) -> QuerySet[Booking]:
    """What a personal calendar feed holds of expert time: live sessions from a month ago
    on, and cancelled ones too, so subscribed calendars drop them."""
    since = timezone.now() - timedelta(days=30)
    return Booking.objects.filter(
        Q(member=user) | Q(slot__office_hours__expert=user), slot__starts_at__gte=since
    ).select_related("member", "slot__office_hours__expert")
