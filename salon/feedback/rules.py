"""Feedback rules of the permission policy (docs/feedback.md, "Who sees what").

Directors and facilitators run 360° cycles and see aggregates over at least five people;
nobody but the person reviewed (and the mentor they shared it with) reads a report, and
nobody at all sees who answered what.
"""

from __future__ import annotations

from typing import Any

from salon.communities.models import PARTICIPANT_ROLES, STEWARD_ROLES, Role
from salon.communities.roles import membership_of
from salon.core.permissions import rule


def _role(user: Any, community_id: int) -> str | None:
    membership = membership_of(user, community_id)
    return membership.role if membership else None


@rule("feedback_cycle.manage")
def can_manage_cycles(user: Any, community: Any) -> bool:
    """Run a 360° cycle: directors and facilitators."""
    return _role(user, community.pk) in STEWARD_ROLES


@rule("feedback_cycle.raise_threshold")
def can_raise_threshold(user: Any, community: Any) -> bool:
    """Ask for more answers per group than the default before a group is shown."""
    return _role(user, community.pk) == Role.DIRECTOR


@rule("feedback.take_part")
def can_take_part(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in PARTICIPANT_ROLES
