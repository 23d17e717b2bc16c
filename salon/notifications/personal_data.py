"""The notifications part of a member's data export (see ``accounts.services``)."""

from __future__ import annotations

from typing import Any


def export(user: Any) -> dict[str, Any]:
    """What they were told (the sentence they saw, not the underlying records) and how
    they chose to hear of each kind."""
    from salon.notifications.models import Notification, NotificationPreference
    from salon.notifications.selectors import describe

    rows = (
        Notification.objects.filter(recipient=user)
        .select_related("actor", "community")
        .order_by("created_at", "pk")
    )
    return {
        "notifications": [
            {
                "kind": n.kind,
                "text": describe(n),
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
            for n in rows
        ],
        "notification_preferences": {
            p.kind: p.delivery for p in NotificationPreference.objects.filter(user=user)
        },
    }
