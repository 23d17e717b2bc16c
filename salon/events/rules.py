"""Event rules of the permission policy: events follow their community or circle."""

from __future__ import annotations

from typing import Any

from salon.communities.models import PARTICIPANT_ROLES, STEWARD_ROLES
from salon.communities.roles import membership_of
from salon.core.permissions import can, rule


def _role(user: Any, community_id: int) -> str | None:
    membership = membership_of(user, community_id)
    return membership.role if membership else None


@rule("event.view")
def can_view_event(user: Any, event: Any) -> bool:
    if _role(user, event.community_id) is None:
        return False
    if event.circle_id is None:
        return True
    return can(user, "circle.view", event.circle)


@rule("event.create")
def can_create_event(user: Any, community: Any) -> bool:
    """Directors and facilitators plan events; experts offer office hours too."""
    return _role(user, community.pk) in {*STEWARD_ROLES, "expert"}


@rule("event.edit")
def can_edit_event(user: Any, event: Any) -> bool:
    if _role(user, event.community_id) in STEWARD_ROLES:
        return True
    host_ids = getattr(event, "host_ids", None)
    if host_ids is None:
        host_ids = set(event.hosts.values_list("pk", flat=True))
    return user.pk in host_ids and can_view_event(user, event)


@rule("event.rsvp")
def can_rsvp(user: Any, event: Any) -> bool:
    return (
        not event.is_cancelled
        and can_view_event(user, event)
        and (_role(user, event.community_id) in {*PARTICIPANT_ROLES, "guest"})
    )


# Expert time ------------------------------------------------------------------------------


@rule("office_hours.view")
def can_view_expert_time(user: Any, community: Any) -> bool:
    """Everyone who takes part sees the experts' open times; guests do not."""
    return _role(user, community.pk) in PARTICIPANT_ROLES


@rule("office_hours.offer")
def can_offer_office_hours(user: Any, community: Any) -> bool:
    """Experts offer office hours; directors and facilitators can too."""
    return _role(user, community.pk) in {*STEWARD_ROLES, "expert"}


@rule("office_hours.book")
def can_book(user: Any, slot: Any) -> bool:
    """Anyone who takes part books an expert's open slot, except the expert themself."""
    offer = slot.office_hours
    return (
        offer.active
        and offer.expert_id != user.pk
        and _role(user, offer.community_id) in PARTICIPANT_ROLES
    )


@rule("office_hours.booking.view")
def can_view_booking(user: Any, booking: Any) -> bool:
    """A session is the member's and the expert's alone."""
    return user.pk in {booking.member_id, booking.slot.office_hours.expert_id}


@rule("office_hours.booking.change")
def can_change_booking(user: Any, booking: Any) -> bool:
    """Either side cancels; the member reschedules, rates and notes (checked in services)."""
    return can_view_booking(user, booking) and booking.is_live
