"""The only doors to challenges and ideas: 404 for what a user may not see."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from salon.core.permissions import can, require
from salon.innovation.models import Challenge, Idea


def access_challenge(user: Any, challenge_id: int, action: str = "challenge.view") -> Challenge:
    challenge = (
        Challenge.objects.select_related("community", "circle__community", "sponsor", "category")
        .filter(pk=challenge_id)
        .first()
    )
    if challenge is None or not can(user, "challenge.view", challenge):
        raise Http404
    if action != "challenge.view":
        require(user, action, challenge)
    return challenge


def access_idea(user: Any, idea_id: int, action: str = "idea.view") -> Idea:
    idea = (
        Idea.objects.select_related(
            "challenge__community",
            "challenge__sponsor",
            "community",
            "circle__community",
            "stage",
            "topic",
        )
        .filter(pk=idea_id)
        .first()
    )
    if idea is None or not can(user, "idea.view", idea):
        raise Http404
    if action != "idea.view":
        require(user, action, idea)
    return idea
