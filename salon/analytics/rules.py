"""Who sees which outcomes (see salon.core.permissions): the community's directors and
facilitators see the aggregates (never a named person's figure), and so do the sponsors a
director shared the dashboard with, who see nothing else of the community; each participant
sees their own figures."""

from __future__ import annotations

from typing import Any

from salon.communities.models import PARTICIPANT_ROLES, STEWARD_ROLES, Community, Role
from salon.communities.roles import membership_of
from salon.core.permissions import rule


def is_sponsor(user: Any, community: Community) -> bool:
    """A sponsor is someone outside the community it was shared with (``sponsor_add``
    refuses its members), so a member's pages ask no query for it."""
    from salon.analytics.models import Sponsor

    if not getattr(user, "is_authenticated", False) or membership_of(user, community):
        return False
    cached: set[int] | None = getattr(user, "_salon_sponsor_of", None)
    if cached is None:
        cached = set(Sponsor.objects.filter(user_id=user.pk).values_list("community_id", flat=True))
        user._salon_sponsor_of = cached
    return community.pk in cached


@rule("analytics.view")
def can_view_outcomes(user: Any, community: Community) -> bool:
    membership = membership_of(user, community)
    if membership is not None and membership.role in STEWARD_ROLES:
        return True
    return is_sponsor(user, community)


@rule("analytics.view_own")
def can_view_own_outcomes(user: Any, community: Community) -> bool:
    membership = membership_of(user, community)
    return membership is not None and membership.role in PARTICIPANT_ROLES


@rule("analytics.share")
def can_share_outcomes(user: Any, community: Community) -> bool:
    membership = membership_of(user, community)
    return membership is not None and membership.role == Role.DIRECTOR
