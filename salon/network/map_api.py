"""A community's network map in the API, for its directors and facilitators: the figures
of the map the page shows (what the background job last drew), and the people the caller
may act on. The same selector and rules as the page.

No ``from __future__ import annotations`` here: django-ninja reads the annotations.
"""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from salon.api.schemas import ErrorOut, Slug
from salon.communities.access import access_community
from salon.core.permissions import can
from salon.network import selectors
from salon.network.api import NetworkPersonOut
from salon.network.views.maps import region_label

router = Router(tags=["network"])


class RegionOut(Schema):
    region: str = Field(..., description="The region's code; 'other' pools regions under 5.")
    label: str
    members: int
    with_tie_outside: int
    ties_only_inside: int
    without_ties: int
    ties_inside: int
    ties_across: int
    ei_index: float | None = Field(
        ..., description="Krackhardt's E-I index: -1 all ties inside the region, +1 all outside."
    )


class LinkOut(Schema):
    a: str
    b: str
    ties: int


class BridgeOut(Schema):
    person: NetworkPersonOut
    betweenness: float = Field(..., description="Share of shortest paths through them, 0-1.")


class NetworkOut(Schema):
    drawn_at: datetime | None = Field(..., description="None until the first map is drawn.")
    days: int
    people: int
    ties: int
    ties_across: int
    regions: list[RegionOut]
    links: list[LinkOut]
    without_outside_tie: list[NetworkPersonOut] = Field(
        ...,
        description="People with a region and no tie outside it: everyone's for directors, "
        "their circles' for facilitators (the first 24).",
    )
    without_outside_tie_total: int
    bridges: list[BridgeOut] = Field(..., description="Directors only; empty for others.")


def _ref(user: Any) -> NetworkPersonOut:
    return NetworkPersonOut(
        id=user.pk,
        name=user.display_name,
        title=user.title,
        region=user.region,
        country=user.country,
    )


@router.get(
    "/communities/{slug}/network",
    response={200: NetworkOut, 403: ErrorOut, 404: ErrorOut},
    summary="The community's network across regions, as last drawn (directors, facilitators)",
)
def community_network(request: HttpRequest, slug: Slug) -> Any:
    community = access_community(request.user, slug, "network_map.view")
    view = selectors.network_map_for(community=community, viewer=request.user)
    drawing = view.drawn.drawing if view.drawn else {}
    return NetworkOut(
        drawn_at=view.drawn.drawn_at if view.drawn else None,
        days=view.drawn.days if view.drawn else 0,
        people=drawing.get("people", 0),
        ties=drawing.get("ties", 0),
        ties_across=drawing.get("ties_across", 0),
        regions=[
            RegionOut(
                region=b["region"],
                label=region_label(b["region"]),
                members=b["members"],
                with_tie_outside=b["across"],
                ties_only_inside=b["inside"],
                without_ties=b["without"],
                ties_inside=b["ties_inside"],
                ties_across=b["ties_across"],
                ei_index=b["ei"],
            )
            for b in drawing.get("bubbles", [])
        ],
        links=[LinkOut(a=x["a"], b=x["b"], ties=x["ties"]) for x in drawing.get("lines", [])],
        without_outside_tie=[_ref(p) for p in view.inward],
        without_outside_tie_total=view.inward_total,
        bridges=[
            BridgeOut(person=_ref(p), betweenness=score)
            for p, score in view.bridges
            if can(request.user, "network_map.view_bridges", community)
        ],
    )
