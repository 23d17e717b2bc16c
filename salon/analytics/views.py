"""The outcome pages: the sponsor dashboard of a community, its CSV, and a member's own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from salon.analytics import charts, exports, selectors
from salon.analytics.access import access_outcomes
from salon.analytics.forms import SponsorForm
from salon.analytics.services import sponsor_add
from salon.communities.access import access_community
from salon.communities.models import Community
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can


def _days(request: AuthenticatedHttpRequest) -> int:
    try:
        days = int(request.GET.get("days", selectors.DEFAULT_PERIOD))
    except ValueError:
        return selectors.DEFAULT_PERIOD
    return days if days in selectors.PERIODS else selectors.DEFAULT_PERIOD


@login_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _dashboard(request, access_outcomes(request.user, slug))


def _dashboard(
    request: AuthenticatedHttpRequest, community: Community, form: SponsorForm | None = None
) -> HttpResponse:
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
            "sponsor_form": (form or SponsorForm())
            if can(request.user, "analytics.share", community)
            else None,
            "is_member": can(request.user, "community.view", community),
        },
        status=400 if form is not None else 200,
    )


@login_required
@require_GET
def export(request: AuthenticatedHttpRequest, slug: str) -> StreamingHttpResponse:
    community = access_outcomes(request.user, slug)
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


@login_required
@require_POST
def sponsor(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_outcomes(request.user, slug)
    if not can(request.user, "analytics.share", community):
        raise PermissionDenied
    form = SponsorForm(request.POST)
    if form.is_valid():
        try:
            sponsor_add(actor=request.user, community=community, email=form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("%(email)s now sees these figures, read-only.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("analytics:dashboard", slug=community.slug)
    return _dashboard(request, community, form)
