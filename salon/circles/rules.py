"""Who looks after a circle, in the permission policy.

A circle's *facilitators* are the community's directors (who run every circle of it), its
facilitators who belong to the circle, and the circle's leads
(``CircleMembership.is_lead``), who get the same tools for their own circle: its health
with names, and nudges. The community's other facilitators see a circle's health in
counts only: names are for the people who look after that circle.
"""

from __future__ import annotations

from typing import Any

from salon.communities.models import PARTICIPANT_ROLES, STEWARD_ROLES, Circle, Role
from salon.communities.roles import membership_of
from salon.core.permissions import can, rule


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
    if role == Role.DIRECTOR:
        return True
    if role in STEWARD_ROLES and _in_circle(user, circle):
        return True
    return role in PARTICIPANT_ROLES and _leads(user, circle)


@rule("circle.view_health")
def can_view_health(user: Any, circle: Circle) -> bool:
    return _role(user, circle) in STEWARD_ROLES or can_facilitate(user, circle)


@rule("circle.nudge")
def can_nudge(user: Any, circle: Circle) -> bool:
    return can_facilitate(user, circle)


# Notes and actions from a meeting --------------------------------------------------------


@rule("meeting_notes.view")
def can_view_notes(user: Any, notes: Any) -> bool:
    """Whoever sees the event; for a programme's circle meeting, the programme's stewards
    and the members of the circle that met."""
    if notes.event_id:
        return can(user, "event.view", notes.event)
    circle = notes.circle
    if not can(user, "cohort_programme.view", notes.item.module.programme):
        return False
    return _role(user, circle) in STEWARD_ROLES or _in_circle(user, circle)


@rule("meeting_notes.edit")
def can_edit_notes(user: Any, notes: Any) -> bool:
    """Shared notes: the event's hosts and stewards, and everyone in the circle that met."""
    if not can_view_notes(user, notes):
        return False
    if notes.event_id and can(user, "event.edit", notes.event):
        return True
    circle = notes.circle
    if circle is None or circle.is_archived:
        return False
    role = _role(user, circle)
    return role in STEWARD_ROLES or (role in PARTICIPANT_ROLES and _in_circle(user, circle))


@rule("meeting_action.toggle")
def can_toggle_action(user: Any, action: Any) -> bool:
    """Its owner ticks it done, and so may anyone who writes the meeting's notes."""
    if action.owner_id == user.pk and membership_of(user, action.notes.community_id):
        return True
    return can_edit_notes(user, action.notes)
