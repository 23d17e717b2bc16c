"""The feedback part of a member's data export (see ``accounts.services``).

Feedback between members: what they received (named, as it was given to them), what they
gave (only the words they wrote), the requests they made, praise both ways, and with whom
they shared their growth timeline.
"""

from __future__ import annotations

from typing import Any


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


def export(user: Any) -> dict[str, Any]:
    from salon.feedback.models import (
        FeedbackRequest,
        GrowthShare,
        PeerFeedback,
        PeerFeedbackState,
        Praise,
    )

    received = (
        PeerFeedback.objects.filter(receiver=user, state=PeerFeedbackState.GIVEN)
        .select_related("community", "giver", "competency")
        .order_by("given_at", "pk")
    )
    given = (
        PeerFeedback.objects.filter(giver=user, state=PeerFeedbackState.GIVEN)
        .select_related("community")
        .order_by("given_at", "pk")
    )
    requests = (
        FeedbackRequest.objects.filter(requester=user)
        .select_related("community")
        .prefetch_related("asks__giver")
        .order_by("created_at", "pk")
    )
    praise = Praise.objects.select_related("community", "competency", "giver", "receiver")
    return {
        "feedback_received": [
            {
                "community": f.community.slug,
                "from": f.giver.display_name,
                "situation": f.situation,
                "behaviour": f.behaviour,
                "impact": f.impact,
                "competency": f.competency.name if f.competency else None,
                "given_at": _when(f.given_at),
                "shared_with_mentor": f.shared_with_mentor_at is not None,
            }
            for f in received
        ],
        # Only their own words: the situation of a request was the asker's.
        "feedback_given": [
            {
                "community": f.community.slug,
                **({} if f.request_id else {"situation": f.situation}),
                "behaviour": f.behaviour,
                "impact": f.impact,
                "given_at": _when(f.given_at),
            }
            for f in given
        ],
        "feedback_requests": [
            {
                "community": r.community.slug,
                "situation": r.situation,
                "asked": [ask.giver.display_name for ask in r.asks.all()],
                "created_at": _when(r.created_at),
            }
            for r in requests
        ],
        "praise_given": [
            {
                "community": p.community.slug,
                "to": p.receiver.display_name,
                "competency": p.competency.name,
                "message": p.message,
                "created_at": _when(p.created_at),
            }
            for p in praise.filter(giver=user).order_by("created_at", "pk")
        ],
        "praise_received": [
            {
                "community": p.community.slug,
                "from": p.giver.display_name,
                "competency": p.competency.name,
                "message": p.message,
                "created_at": _when(p.created_at),
            }
            for p in praise.filter(receiver=user).order_by("created_at", "pk")
        ],
        "growth_shared_with": [
            s.viewer.display_name
            for s in GrowthShare.objects.filter(owner=user).select_related("viewer")
        ],
    }
