"""Who looks after a circle, in the permission policy.

A circle's *facilitators* are the community's directors and facilitators who belong to
it, and its leads (``CircleMembership.is_lead``), who get the same tools for their own
circle: its health with names, and nudges. A director also sees every other circle's
health, in counts only: names are for the people who look after that circle.
"""

from __future__ import annotations

from typing import Any

from salon.communities.models import PARTICIPANT_ROLES, STEWARD_ROLES, Circle, Role
from salon.communities.roles import membership_of
from salon.core.permissions import rule


def _role(user: Any, circle: Circle) -> str | None:
    membership = membership_of(user, circle.community_id)
    return membership.role if membership else None


def _in_circle(user: Any, circle: Circle) -> bool:
    known = getattr(circle, "viewer_is_member", None)
    if known is not None:
        return bool(known)
    return circle.circle_memberships.filter(user_id=user.pk).exists()


def _leads(user: Any, circle: Circle) -> bool:
    known = getattr(circle, "viewer_is_lead", None)
    if known is not None:
        return bool(known)
    return circle.circle_memberships.filter(user_id=user.pk, is_lead=True).exists()


@rule("circle.facilitate")
def can_facilitate(user: Any, circle: Circle) -> bool:
    """The circle's own facilitators and leads: named health and nudges."""
    role = _role(user, circle)
    if role is None or circle.is_archived:
        return False
    if role in STEWARD_ROLES and _in_circle(user, circle):
        return True
    return role in PARTICIPANT_ROLES and _leads(user, circle)


@rule("circle.view_health")
def can_view_health(user: Any, circle: Circle) -> bool:
    return _role(user, circle) == Role.DIRECTOR or can_facilitate(user, circle)


@rule("circle.nudge")
def can_nudge(user: Any, circle: Circle) -> bool:
    return can_facilitate(user, circle)
