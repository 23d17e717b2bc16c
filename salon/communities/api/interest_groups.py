"""Interest groups in the API, with the pages' rules: any participant proposes one (and
leads it); a director approves or declines it, unless the community lets members start
them directly; once open, members join it.

``GET|POST /communities/{slug}/interest-groups``, ``POST /interest-groups/{id}/approve``,
``POST /interest-groups/{id}/decline`` and ``POST /interest-groups/{id}/join``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from salon.api.pagination import Pagination
from salon.api.schemas import ErrorOut
from salon.communities import selectors, services
from salon.communities.access import access_community, access_interest_group
from salon.communities.models import Circle
from salon.communities.services.interest_groups import (
    interest_group_approve,
    interest_group_decline,
    interest_group_propose,
)
from salon.core.permissions import can

router = Router(tags=["interest groups"])


class InterestGroupOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    awaiting_approval: bool = Field(..., description="Proposed, waiting for a director.")
    archived: bool = Field(..., description="Declined groups are archived.")
    member_count: int
    is_member: bool
    leads: list[int] = Field(..., description="User ids; the proposer leads the group.")
    may_join: bool
    url: str


class InterestGroupIn(Schema):
    name: str = Field(..., min_length=1, max_length=120, pattern=r"\S")
    description: str = Field("", max_length=4000)


def _out(request: HttpRequest, circle: Circle, *, member_count: int, leads: list[int]) -> Any:
    return InterestGroupOut(
        id=circle.pk,
        slug=circle.slug,
        name=circle.name,
        description=circle.description,
        awaiting_approval=circle.awaiting_approval,
        archived=circle.is_archived,
        member_count=member_count,
        is_member=bool(getattr(circle, "viewer_is_member", False)),
        leads=leads,
        may_join=can(request.user, "circle.join", circle),
        url=request.build_absolute_uri(circle.get_absolute_url()),
    )


def _one(request: HttpRequest, circle_id: int) -> Any:
    """A group as it is now, read again through the door after a change."""
    circle = access_interest_group(request.user, circle_id)
    return _out(
        request,
        circle,
        member_count=selectors.circle_members(circle=circle).count(),
        leads=selectors.circle_lead_ids(circle=circle),
    )


@router.get(
    "/communities/{slug}/interest-groups",
    response={200: list[InterestGroupOut], 404: ErrorOut},
    summary="The community's interest groups you may see (proposals: yours, or all for stewards)",
)
@paginate(Pagination)
def interest_group_list(request: HttpRequest, slug: str) -> Any:
    community = access_community(request.user, slug)
    return [
        _out(request, c, member_count=c.member_count, leads=c.lead_ids)  # type: ignore[attr-defined]
        for c in selectors.interest_group_list_for_user(user=request.user, community=community)
    ]


@router.post(
    "/communities/{slug}/interest-groups",
    response={201: InterestGroupOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Propose an interest group (it opens at once if the community allows that)",
)
def interest_group_create(request: HttpRequest, slug: str, payload: InterestGroupIn) -> Any:
    community = access_community(request.user, slug, "circle.propose")
    circle = interest_group_propose(
        actor=request.user,
        community=community,
        name=payload.name.strip(),
        description=payload.description.strip(),
    )
    return 201, _one(request, circle.pk)


@router.post(
    "/interest-groups/{circle_id}/approve",
    response={200: InterestGroupOut, 403: ErrorOut, 404: ErrorOut},
    summary="Approve a proposed interest group (directors): it opens to members",
)
def interest_group_approval(request: HttpRequest, circle_id: int) -> Any:
    circle = access_interest_group(request.user, circle_id, "circle.approve")
    interest_group_approve(actor=request.user, circle=circle)
    return _one(request, circle_id)


@router.post(
    "/interest-groups/{circle_id}/decline",
    response={200: InterestGroupOut, 403: ErrorOut, 404: ErrorOut},
    summary="Decline a proposed interest group (directors): it is archived, not deleted",
)
def interest_group_refusal(request: HttpRequest, circle_id: int) -> Any:
    circle = access_interest_group(request.user, circle_id, "circle.approve")
    interest_group_decline(actor=request.user, circle=circle)
    return _one(request, circle_id)


@router.post(
    "/interest-groups/{circle_id}/join",
    response={200: InterestGroupOut, 403: ErrorOut, 404: ErrorOut},
    summary="Join an open interest group",
)
def interest_group_join(request: HttpRequest, circle_id: int) -> Any:
    circle = access_interest_group(request.user, circle_id, "circle.join")
    services.circle_join(user=request.user, circle=circle)
    return _one(request, circle_id)
