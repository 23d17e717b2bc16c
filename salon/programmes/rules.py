"""Cohort programme rules of the permission policy.

The community's directors and facilitators build programmes and follow every member's
progress; a programme's cohorts (the members of its circles) see it and work through it.
Everyone else does not know it exists.
"""

from __future__ import annotations

from typing import Any

from salon.communities.models import PARTICIPANT_ROLES, STEWARD_ROLES
from salon.communities.roles import membership_of
from salon.core.permissions import rule


def _role(user: Any, community_id: int) -> str | None:
    membership = membership_of(user, community_id)
    return membership.role if membership else None


def in_cohort(user: Any, programme: Any) -> bool:
    """Whether the user belongs to one of the programme's cohorts. Selectors set
    ``viewer_in_cohort`` so that lists ask without a query per programme."""
    known = getattr(programme, "viewer_in_cohort", None)
    if known is not None:
        return bool(known)
    from salon.communities.models import CircleMembership

    return CircleMembership.objects.filter(
        user_id=user.pk, circle__cohort_programmes=programme, circle__archived_at__isnull=True
    ).exists()


@rule("cohort_programme.list")
def can_list_programmes(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in PARTICIPANT_ROLES


@rule("cohort_programme.create")
def can_create_programme(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in STEWARD_ROLES


@rule("cohort_programme.view")
def can_view_programme(user: Any, programme: Any) -> bool:
    role = _role(user, programme.community_id)
    if role in STEWARD_ROLES:
        return True
    return role in PARTICIPANT_ROLES and in_cohort(user, programme)


@rule("cohort_programme.edit")
def can_edit_programme(user: Any, programme: Any) -> bool:
    return _role(user, programme.community_id) in STEWARD_ROLES


@rule("cohort_programme.take_part")
def can_take_part(user: Any, programme: Any) -> bool:
    """Working through the items: the cohort's own members (a facilitator in the cohort too)."""
    return _role(user, programme.community_id) in PARTICIPANT_ROLES and in_cohort(user, programme)


# Peer review of assignments ----------------------------------------------------------------


def _reviewer(user: Any, review: Any) -> bool:
    return (
        bool(review.reviewer_id == user.pk)
        and _role(user, review.item.module.programme.community_id) in PARTICIPANT_ROLES
    )


@rule("peer_review.view")
def can_view_review(user: Any, review: Any) -> bool:
    """The reviewer reads the submission; the programme's team follows every review. The
    author reads reviews of their work on the programme's page, once released."""
    return _reviewer(user, review) or can_edit_programme(user, review.item.module.programme)


@rule("peer_review.submit")
def can_submit_review(user: Any, review: Any) -> bool:
    return _reviewer(user, review) and review.submitted_at is None
