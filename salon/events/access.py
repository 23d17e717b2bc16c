from __future__ import annotations

from typing import Any

from django.http import Http404

from salon.core.permissions import can, require
from salon.events.models import Booking, Event, OfficeHours, Slot


def access_event(user: Any, event_id: int, action: str = "event.view") -> Event:
    event = (
        Event.objects.select_related("community", "circle__community", "format", "series")
        .filter(pk=event_id)
        .first()
    )
    if event is None or not can(user, "event.view", event):
        raise Http404
    if action != "event.view":
        require(user, action, event)
    return event


def access_slot(user: Any, slot_id: int, action: str = "office_hours.book") -> Slot:
    """An office-hours slot; 404 to anyone who may not see the community's expert time."""
    slot = (
        Slot.objects.select_related("office_hours__expert", "office_hours__community")
        .filter(pk=slot_id)
        .first()
    )
    if slot is None or not can(user, "office_hours.view", slot.office_hours.community):
        raise Http404
    require(user, action, slot)
    return slot


def access_booking(
    user: Any, booking_id: int, action: str = "office_hours.booking.view"
) -> Booking:
    """A session with an expert: only its member and its expert know it exists."""
    booking = (
        Booking.objects.select_related(
            "member", "slot__office_hours__expert", "slot__office_hours__community"
        )
        .filter(pk=booking_id)
        .first()
    )
    if booking is None or not can(user, "office_hours.booking.view", booking):
        raise Http404
    if action != "office_hours.booking.view":
        require(user, action, booking)
    return booking


def access_office_hours(user: Any, office_hours_id: int) -> OfficeHours:
    """An expert's office hours, to anyone who may see the community's expert time."""
    offer = (
        OfficeHours.objects.select_related("expert", "community")
        .filter(pk=office_hours_id, active=True)
        .first()
    )
    if offer is None or not can(user, "office_hours.view", offer.community):
        raise Http404
    return offer
