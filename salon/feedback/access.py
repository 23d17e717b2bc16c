"""The only doors to cycles, nominations and reports: 404 for what a user may not see (the
same answer as for what does not exist), 403 for what their role does not allow."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from salon.core.permissions import can, require

# Feedback between members and growth timelines -------------------------------------------


def access_peer_feedback(user: Any, feedback_id: int, action: str = "") -> Any:
    """Feedback the user gave, received, or was shared as the receiver's mentor; 404 for
    anyone else. ``action`` (answer, share) is then asked with 403."""
    from salon.feedback.models import PeerFeedback

    feedback = (
        PeerFeedback.objects.select_related(
            "community", "giver", "receiver", "competency", "goal", "request"
        )
        .filter(pk=feedback_id)
        .first()
    )
    if feedback is None or not can(user, "peer_feedback.view", feedback):
        raise Http404
    if action:
        require(user, action, feedback)
    return feedback


def access_growth(user: Any, owner_id: int) -> Any:
    """A member whose growth timeline the user may read: their own, or one shared with
    them; 404 otherwise."""
    from salon.accounts.models import User

    owner = User.objects.filter(pk=owner_id, is_active=True).first()
    if owner is None or not can(user, "growth.view", owner):
        raise Http404
    return owner
