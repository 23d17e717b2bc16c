"""The outcome pages: the sponsor dashboard of a community, its CSV, and a member's own."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from salon.analytics import charts, exports, selectors
from salon.communities.access import access_community
from salon.core.http import AuthenticatedHttpRequest


def _days(request: AuthenticatedHttpRequest) -> int:
    try:
        days = int(request.GET.get("days", selectors.DEFAULT_PERIOD))
    except ValueError:
        return selectors.DEFAULT_PERIOD
    return days if days in selectors.PERIODS else selectors.DEFAULT_PERIOD


@login_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "analytics.view")
    outcomes = selectors.outcomes_for(community=community, days=_days(request))
    growth = outcomes.benefits[0].rows[0].values if outcomes.benefits else []
    return render(
        request,
        "analytics/dashboard.html",
        {
            "community": community,
            "outcomes": outcomes,
            "periods": selectors.PERIODS,
            "trend": charts.line(outcomes.trend),
            "stage_bars": charts.bars([(s.name, s.reached) for s in outcomes.stages]),
            "growth": growth,
        },
    )


@login_required
@require_GET
def export(request: AuthenticatedHttpRequest, slug: str) -> StreamingHttpResponse:
    community = access_community(request.user, slug, "analytics.view")
    return exports.response(selectors.outcomes_for(community=community, days=_days(request)))


@login_required
@require_GET
def mine(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "analytics.view_own")
    days = _days(request)
    return render(
        request,
        "analytics/mine.html",
        {
            "community": community,
            "mine": selectors.mine_for(community=community, user=request.user, days=days),
            "days": days,
            "periods": selectors.PERIODS,
        },
    )
