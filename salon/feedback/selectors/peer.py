"""Reads of feedback between members and of praise, already filtered by who may see them
and free of N+1: the same rules as ``rules/peer.py``, written as SQL filters for lists."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from salon.accounts.models import User
from salon.communities.models import PARTICIPANT_ROLES, Community
from salon.communities.roles import memberships_of
from salon.communities.selectors import circle_visibility
from salon.feedback.models import (
    FeedbackRequest,
    PeerFeedback,
    PeerFeedbackState,
    PeerSettings,
    Praise,
)

# How much praise the community home and a profile show.
HOME_PRAISE = 5
PROFILE_PRAISE = 10


def _feedback() -> QuerySet[PeerFeedback]:
    return PeerFeedback.objects.select_related("community", "giver", "receiver", "competency")


def feedback_to_answer(*, user: Any) -> QuerySet[PeerFeedback]:
    """Requests waiting for the user's answer, in communities they still take part in."""
    communities = [cid for cid, m in memberships_of(user).items() if m.role in PARTICIPANT_ROLES]
    return _feedback().filter(
        giver_id=user.pk, state=PeerFeedbackState.ASKED, community_id__in=communities
    )


def feedback_received(*, user: Any) -> QuerySet[PeerFeedback]:
    return (
        _feedback()
        .filter(receiver_id=user.pk, state=PeerFeedbackState.GIVEN)
        .order_by("-given_at", "-pk")
    )


def feedback_given(*, user: Any) -> QuerySet[PeerFeedback]:
    return (
        _feedback()
        .filter(giver_id=user.pk, state=PeerFeedbackState.GIVEN)
        .order_by("-given_at", "-pk")
    )


def requests_of(*, user: Any) -> QuerySet[FeedbackRequest]:
    """The user's own requests, each with the people asked and how each answered."""
    asks = PeerFeedback.objects.select_related("giver").order_by("pk")
    return (
        FeedbackRequest.objects.filter(requester_id=user.pk)
        .select_related("community", "competency")
        .prefetch_related(Prefetch("asks", queryset=asks))
    )


def feedback_shared_with_me(*, user: Any) -> QuerySet[PeerFeedback]:
    """Feedback my mentees received and chose to share with me (as their active mentor in
    that community)."""
    from salon.mentoring.models import Mentorship, MentorshipStatus

    mentoring = Mentorship.objects.filter(
        mentor_id=user.pk,
        mentee_id=OuterRef("receiver_id"),
        programme__community_id=OuterRef("community_id"),
        status=MentorshipStatus.ACTIVE,
    )
    return (
        _feedback()
        .filter(shared_with_mentor_at__isnull=False, state=PeerFeedbackState.GIVEN)
        .filter(Exists(mentoring), community_id__in=list(memberships_of(user)))
        .order_by("-given_at", "-pk")
    )


def settings_for(community: Community) -> PeerSettings:
    return PeerSettings.for_community(community)


def recipient_choices(*, user: Any, community: Community) -> QuerySet[User]:
    """Whom the user may ask for feedback or praise: the community's participants."""
    return (
        User.objects.filter(
            memberships__community=community,
            memberships__role__in=PARTICIPANT_ROLES,
            is_active=True,
        )
        .exclude(pk=user.pk)
        .order_by("name", "pk")
    )


# Praise ------------------------------------------------------------------------------------


def _praise() -> QuerySet[Praise]:
    return Praise.objects.select_related("giver", "receiver", "competency", "circle", "community")


def praise_visibility(*, user: Any) -> Q:
    """``praise.view`` as a filter: praise in the user's communities, outside any circle or
    in a circle they may see."""
    communities = list(memberships_of(user))
    return Q(community_id__in=communities) & (
        Q(circle__isnull=True) | circle_visibility(user=user, field="circle")
    )


def praise_in(*, user: Any, community: Community) -> QuerySet[Praise]:
    return _praise().filter(praise_visibility(user=user), community=community)


def praise_for_home(*, user: Any, community: Community) -> list[Praise]:
    """The latest praise the community chose to show on its home (never a circle's), in
    one query: none when the community turned it off."""
    allowed = Q(community__peer_feedback_settings__isnull=True) | Q(
        community__peer_feedback_settings__praise_on_home=True
    )
    return list(
        _praise().filter(
            allowed,
            praise_visibility(user=user),
            community=community,
            on_home=True,
            circle__isnull=True,
        )[:HOME_PRAISE]
    )


def praise_of(*, viewer: Any, person: Any, limit: int = PROFILE_PRAISE) -> list[Praise]:
    """Praise a person received that the viewer may see (their own, all of it)."""
    qs = _praise().filter(receiver_id=person.pk)
    if viewer.pk != person.pk:
        qs = qs.filter(praise_visibility(user=viewer))
    return list(qs[:limit])


def circles_for_praise(*, user: Any, community: Community) -> QuerySet[Any]:
    """Circles of the community the user may see, where praise can be given."""
    from salon.communities.models import Circle

    return (
        Circle.objects.filter(community=community, archived_at__isnull=True)
        .filter(circle_visibility(user=user))
        .order_by("name")
    )


def people_to_share_with(*, user: Any) -> QuerySet[User]:
    """People the user may share their growth timeline with: anyone in one of their
    communities."""
    return (
        User.objects.filter(
            memberships__community_id__in=list(memberships_of(user)), is_active=True
        )
        .exclude(pk=user.pk)
        .distinct()
        .order_by("name", "pk")
    )


def communities_for(*, user: Any) -> list[Community]:
    """The communities where the user takes part (may ask, give and praise)."""
    ids = [cid for cid, m in memberships_of(user).items() if m.role in PARTICIPANT_ROLES]
    return list(Community.objects.filter(pk__in=ids).order_by("name"))
