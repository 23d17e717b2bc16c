"""The pipeline pages: the board (a column per stage) and the funnel report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from salon.communities.access import access_community
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import require
from salon.innovation import selectors


@login_required
def board(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    require(request.user, "pipeline.view", community)
    columns = selectors.pipeline_board(user=request.user, community=community)
    return render(
        request,
        "innovation/board.html",
        {
            "community": community,
            "flow": [c for c in columns if not c.stage.is_parked],
            "parked": [c for c in columns if c.stage.is_parked],
            "total": sum(c.count for c in columns),
        },
    )


@login_required
def funnel(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    require(request.user, "pipeline.report", community)
    report = selectors.funnel_report(user=request.user, community=community)
    widest = max((row.reached for row in report.rows), default=0) or 1
    bars = [(row, round(100 * row.reached / widest)) for row in report.rows]
    return render(
        request,
        "innovation/funnel.html",
        {"community": community, "report": report, "bars": bars},
    )
