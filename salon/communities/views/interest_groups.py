"""Interest groups members start: the proposal form, and a director's approval."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.communities.access import access_circle, access_community
from salon.communities.forms import InterestGroupForm
from salon.communities.services.interest_groups import (
    interest_group_approve,
    interest_group_decline,
    interest_group_propose,
)
from salon.core.http import AuthenticatedHttpRequest


@login_required
def propose(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "circle.propose")
    form = InterestGroupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        circle = interest_group_propose(
            actor=request.user,
            community=community,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
        )
        if circle.awaiting_approval:
            messages.success(
                request, _("Proposed. A director will look at it; you will hear when it opens.")
            )
        else:
            messages.success(request, _("Your interest group is open: invite people to join."))
        return redirect(circle.get_absolute_url())
    return render(
        request,
        "communities/interest_group_propose.html",
        {"community": community, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def approve(request: AuthenticatedHttpRequest, slug: str, circle_slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    circle = access_circle(request.user, community, circle_slug, "circle.approve")
    interest_group_approve(actor=request.user, circle=circle)
    messages.success(request, _("“%(name)s” is open to members.") % {"name": circle.name})
    return redirect(circle.get_absolute_url())


@login_required
@require_POST
def decline(request: AuthenticatedHttpRequest, slug: str, circle_slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    circle = access_circle(request.user, community, circle_slug, "circle.approve")
    interest_group_decline(actor=request.user, circle=circle)
    messages.success(request, _("Declined; the group is archived."))
    return redirect("communities:circles", slug)
