"""The circles part of a member's data export (see ``accounts.services``): the nudges
they received and the ones they sent."""

from __future__ import annotations

from typing import Any


def export(user: Any) -> dict[str, Any]:
    from salon.circles.models import Nudge

    def row(nudge: Nudge) -> dict[str, Any]:
        return {
            "circle": nudge.circle.name,
            "message": nudge.message,
            "sent_at": nudge.sent_at.isoformat(),
        }

    received = Nudge.objects.filter(recipient=user).select_related("circle")
    sent = Nudge.objects.filter(sender=user).select_related("circle")
    return {
        "nudges_received": [row(n) for n in received],
        "nudges_sent": [row(n) for n in sent],
    }
