"""Votes on ideas: simple support (one per idea), or a budget of votes per member spread
across a challenge's ideas, never exceeded however many votes arrive at once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import ngettext

from salon.core.audit import audit
from salon.core.permissions import require
from salon.innovation.models import Idea, Vote, VoteBudget


@transaction.atomic
def idea_vote(*, actor: Any, idea: Idea, votes: int) -> int:
    """Set the member's votes on ``idea`` to ``votes`` (0 takes them back); returns the
    votes they have left in the challenge (None-like 0 for simple support).

    The member's budget row is locked first (``select_for_update`` on PostgreSQL; SQLite's
    IMMEDIATE transactions queue every writer), so concurrent votes of one member are
    counted one after the other and the budget is checked against what was really spent.
    """
    require(actor, "idea.vote", idea)
    challenge = idea.challenge
    limit = challenge.vote_budget if challenge.uses_budget else 1
    if not 0 <= votes <= limit:
        raise ValidationError(
            ngettext("Give between 0 and %(n)s vote.", "Give between 0 and %(n)s votes.", limit)
            % {"n": limit},
            code="votes",
        )
    VoteBudget.objects.bulk_create(
        [VoteBudget(challenge=challenge, user=actor)], ignore_conflicts=True
    )
    budget = VoteBudget.objects.select_for_update().get(challenge=challenge, user=actor)
    current = (
        Vote.objects.filter(idea=idea, user=actor).values_list("weight", flat=True).first() or 0
    )
    delta = votes - current
    if delta == 0:
        return _left(challenge, budget.spent)
    if challenge.uses_budget and budget.spent + delta > challenge.vote_budget:
        left = challenge.vote_budget - budget.spent
        raise ValidationError(
            ngettext(
                "You have %(n)s vote left in this challenge.",
                "You have %(n)s votes left in this challenge.",
                left,
            )
            % {"n": left},
            code="votes",
        )
    VoteBudget.objects.filter(pk=budget.pk).update(spent=F("spent") + delta)
    if votes == 0:
        Vote.objects.filter(idea=idea, user=actor).delete()
    elif current == 0:
        Vote.objects.create(idea=idea, challenge=challenge, user=actor, weight=votes)
    else:
        Vote.objects.filter(idea=idea, user=actor).update(weight=votes)
    Idea.objects.filter(pk=idea.pk).update(vote_total=F("vote_total") + delta)
    audit("innovation.vote.changed", actor=actor, target=idea, votes=votes, before=current)
    return _left(challenge, budget.spent + delta)


def _left(challenge: Any, spent: int) -> int:
    return challenge.vote_budget - spent if challenge.uses_budget else 0
