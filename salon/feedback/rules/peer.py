"""Rules of the permission policy for feedback between members and praise (docs/feedback.md,
"Peer feedback").

Feedback on request and feedback given unasked are read by the giver and the receiver
only, and by the receiver's mentor once the receiver shares it. Praise is public within
where it was given (the community, or a circle: whoever may see the circle). A growth
timeline is its owner's, and whoever they shared it with.
"""

from __future__ import annotations

from typing import Any

from salon.communities.models import PARTICIPANT_ROLES, Role
from salon.communities.roles import membership_of
from salon.core.permissions import can, rule
from salon.goals.relations import mentors_of


def _role(user: Any, community_id: int) -> str | None:
    membership = membership_of(user, community_id)
    return membership.role if membership else None


@rule("peer_feedback.view")
def can_view_peer_feedback(user: Any, feedback: Any) -> bool:
    if _role(user, feedback.community_id) is None:
        return False
    if user.pk in (feedback.giver_id, feedback.receiver_id):
        return True
    return feedback.shared_with_mentor_at is not None and user.pk in mentors_of(
        feedback.receiver_id, feedback.community_id
    )


@rule("peer_feedback.answer")
def can_answer_peer_feedback(user: Any, feedback: Any) -> bool:
    return (
        feedback.giver_id == user.pk
        and feedback.state == "asked"
        and _role(user, feedback.community_id) in PARTICIPANT_ROLES
    )


@rule("peer_feedback.share")
def can_share_peer_feedback(user: Any, feedback: Any) -> bool:
    """The receiver decides whether their mentor reads what they received."""
    return (
        feedback.receiver_id == user.pk
        and feedback.state == "given"
        and _role(user, feedback.community_id) is not None
    )


@rule("peer_feedback.configure")
def can_configure_peer_feedback(user: Any, community: Any) -> bool:
    return _role(user, community.pk) == Role.DIRECTOR


@rule("praise.view")
def can_view_praise(user: Any, praise: Any) -> bool:
    if praise.circle_id is not None:
        return can(user, "circle.view", praise.circle)
    return _role(user, praise.community_id) is not None


@rule("growth.view")
def can_view_growth(user: Any, owner: Any) -> bool:
    """A member's growth timeline: theirs, and whoever they shared it with."""
    if user.pk == owner.pk:
        return True
    from salon.feedback.models import GrowthShare

    return GrowthShare.objects.filter(owner_id=owner.pk, viewer_id=user.pk).exists()
