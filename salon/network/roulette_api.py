"""Coffee roulette in the API: a community's rounds (its stewards), the caller's own pairs,
joining or leaving, and saying whether a pair met. The same services as the page.

No ``from __future__ import annotations`` here: django-ninja reads the annotations.
"""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from salon.api.schemas import BoundedDate, ErrorOut, Id, Slug
from salon.communities.access import access_community
from salon.network import selectors
from salon.network.access import access_coffee_pair
from salon.network.services.roulette import (
    coffee_pair_answer,
    coffee_roulette_choose,
    coffee_round_start,
)

router = Router(tags=["network"])


class RoundOut(Schema):
    id: int
    meet_by: date
    created_at: datetime
    pairs: int
    met: int = Field(..., description="Pairs where either person says they met.")
    unpaired: int = Field(..., description="Members who opted in but got no pair this round.")


class RoundIn(Schema):
    meet_by: BoundedDate = Field(..., description="Pairs meet before this day (2-60 days).")


class PairOut(Schema):
    id: int
    round: int
    with_person: int = Field(..., description="The id of the person you are paired with.")
    with_name: str
    starts_at: datetime | None = Field(..., description="The fair time found for both.")
    meet_by: date
    you_met: bool | None


class JoinIn(Schema):
    join: bool


class MetIn(Schema):
    met: bool


def _round(r: Any) -> RoundOut:
    return RoundOut(
        id=r.pk,
        meet_by=r.meet_by,
        created_at=r.created_at,
        pairs=getattr(r, "pair_count", 0),
        met=getattr(r, "met_count", 0),
        unpaired=r.unpaired,
    )


@router.get(
    "/communities/{slug}/coffee-rounds",
    response={200: list[RoundOut], 403: ErrorOut, 404: ErrorOut},
    summary="Coffee roulette rounds, newest first, with how many pairs met (stewards)",
)
def coffee_rounds(request: HttpRequest, slug: Slug) -> Any:
    community = access_community(request.user, slug, "coffee_round.start")
    return [_round(r) for r in selectors.coffee_rounds_of(community=community)]


@router.post(
    "/communities/{slug}/coffee-rounds",
    response={201: RoundOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Start a round: pair the members who opted in, across regions, at fair times",
)
def coffee_round_create(request: HttpRequest, slug: Slug, payload: RoundIn) -> Any:
    community = access_community(request.user, slug, "coffee_round.start")
    started = coffee_round_start(actor=request.user, community=community, meet_by=payload.meet_by)
    return 201, next(
        _round(r) for r in selectors.coffee_rounds_of(community=community) if r.pk == started.pk
    )


@router.get(
    "/communities/{slug}/coffee-pairs",
    response={200: list[PairOut], 403: ErrorOut, 404: ErrorOut},
    summary="Your coffee roulette pairs in this community, newest first",
)
def my_coffee_pairs(request: HttpRequest, slug: Slug) -> Any:
    community = access_community(request.user, slug, "coffee_roulette.view")
    me = int(request.user.pk or 0)
    return [
        PairOut(
            id=p.pk,
            round=p.round_id,
            with_person=p.other_id(me),
            with_name=(p.second if p.first_id == me else p.first).display_name,
            starts_at=p.starts_at,
            meet_by=p.round.meet_by,
            you_met=p.answer_of(me),
        )
        for p in selectors.coffee_pairs_of(user=request.user, community=community)
    ]


@router.post(
    "/me/coffee-roulette",
    response={200: JoinIn},
    summary="Join or leave coffee roulette (in every community you take part in)",
)
def coffee_join(request: HttpRequest, payload: JoinIn) -> Any:
    coffee_roulette_choose(actor=request.user, join=payload.join)
    return JoinIn(join=payload.join)


@router.post(
    "/coffee-pairs/{pair_id}/answer",
    response={200: MetIn, 404: ErrorOut},
    summary="Say whether your coffee roulette pair met",
)
def coffee_answer(request: HttpRequest, pair_id: Id, payload: MetIn) -> Any:
    pair = access_coffee_pair(request.user, pair_id)
    coffee_pair_answer(actor=request.user, pair=pair, met=payload.met)
    return MetIn(met=payload.met)
