"""Challenge pages: the community's list, setting one up, its page with its ideas."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from salon.communities.access import access_community
from salon.core.http import AuthenticatedHttpRequest
from salon.core.markdown import render_markdown
from salon.core.permissions import require
from salon.innovation import selectors
from salon.innovation.access import access_challenge
from salon.innovation.forms import ChallengeForm
from salon.innovation.services.challenges import (
    ChallengePlan,
    challenge_create,
    challenge_update,
)
from salon.innovation.views.common import posted as _posted

IDEAS_PER_PAGE = 30


@login_required
def challenge_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    require(request.user, "challenge.list", community)
    challenges = selectors.challenge_list_for(user=request.user, community=community)
    return render(
        request,
        "innovation/challenges.html",
        {"community": community, "challenges": challenges},
    )


def _plan(form: ChallengeForm) -> ChallengePlan:
    data = form.cleaned_data
    return ChallengePlan(
        title=data["title"],
        problem=data["problem"],
        opens_on=data["opens_on"],
        submit_until=data["submit_until"],
        refine_until=data["refine_until"],
        evaluate_until=data["evaluate_until"],
        decide_until=data["decide_until"],
        circle=data["circle"],
        sponsor=data["sponsor"],
        voting=data["voting"],
        vote_budget=data["vote_budget"],
        hide_totals=data["hide_totals"],
        business_areas=form.areas(),
        competencies=list(data["competencies"]),
        criteria=data["scorecard"],
    )


def _add_error(form: ChallengeForm, exc: ValidationError) -> None:
    field = getattr(exc, "code", None)
    form.add_error(field if field in form.fields else None, exc.messages)


@login_required
def challenge_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "challenge.create")
    form = ChallengeForm(_posted(request), community=community)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = challenge_create(actor=request.user, community=community, plan=_plan(form))
        except ValidationError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("The challenge is open for ideas on its opening day."))
            return redirect(challenge.get_absolute_url())
    return render(
        request,
        "innovation/challenge_form.html",
        {"community": community, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def challenge_edit(request: AuthenticatedHttpRequest, challenge_id: int) -> HttpResponse:
    challenge = access_challenge(request.user, challenge_id, "challenge.edit")
    community = challenge.community
    initial: dict[str, Any] = {
        name: getattr(challenge, name)
        for name in ChallengeForm.base_fields
        if name not in ("competencies", "business_areas", "scorecard")
    }
    initial["scorecard"] = "\n".join(
        f"{name}: {weight}" for name, weight in selectors.criteria_of(challenge)
    )
    initial["competencies"] = list(challenge.competencies.all())
    initial["business_areas"] = ", ".join(challenge.business_areas)
    form = ChallengeForm(_posted(request), community=community, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            challenge_update(actor=request.user, challenge=challenge, plan=_plan(form))
        except ValidationError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("The challenge is saved."))
            return redirect(challenge.get_absolute_url())
    return render(
        request,
        "innovation/challenge_form.html",
        {"community": community, "form": form, "challenge": challenge},
        status=400 if form.errors else 200,
    )


@login_required
def challenge_detail(request: AuthenticatedHttpRequest, challenge_id: int) -> HttpResponse:
    challenge = access_challenge(request.user, challenge_id)
    order = "votes" if request.GET.get("order") == "votes" else ""
    ideas = selectors.challenge_ideas(user=request.user, challenge=challenge, order=order)
    page = Paginator(ideas, IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for idea in page.object_list:
        # The policy asks about each idea's challenge and circle: the ones already loaded.
        idea.challenge, idea.circle = challenge, challenge.circle
    return render(
        request,
        "innovation/challenge.html",
        {
            "community": challenge.community,
            "challenge": challenge,
            "problem_html": render_markdown(challenge.problem),
            "competencies": list(challenge.competencies.all()),
            "page": page,
            "order": order,
            "votes_left": selectors.votes_left(user=request.user, challenge=challenge),
        },
    )
