"""Library and learning-path rules of the permission policy.

Resources follow their community, or their circle when they have one. Facilitators,
directors and experts publish; other participants suggest, and a facilitator (or
director) takes the suggestion in. Paths are made and followed up by the stewards.
"""

from __future__ import annotations

from typing import Any

from salon.communities.models import PARTICIPANT_ROLES, STEWARD_ROLES, Role
from salon.communities.roles import membership_of
from salon.core.permissions import can, rule

PUBLISHER_ROLES = frozenset({*STEWARD_ROLES, Role.EXPERT})


def _role(user: Any, community_id: int) -> str | None:
    membership = membership_of(user, community_id)
    return membership.role if membership else None


def _sees_place(user: Any, obj: Any) -> bool:
    if _role(user, obj.community_id) is None:
        return False
    return obj.circle_id is None or can(user, "circle.view", obj.circle)


@rule("library.view")
def can_view_library(user: Any, community: Any) -> bool:
    return _role(user, community.pk) is not None


@rule("resource.create")
def can_create_resource(user: Any, community: Any) -> bool:
    """Publish (stewards, experts) or suggest (other participants)."""
    return _role(user, community.pk) in PARTICIPANT_ROLES


@rule("resource.publish")
def can_publish_resource(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in PUBLISHER_ROLES


@rule("library.review")
def can_review_suggestions(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in STEWARD_ROLES


@rule("resource.view")
def can_view_resource(user: Any, resource: Any) -> bool:
    if not _sees_place(user, resource):
        return False
    if resource.is_published:
        return True
    return resource.author_id == user.pk or _role(user, resource.community_id) in STEWARD_ROLES


@rule("resource.edit")
def can_edit_resource(user: Any, resource: Any) -> bool:
    if not can_view_resource(user, resource):
        return False
    role = _role(user, resource.community_id)
    if role in STEWARD_ROLES:
        return True
    # Authors keep their own: experts always, others while it waits for review.
    return resource.author_id == user.pk and (
        role == Role.EXPERT or (role in PARTICIPANT_ROLES and not resource.is_published)
    )


@rule("resource.review")
def can_review_resource(user: Any, resource: Any) -> bool:
    return _sees_place(user, resource) and _role(user, resource.community_id) in STEWARD_ROLES


@rule("resource.mark")
def can_mark_resource(user: Any, resource: Any) -> bool:
    return resource.is_published and can_view_resource(user, resource)


@rule("resource.comment")
def can_comment_resource(user: Any, resource: Any) -> bool:
    return can_mark_resource(user, resource)


@rule("resource.view_usage")
def can_view_usage(user: Any, resource: Any) -> bool:
    """What the curator sees: views, completions, "useful"."""
    return can_view_resource(user, resource) and (
        _role(user, resource.community_id) in STEWARD_ROLES
        or user.pk in {resource.author_id, resource.curator_id}
    )


# Learning paths ----------------------------------------------------------------------------


@rule("path.create")
def can_create_path(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in STEWARD_ROLES


@rule("path.view")
def can_view_path(user: Any, path: Any) -> bool:
    if not _sees_place(user, path):
        return False
    return path.is_published or _role(user, path.community_id) in STEWARD_ROLES


@rule("path.edit")
def can_edit_path(user: Any, path: Any) -> bool:
    return _sees_place(user, path) and _role(user, path.community_id) in STEWARD_ROLES


@rule("path.follow")
def can_follow_path(user: Any, path: Any) -> bool:
    return (
        path.is_published
        and can_view_path(user, path)
        and _role(user, path.community_id) in {*PARTICIPANT_ROLES, Role.GUEST}
    )


@rule("path.view_progress")
def can_view_progress(user: Any, path: Any) -> bool:
    """Who has done which step, who is stuck, and nudging them: the stewards."""
    return can_edit_path(user, path)


@rule("reflection.view")
def can_view_reflection(user: Any, completion: Any) -> bool:
    """A reflection is for its writer, the community's facilitators and directors, and the
    writer's mentor in that community."""
    if completion.user_id == user.pk:
        return True
    community_id = completion.step.path.community_id
    if _role(user, community_id) in STEWARD_ROLES:
        return True
    from salon.mentoring.models import Mentorship

    return Mentorship.objects.filter(
        mentee_id=completion.user_id,
        mentor_id=user.pk,
        programme__community_id=community_id,
        ended_at__isnull=True,
    ).exists()
