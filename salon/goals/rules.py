"""Goal and objective rules of the permission policy (docs/goals.md, "Who sees what").

Objectives follow their community or circle, like events. A personal goal is seen by its
owner, by the accountability partner they named, and beyond that by the people its
visibility names: nobody else ("only me"), their mentors, the members of one circle, or
the community's participants. Directors and facilitators have no way round it: their
overview of the community's goals is aggregate only.
"""

from __future__ import annotations

from typing import Any

from salon.communities.models import PARTICIPANT_ROLES, STEWARD_ROLES, CircleMembership, Role
from salon.communities.roles import membership_of
from salon.core.permissions import can, rule
from salon.goals.models import GoalStatus, GoalVisibility
from salon.goals.relations import mentors_of


def _role(user: Any, community_id: int) -> str | None:
    membership = membership_of(user, community_id)
    return membership.role if membership else None


# Objectives and key results ----------------------------------------------------------------


@rule("objective.list")
def can_list_objectives(user: Any, community: Any) -> bool:
    """The community's objectives page: anyone with a role in it (guests included, as for
    events; they see only their own circles' objectives)."""
    return _role(user, community.pk) is not None


@rule("objective.view")
def can_view_objective(user: Any, objective: Any) -> bool:
    if _role(user, objective.community_id) is None:
        return False
    return objective.circle_id is None or can(user, "circle.view", objective.circle)


@rule("objective.manage")
def can_manage_objectives(user: Any, community: Any) -> bool:
    """Set the community's (and its circles') objectives: directors and facilitators."""
    return _role(user, community.pk) in STEWARD_ROLES


@rule("objective.edit")
def can_edit_objective(user: Any, objective: Any) -> bool:
    return _role(user, objective.community_id) in STEWARD_ROLES and can_view_objective(
        user, objective
    )


@rule("keyresult.update")
def can_update_key_result(user: Any, key_result: Any) -> bool:
    """Record a key result's value: the objective's owner, or a steward."""
    objective = key_result.objective
    if objective.is_archived or not can_view_objective(user, objective):
        return False
    return objective.owner_id == user.pk or _role(user, objective.community_id) in STEWARD_ROLES


@rule("keyresult.edit")
def can_edit_key_result(user: Any, key_result: Any) -> bool:
    """Change what a key result measures (title, kind, baseline, target, unit, due date):
    directors and facilitators, while its objective is open."""
    objective = key_result.objective
    return not objective.is_archived and can_edit_objective(user, objective)


# Competencies and the overview ------------------------------------------------------------


@rule("competency.manage")
def can_manage_competencies(user: Any, community: Any) -> bool:
    return _role(user, community.pk) == Role.DIRECTOR


@rule("goal.overview")
def can_see_goal_overview(user: Any, community: Any) -> bool:
    """The aggregate picture of the community's goals (never one goal's content)."""
    return _role(user, community.pk) in STEWARD_ROLES


# Personal goals ---------------------------------------------------------------------------


@rule("goal.create")
def can_create_goal(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in PARTICIPANT_ROLES


def _in_circle(user: Any, goal: Any) -> bool:
    known = getattr(goal, "viewer_in_circle", None)
    if known is not None:
        return bool(known)
    return CircleMembership.objects.filter(circle_id=goal.circle_id, user_id=user.pk).exists()


@rule("goal.view")
def can_view_goal(user: Any, goal: Any) -> bool:
    if goal.owner_id == user.pk:
        return True
    role = _role(user, goal.community_id)
    if role is None:
        return False
    if goal.partner_id == user.pk:
        return True
    if goal.visibility == GoalVisibility.COMMUNITY:
        return role in PARTICIPANT_ROLES
    if goal.visibility == GoalVisibility.CIRCLE:
        return goal.circle_id is not None and _in_circle(user, goal)
    if goal.visibility == GoalVisibility.MENTOR:
        return user.pk in mentors_of(goal.owner_id, goal.community_id)
    return False


@rule("goal.view_check_ins")
def can_view_check_ins(user: Any, goal: Any) -> bool:
    """What helped, what blocked, the next step: the owner, their accountability partner
    and their mentors. Everyone else who sees the goal sees its progress, not the notes."""
    if goal.owner_id == user.pk:
        return True
    if _role(user, goal.community_id) is None:
        return False
    return goal.partner_id == user.pk or (
        goal.visibility != GoalVisibility.ONLY_ME
        and user.pk in mentors_of(goal.owner_id, goal.community_id)
    )


@rule("goal.edit")
def can_edit_goal(user: Any, goal: Any) -> bool:
    return goal.owner_id == user.pk and _role(user, goal.community_id) is not None


@rule("goal.check_in")
def can_check_in(user: Any, goal: Any) -> bool:
    return goal.status == GoalStatus.ACTIVE and can_edit_goal(user, goal)


@rule("goal.encourage")
def can_encourage(user: Any, goal: Any) -> bool:
    """Cheer, comment or offer help: anyone who sees the goal except its owner."""
    return (
        goal.owner_id != user.pk and goal.status != GoalStatus.DROPPED and can_view_goal(user, goal)
    )
