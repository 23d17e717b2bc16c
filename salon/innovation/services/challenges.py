"""Writes to challenges: setting one up (with its pipeline and its discussion category)
and changing it."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from salon.core.audit import audit
from salon.core.permissions import require
from salon.discussions.models import Category
from salon.innovation.models import Challenge, Voting
from salon.innovation.services.evaluation import criteria_set
from salon.innovation.services.pipeline import stages_ensure

MAX_AREAS = 8


@dataclass(frozen=True)
class ChallengePlan:
    title: str
    problem: str
    opens_on: date
    submit_until: date
    refine_until: date
    evaluate_until: date
    decide_until: date
    circle: Any = None
    sponsor: Any = None
    voting: str = Voting.SUPPORT
    vote_budget: int = 10
    hide_totals: bool = False
    business_areas: Sequence[str] = ()
    competencies: Sequence[Any] = field(default=())
    # The scorecard: (criterion, weight); empty for the default one (or, when editing, to
    # keep the scorecard as it is).
    criteria: Sequence[tuple[str, int]] = ()


def _check(plan: ChallengePlan, community: Any) -> dict[str, Any]:
    title = " ".join((plan.title or "").split())
    if not title:
        raise ValidationError(_("Give the challenge a title."), code="title")
    if len(title) > 200:
        raise ValidationError(_("A title has at most 200 characters."), code="title")
    problem = (plan.problem or "").strip()
    if not problem:
        raise ValidationError(_("Describe the problem to solve."), code="problem")
    dates = [plan.opens_on, plan.submit_until, plan.refine_until, plan.evaluate_until]
    dates.append(plan.decide_until)
    if any(later < earlier for earlier, later in itertools.pairwise(dates)):
        raise ValidationError(
            _("The phases follow each other: opening, ideas, refining, evaluation, decision."),
            code="decide_until",
        )
    if plan.circle is not None and plan.circle.community_id != community.pk:
        raise ValidationError(_("That circle is not in this community."), code="circle")
    if (
        plan.sponsor is not None
        and not plan.sponsor.memberships.filter(community_id=community.pk).exists()
    ):
        raise ValidationError(_("The sponsor must belong to the community."), code="sponsor")
    if plan.voting not in Voting.values:
        raise ValidationError(_("Choose simple support or a budget of votes."), code="voting")
    if plan.voting == Voting.BUDGET and not 1 <= plan.vote_budget <= 100:
        raise ValidationError(_("A budget is between 1 and 100 votes."), code="vote_budget")
    areas = list(dict.fromkeys(" ".join(a.split())[:60] for a in plan.business_areas if a.strip()))
    if len(areas) > MAX_AREAS:
        raise ValidationError(_("Name at most eight business areas."), code="business_areas")
    if any(c.community_id != community.pk for c in plan.competencies):
        raise ValidationError(_("Pick competencies of this community."), code="competencies")
    return {
        "title": title,
        "problem": problem,
        "opens_on": plan.opens_on,
        "submit_until": plan.submit_until,
        "refine_until": plan.refine_until,
        "evaluate_until": plan.evaluate_until,
        "decide_until": plan.decide_until,
        "circle": plan.circle,
        "sponsor": plan.sponsor,
        "voting": plan.voting,
        "vote_budget": plan.vote_budget,
        "hide_totals": plan.hide_totals,
        "business_areas": areas,
    }


def _discussion_category(community: Any, challenge: Challenge) -> Category:
    """Each challenge's ideas are discussed in a forum category of their own (in the
    challenge's circle, if it has one), so the forum's reading, replies, mentions and
    moderation all apply to them unchanged."""
    base = f"ideas-{challenge.pk}"
    return Category.objects.create(
        community=community,
        circle=challenge.circle,
        name=_("Ideas: %(title)s") % {"title": challenge.title[:60]},
        slug=base,
        description=_("Discussion of the ideas submitted to this challenge."),
        position=100,
    )


@transaction.atomic
def challenge_create(*, actor: Any, community: Any, plan: ChallengePlan) -> Challenge:
    require(actor, "challenge.create", community)
    fields = _check(plan, community)
    stages_ensure(community=community)
    challenge = Challenge.objects.create(community=community, created_by=actor, **fields)
    challenge.competencies.set(plan.competencies)
    criteria_set(challenge, plan.criteria)
    challenge.category = _discussion_category(community, challenge)
    challenge.save(update_fields=["category"])
    if not community.uses_challenges:
        # A community that runs a challenge shows "Ideas" in its navigation from now on.
        community.uses_challenges = True
        community.save(update_fields=["uses_challenges", "updated_at"])
    audit("innovation.challenge.created", actor=actor, target=challenge)
    return challenge


@transaction.atomic
def challenge_update(*, actor: Any, challenge: Challenge, plan: ChallengePlan) -> Challenge:
    require(actor, "challenge.edit", challenge)
    fields = _check(plan, challenge.community)
    changed = sorted(k for k, v in fields.items() if getattr(challenge, k) != v)
    for key, value in fields.items():
        setattr(challenge, key, value)
    challenge.save()
    challenge.competencies.set(plan.competencies)
    if plan.criteria:
        criteria_set(challenge, plan.criteria)
    audit("innovation.challenge.edited", actor=actor, target=challenge, fields=changed)
    return challenge
