"""A community's network map, for its directors and facilitators: how its members are tied
across regions (anonymous dots; what the background job last drew), who bridges it, and
the people of the viewer's reach with no tie outside their region yet, each a click from an
introduction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from salon.accounts.models import Region
from salon.communities.access import access_community
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can
from salon.network import graph, selectors


def region_label(code: str) -> str:
    if code == "other":
        return _("Other regions")
    if not code:
        return _("Region not given")
    return str(Region(code).label) if code in Region.values else code


def labelled(bubbles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**b, "label": region_label(b["region"]), "label_y": round(b["y"] + b["r"] + 16, 1)}
        for b in bubbles
    ]


@login_required
@require_GET
def community_map(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "network_map.view")
    view = selectors.network_map_for(community=community, viewer=request.user)
    drawing = view.drawn.drawing if view.drawn else None
    return render(
        request,
        "network/community_map.html",
        {
            "community": community,
            "view": view,
            "width": graph.WIDTH,
            "height": graph.HEIGHT,
            "drawing": drawing,
            "bubbles": labelled(view.bubbles),
            "lines": [
                {**line, "a_label": region_label(line["a"]), "b_label": region_label(line["b"])}
                for line in (drawing["lines"] if drawing else [])
            ],
            "cross_share": (
                round(100 * drawing["ties_across"] / drawing["ties"])
                if drawing and drawing["ties"]
                else None
            ),
            "names_bridges": can(request.user, "network_map.view_bridges", community),
            "may_introduce": can(request.user, "introduction.create", community),
        },
    )
