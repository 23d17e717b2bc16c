"""Coffee roulette in a community: members join or leave and see their pairs (with the
fair time, in their own time zone) and say whether they met; its stewards start rounds
and see how many pairs met."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from salon.communities.access import access_community
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can
from salon.network import selectors
from salon.network.access import access_coffee_pair
from salon.network.forms import CoffeeRoundForm
from salon.network.services.roulette import (
    coffee_pair_answer,
    coffee_roulette_choose,
    coffee_round_start,
)


@login_required
def coffee(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "coffee_roulette.view")
    may_start = can(request.user, "coffee_round.start", community)
    form = CoffeeRoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        access_community(request.user, slug, "coffee_round.start")
        if form.is_valid():
            try:
                started = coffee_round_start(
                    actor=request.user, community=community, meet_by=form.cleaned_data["meet_by"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                pairs = started.pairs.count()
                messages.success(
                    request,
                    ngettext(
                        "%(n)d pair made; both people are told.",
                        "%(n)d pairs made; everyone is told.",
                        pairs,
                    )
                    % {"n": pairs},
                )
                return redirect("network:coffee", slug=community.slug)
    return render(
        request,
        "network/coffee.html",
        {
            "community": community,
            "joined": selectors.coffee_opted_in(user=request.user),
            "pairs": selectors.coffee_pairs_of(user=request.user, community=community),
            "rounds": selectors.coffee_rounds_of(community=community) if may_start else [],
            "form": form if may_start else None,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def coffee_join(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "coffee_roulette.view")
    join = request.POST.get("join") == "1"
    coffee_roulette_choose(actor=request.user, join=join)
    if join:
        messages.success(request, _("You are in: the next round pairs you with someone."))
    else:
        messages.info(request, _("You will not be paired in coming rounds."))
    return redirect("network:coffee", slug=community.slug)


@login_required
@require_POST
def coffee_answer(request: AuthenticatedHttpRequest, pair_id: int) -> HttpResponse:
    pair = access_coffee_pair(request.user, pair_id)
    met = request.POST.get("met") == "1"
    coffee_pair_answer(actor=request.user, pair=pair, met=met)
    messages.success(request, _("Thank you.") if met else _("Noted. Perhaps next round."))
    return redirect("network:coffee", slug=pair.round.community.slug)
