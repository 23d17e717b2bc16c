"""Who may reach whom: the one place that answers "may this person message that one, and
under which community's rule", and "are these two connected". The rules, the services and
the suggestions all ask here.

Blocking wins over everything: a block either way means no request, no introduction, no
new conversation and no message between the two.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from salon.accounts.models import Block
from salon.communities.models import PARTICIPANT_ROLES, STEWARD_ROLES, Membership
from salon.communities.roles import memberships_of
from salon.network.models import Connection, MessagingSettings, WhoMayMessage


def pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def are_connected(a: int, b: int) -> bool:
    low, high = pair(a, b)
    return Connection.objects.filter(user_low_id=low, user_high_id=high).exists()


def connection_between(a: int, b: int) -> Connection | None:
    low, high = pair(a, b)
    return Connection.objects.filter(user_low_id=low, user_high_id=high).first()


def blocked_between(a: int, b: int) -> bool:
    """A block either way (the blocked person never learns which)."""
    return Block.objects.filter(
        Q(blocker_id=a, blocked_id=b) | Q(blocker_id=b, blocked_id=a)
    ).exists()


def blocked_among(user_id: int, others: Iterable[int]) -> set[int]:
    """Which of ``others`` have a block with ``user_id``, either way: one query."""
    ids = set(others)
    if not ids:
        return set()
    rows = Block.objects.filter(
        Q(blocker_id=user_id, blocked_id__in=ids) | Q(blocked_id=user_id, blocker_id__in=ids)
    ).values_list("blocker_id", "blocked_id")
    return {b if a == user_id else a for a, b in rows}


def _allows(policy: str, mine: str, theirs: str, connected: bool) -> bool:
    if mine in STEWARD_ROLES:
        return True  # directors and facilitators reach anyone in their community
    if policy == WhoMayMessage.STEWARDS:
        return False
    if policy == WhoMayMessage.CONNECTIONS:
        return connected
    # Members and above write to each other; a guest only with a connection.
    return connected or (mine in PARTICIPANT_ROLES and theirs in PARTICIPANT_ROLES)


def messaging_communities(user: Any, other_id: int) -> list[int]:
    """The ids of the communities whose rule lets ``user`` start a conversation with
    ``other_id``, lowest first; empty when none does (or a block stands between them)."""
    if other_id == user.pk:
        return []
    mine = memberships_of(user)
    if not mine:
        return []
    theirs = dict(
        Membership.objects.filter(
            user_id=other_id, user__is_active=True, community_id__in=list(mine)
        ).values_list("community_id", "role")
    )
    if not theirs or blocked_between(user.pk, other_id):
        return []
    policies = dict(
        MessagingSettings.objects.filter(community_id__in=list(theirs)).values_list(
            "community_id", "who_may_message"
        )
    )
    connected = are_connected(user.pk, other_id)
    return sorted(
        cid
        for cid, role in theirs.items()
        if _allows(policies.get(cid, WhoMayMessage.MEMBERS), mine[cid].role, role, connected)
    )


def shared_community_ids(user: Any, other_id: int) -> set[int]:
    mine = memberships_of(user)
    return set(
        Membership.objects.filter(user_id=other_id, community_id__in=list(mine)).values_list(
            "community_id", flat=True
        )
    )
