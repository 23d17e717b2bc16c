"""Profile rules of the permission policy."""

from __future__ import annotations

from typing import Any

from salon.communities.models import Membership
from salon.communities.roles import memberships_of
from salon.core.permissions import rule


@rule("profile.view")
def can_view_profile(user: Any, other: Any) -> bool:
    """People see themselves and the people they share a community with as participants."""
    if user.pk == other.pk:
        return True
    mine = [cid for cid, m in memberships_of(user).items() if m.is_participant]
    return (
        bool(mine) and Membership.objects.filter(user_id=other.pk, community_id__in=mine).exists()
    )


@rule("profile.edit")
def can_edit_profile(user: Any, other: Any) -> bool:
    return bool(user.pk == other.pk)
