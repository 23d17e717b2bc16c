"""Who holds which role where, looked up once per request and remembered on the user."""

from __future__ import annotations

from typing import Any

from salon.communities.models import Community, Membership

_CACHE_ATTR = "_salon_memberships"


def memberships_of(user: Any) -> dict[int, Membership]:
    """All of a user's memberships by community id; one query per request."""
    cached: dict[int, Membership] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        memberships = Membership.objects.filter(user_id=user.pk).select_related("community")
        cached = {m.community_id: m for m in memberships}
        setattr(user, _CACHE_ATTR, cached)
    return cached


def membership_of(user: Any, community: Community | int) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    community_id = community if isinstance(community, int) else community.pk
    return memberships_of(user).get(community_id)


def forget_memberships(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
