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
    from salon.analytics.models import Sponsor

    return Sponsor.objects.filter(community=community, user_id=user.pk).exists()


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
