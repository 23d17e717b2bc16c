"""Feedback between members and praise in the REST API (docs/feedback.md, "API")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from salon.accounts.models import User
from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import ErrorOut, Id
from salon.communities.access import access_community
from salon.feedback.models import FeedbackRequest, Praise
from salon.feedback.selectors.peer import (
    circles_for_praise,
    praise_in,
    recipient_choices,
    requests_of,
)

# A module, not its names: an endpoint is named after the service it calls.
from salon.feedback.services import peer as peer_services
from salon.feedback.services.praise import praise_give
from salon.goals.selectors import competencies_of

router = Router(tags=["feedback"])


class PersonOut(Schema):
    id: int
    name: str


class AskOut(Schema):
    id: int
    person: PersonOut
    state: str = Field(..., description="asked, given or declined")


class FeedbackRequestOut(Schema):
    id: int
    community: str
    situation: str
    competency: int | None
    created_at: datetime
    asked: list[AskOut]


class FeedbackRequestIn(Schema):
    community: str = Field(..., description="Slug of a community you take part in.")
    recipients: list[Id] = Field(..., min_length=1, max_length=10)
    situation: str = Field(..., min_length=1, max_length=500)
    competency: Id | None = None


def _person(user: User) -> PersonOut:
    return PersonOut(id=user.pk, name=user.display_name)


def _request_out(request: FeedbackRequest) -> FeedbackRequestOut:
    return FeedbackRequestOut(
        id=request.pk,
        community=request.community.slug,
        situation=request.situation,
        competency=request.competency_id,
        created_at=request.created_at,
        asked=[
            AskOut(id=ask.pk, person=_person(ask.giver), state=ask.state)
            for ask in request.asks.all()
        ],
    )


def _competency(community: Any, competency_id: int | None) -> Any:
    if competency_id is None:
        return None
    found = competencies_of(community=community).filter(pk=competency_id).first()
    if found is None:
        raise ValidationError("Choose a competency of this community's framework.")
    return found


@router.get(
    "/me/feedback-requests",
    response={200: list[FeedbackRequestOut]},
    summary="Your requests for feedback, with whom you asked and whether they answered",
)
@paginate(Pagination)
def feedback_request_list(request: HttpRequest) -> Any:
    return ShapedPage(requests_of(user=request.user), _request_out)


@router.post(
    "/me/feedback-requests",
    response={201: FeedbackRequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Ask named members for feedback on a situation (409 when someone asked has "
    "had their requests for this week)",
)
def feedback_request_create(request: HttpRequest, payload: FeedbackRequestIn) -> Any:
    community = access_community(request.user, payload.community, "feedback.take_part")
    made = peer_services.feedback_request_create(
        actor=request.user,
        community=community,
        recipients=payload.recipients,
        situation=payload.situation,
        competency=_competency(community, payload.competency),
    )
    return 201, _request_out(requests_of(user=request.user).get(pk=made.pk))


class PraiseOut(Schema):
    id: int
    giver: PersonOut
    receiver: PersonOut
    competency: str
    message: str
    circle: str | None
    on_home: bool
    created_at: datetime


class PraiseIn(Schema):
    receiver: Id
    competency: Id
    message: str = Field(..., min_length=1, max_length=1000)
    circle: str | None = Field(None, description="Slug of a circle; none for the community.")
    on_home: bool = True


def _praise_out(praise: Praise) -> PraiseOut:
    return PraiseOut(
        id=praise.pk,
        giver=_person(praise.giver),
        receiver=_person(praise.receiver),
        competency=praise.competency.name,
        message=praise.message,
        circle=praise.circle.slug if praise.circle else None,
        on_home=praise.on_home,
        created_at=praise.created_at,
    )


@router.get(
    "/communities/{slug}/praise",
    response={200: list[PraiseOut], 404: ErrorOut},
    summary="Praise in the community that you can see (none from circles you cannot see)",
)
@paginate(Pagination)
def praise_list(request: HttpRequest, slug: str) -> Any:
    community = access_community(request.user, slug)
    return ShapedPage(praise_in(user=request.user, community=community), _praise_out)


@router.post(
    "/communities/{slug}/praise",
    response={201: PraiseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Praise a member for a competency, in the community or one of its circles",
)
def praise_create(request: HttpRequest, slug: str, payload: PraiseIn) -> Any:
    community = access_community(request.user, slug, "feedback.take_part")
    circle = None
    if payload.circle:
        circle = (
            circles_for_praise(user=request.user, community=community)
            .filter(slug=payload.circle)
            .first()
        )
        if circle is None:
            raise ValidationError("Choose a circle of this community that you can see.")
    receiver = (
        recipient_choices(user=request.user, community=community)
        .filter(pk=payload.receiver)
        .first()
    )
    if receiver is None:
        raise ValidationError("You can praise only members of this community.")
    praise = praise_give(
        actor=request.user,
        community=community,
        receiver=receiver,
        competency=_competency(community, payload.competency),
        message=payload.message,
        circle=circle,
        on_home=payload.on_home,
    )
    return 201, _praise_out(praise)
