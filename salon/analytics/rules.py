"""Who sees which outcomes (see salon.core.permissions): the community's directors and
facilitators see the aggregates (never a named person's figure), and each participant their
own figures."""

from __future__ import annotations

from typing import Any

from salon.communities.models import PARTICIPANT_ROLES, STEWARD_ROLES, Community
from salon.communities.roles import membership_of
from salon.core.permissions import rule


@rule("analytics.view")
def can_view_outcomes(user: Any, community: Community) -> bool:
    membership = membership_of(user, community)
    return membership is not None and membership.role in STEWARD_ROLES


@rule("analytics.view_own")
def can_view_own_outcomes(user: Any, community: Community) -> bool:
    membership = membership_of(user, community)
    return membership is not None and membership.role in PARTICIPANT_ROLES
