"""The only doors to goals, objectives and key results: 404 for what a user may not see
(the same answer as for what does not exist), 403 for what their role does not allow."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.http import Http404

from salon.communities.models import CircleMembership
from salon.core.permissions import can, require
from salon.goals.models import Competency, Goal, KeyResult, Milestone, Objective


def _in_circle(user: Any, field: str) -> Exists:
    return Exists(CircleMembership.objects.filter(circle_id=OuterRef(field), user_id=user.pk))


def _prepared_objective(objective: Objective) -> Objective:
    # ``circle.view`` reads the circle's community and whether the viewer is in it: both
    # came with the query, so asking the policy costs nothing more.
    if objective.circle is not None:
        objective.circle.community = objective.community
        objective.circle.viewer_is_member = objective.viewer_in_circle  # type: ignore[attr-defined]
    return objective


def access_objective(user: Any, objective_id: int, action: str = "objective.view") -> Objective:
    objective = (
        Objective.objects.select_related("community", "circle", "owner")
        .annotate(viewer_in_circle=_in_circle(user, "circle_id"))
        .filter(pk=objective_id)
        .first()
    )
    if objective is None or not can(user, "objective.view", _prepared_objective(objective)):
        raise Http404
    if action != "objective.view":
        require(user, action, objective)
    return objective


def access_key_result(user: Any, key_result_id: int, action: str = "keyresult.update") -> KeyResult:
    key_result = KeyResult.objects.filter(pk=key_result_id).only("objective_id").first()
    if key_result is None:
        raise Http404
    objective = access_objective(user, key_result.objective_id)
    key_result = KeyResult.objects.get(pk=key_result_id)
    key_result.objective = objective
    if action != "objective.view":
        require(user, action, key_result)
    return key_result


def access_goal(user: Any, goal_id: int, action: str = "goal.view") -> Goal:
    goal = (
        Goal.objects.select_related(
            "owner", "community", "competency", "objective", "circle", "partner"
        )
        .annotate(viewer_in_circle=_in_circle(user, "circle_id"))
        .filter(pk=goal_id)
        .first()
    )
    if goal is None or not can(user, "goal.view", goal):
        raise Http404
    if action != "goal.view":
        require(user, action, goal)
    return goal


def access_milestone(user: Any, goal: Goal, milestone_id: int) -> Milestone:
    milestone = Milestone.objects.filter(pk=milestone_id, goal=goal).first()
    if milestone is None:
        raise Http404
    milestone.goal = goal
    return milestone


def access_competency(user: Any, community: Any, competency_id: int) -> Competency:
    """A competency of ``community``, for people who may edit the framework."""
    competency = Competency.objects.filter(pk=competency_id, community=community).first()
    if competency is None:
        raise Http404
    competency.community = community
    require(user, "competency.manage", community)
    return competency
