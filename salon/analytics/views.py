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
from salon.analytics.access import access_outcomes, access_sponsor
from salon.analytics.forms import SponsorForm
from salon.analytics.pdf import outcomes_pdf
from salon.analytics.services import (
    outcomes_or_prepare,
    report_subscription_set,
    sponsor_add,
    sponsor_remove,
)
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


def _not_ready() -> HttpResponse:
    response = HttpResponse(
        _("The first figures are being prepared. Try again in a few minutes."),
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "300"
    return response


def _pdf(outcomes: selectors.Outcomes) -> HttpResponse:
    response = HttpResponse(outcomes_pdf(outcomes), content_type="application/pdf")
    name = f"outcomes-{outcomes.community.slug}-{outcomes.period.end.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _dashboard(
    request: AuthenticatedHttpRequest, community: Community, form: SponsorForm | None = None
) -> HttpResponse:
    days = _days(request)
    outcomes = outcomes_or_prepare(actor=request.user, community=community, days=days)
    may_share = can(request.user, "analytics.share", community)
    share = {
        "sponsor_form": (form or SponsorForm()) if may_share else None,
        "sponsors": selectors.sponsors_of(community=community) if may_share else [],
        "gets_report": may_share
        and selectors.gets_monthly_report(community=community, user=request.user),
    }
    if outcomes is None:
        return render(
            request,
            "analytics/preparing.html",
            {
                "community": community,
                "is_member": can(request.user, "community.view", community),
                **share,
            },
            status=400 if form is not None else 200,
        )
    if request.GET.get("format") == "pdf":
        return _pdf(outcomes)
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
            **share,
            "is_member": can(request.user, "community.view", community),
        },
        status=400 if form is not None else 200,
    )


@login_required
@require_GET
def export(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse | StreamingHttpResponse:
    community = access_outcomes(request.user, slug)
    outcomes = outcomes_or_prepare(actor=request.user, community=community, days=_days(request))
    if outcomes is None:
        return _not_ready()
    return exports.response(outcomes)


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


@login_required
@require_POST
def sponsor_revoke(request: AuthenticatedHttpRequest, sponsor_id: int) -> HttpResponse:
    sponsor = access_sponsor(request.user, sponsor_id)
    sponsor_remove(actor=request.user, sponsor=sponsor)
    messages.success(
        request,
        _("%(email)s no longer sees these figures.") % {"email": sponsor.user.email},
    )
    return redirect("analytics:dashboard", slug=sponsor.community.slug)


@login_required
@require_POST
def monthly_report(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_outcomes(request.user, slug)
    if report_subscription_set(
        actor=request.user, community=community, subscribed=request.POST.get("subscribe") == "1"
    ):
        messages.success(
            request, _("You will get these figures by email on the first of each month.")
        )
    else:
        messages.success(request, _("You will no longer get these figures by email."))
    return redirect("analytics:dashboard", slug=community.slug)
