"""Who holds which role where, looked up once per request and remembered on the user."""

from __future__ import annotations

from collections.abc import Sequence
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


def remember_memberships(users: Sequence[Any]) -> None:
    """Load the memberships of many people in two queries (for fan-out to thousands), so
    the policy can then be asked about each of them without a query per person."""
    by_user: dict[int, dict[int, Membership]] = {user.pk: {} for user in users}
    memberships = list(Membership.objects.filter(user_id__in=list(by_user)))
    # Thousands of members share a handful of communities: load each once, not per row.
    communities = Community.objects.in_bulk({m.community_id for m in memberships})
    for membership in memberships:
        membership.community = communities[membership.community_id]
        by_user[membership.user_id][membership.community_id] = membership
    for user in users:
        setattr(user, _CACHE_ATTR, by_user[user.pk])


def membership_of(user: Any, community: Community | int) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    community_id = community if isinstance(community, int) else community.pk
    return memberships_of(user).get(community_id)


def forget_memberships(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
