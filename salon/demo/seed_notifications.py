"""A few notifications for the demo's member, so the bell and the sent mail have something
to show: the director added them to the circles they are in."""

from __future__ import annotations

from typing import Any

from salon.communities.models import Circle
from salon.communities.notifications import ADDED_TO_CIRCLE
from salon.notifications.services import notify


def seed_notifications(*, director: Any, member: Any) -> int:
    circles = (
        Circle.objects.filter(circle_memberships__user=member)
        .select_related("community")
        .order_by("community__name", "name")[:3]
    )
    told = 0
    for circle in circles:
        told += notify(
            [member],
            ADDED_TO_CIRCLE,
            circle,
            director,
            data={"circle": circle.name},
            key=f"demo:circle:{circle.pk}",
        )
    return told
