"""Community and circle rules of the permission policy (see salon.core.permissions)."""

from __future__ import annotations

from typing import Any

from salon.communities.models import (
    PARTICIPANT_ROLES,
    STEWARD_ROLES,
    Circle,
    Community,
    Role,
)
from salon.communities.roles import membership_of, memberships_of
from salon.core.permissions import rule


def _role(user: Any, community: Community) -> str | None:
    membership = membership_of(user, community)
    return membership.role if membership else None


@rule("community.view")
def can_view_community(user: Any, community: Community) -> bool:
    return community.is_open or _role(user, community) is not None


@rule("community.view_members")
def can_view_members(user: Any, community: Community) -> bool:
    return _role(user, community) in PARTICIPANT_ROLES


@rule("community.edit")
def can_edit_community(user: Any, community: Community) -> bool:
    return _role(user, community) == Role.DIRECTOR


@rule("community.invite")
def can_invite(user: Any, community: Community) -> bool:
    return _role(user, community) in STEWARD_ROLES


@rule("community.manage_members")
def can_manage_members(user: Any, community: Community) -> bool:
    return _role(user, community) == Role.DIRECTOR


@rule("community.review_join_requests")
def can_review_join_requests(user: Any, community: Community) -> bool:
    return _role(user, community) in STEWARD_ROLES


@rule("community.request_to_join")
def can_request_to_join(user: Any, community: Community) -> bool:
    return community.is_open and _role(user, community) is None


@rule("community.leave")
def can_leave(user: Any, community: Community) -> bool:
    return _role(user, community) is not None


@rule("community.view_audit")
def can_view_audit(user: Any, community: Community) -> bool:
    return _role(user, community) == Role.DIRECTOR


@rule("community.create")
def can_create_community(user: Any, obj: None) -> bool:
    return bool(user.is_staff) or any(
        m.role == Role.DIRECTOR for m in memberships_of(user).values()
    )


@rule("circle.create")
def can_create_circle(user: Any, community: Community) -> bool:
    return _role(user, community) in STEWARD_ROLES


def _in_circle(user: Any, circle: Circle) -> bool:
    ids = getattr(circle, "viewer_is_member", None)
    if ids is not None:
        return bool(ids)
    return circle.circle_memberships.filter(user_id=user.pk).exists()


@rule("circle.view")
def can_view_circle(user: Any, circle: Circle) -> bool:
    role = _role(user, circle.community)
    if role is None:
        return False
    if role in STEWARD_ROLES:
        return True
    if role == Role.GUEST or circle.is_private:
        return _in_circle(user, circle)
    return True


@rule("circle.edit")
def can_edit_circle(user: Any, circle: Circle) -> bool:
    """Name, kind, visibility, leads and archiving: the community's stewards."""
    return _role(user, circle.community) in STEWARD_ROLES


def _leads_circle(user: Any, circle: Circle) -> bool:
    known = getattr(circle, "viewer_is_lead", None)
    if known is not None:
        return bool(known)
    return circle.circle_memberships.filter(user_id=user.pk, is_lead=True).exists()


@rule("circle.manage_members")
def can_manage_circle_members(user: Any, circle: Circle) -> bool:
    """Adding and removing members: the stewards, and the circle's own leads (who must
    still belong to the community)."""
    role = _role(user, circle.community)
    if role in STEWARD_ROLES:
        return True
    return role is not None and not circle.is_archived and _leads_circle(user, circle)


@rule("circle.join")
def can_join_circle(user: Any, circle: Circle) -> bool:
    role = _role(user, circle.community)
    return (
        role in PARTICIPANT_ROLES
        and not circle.is_private
        and not circle.is_archived
        and not _in_circle(user, circle)
    )


@rule("circle.leave")
def can_leave_circle(user: Any, circle: Circle) -> bool:
    return _role(user, circle.community) is not None and _in_circle(user, circle)


@rule("circle.propose")
def can_propose_interest_group(user: Any, community: Community) -> bool:
    """Any participant may propose an interest group (and becomes its lead)."""
    return _role(user, community) in PARTICIPANT_ROLES


@rule("circle.approve")
def can_approve_interest_group(user: Any, circle: Circle) -> bool:
    return circle.awaiting_approval and _role(user, circle.community) == Role.DIRECTOR
