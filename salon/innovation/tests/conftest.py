from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from salon.innovation.services.challenges import ChallengePlan, challenge_create
from salon.innovation.services.ideas import IdeaText, idea_submit


def plan(**changes: Any) -> ChallengePlan:
    """A challenge taking ideas today: ideas for two weeks, then refine, evaluate, decide."""
    today = timezone.localdate()
    fields: dict[str, Any] = {
        "title": "Cut onboarding time for new clients",
        "problem": "Onboarding a corporate client takes **nine weeks**.",
        "opens_on": today - timedelta(days=3),
        "submit_until": today + timedelta(days=14),
        "refine_until": today + timedelta(days=21),
        "evaluate_until": today + timedelta(days=28),
        "decide_until": today + timedelta(days=35),
    }
    fields.update(changes)
    return ChallengePlan(**fields)


@pytest.fixture
def plan_of() -> Any:
    return plan


@pytest.fixture
def make_challenge(director: Any, community: Any) -> Any:
    def make(**changes: Any) -> Any:
        return challenge_create(actor=director, community=community, plan=plan(**changes))

    return make


@pytest.fixture
def challenge(make_challenge: Any) -> Any:
    return make_challenge()


@pytest.fixture
def make_idea(challenge: Any) -> Any:
    def make(author: Any, title: str = "Digital identity checks in a day", **kw: Any) -> Any:
        return idea_submit(
            actor=author,
            challenge=kw.pop("on", challenge),
            text=IdeaText(
                title=title,
                problem=kw.pop("problem", "Paper forms travel between four teams."),
                proposal=kw.pop("proposal", "Verify identity online with the bank's own app."),
                impact=kw.pop("impact", "Two weeks saved per client."),
            ),
        )

    return make


@pytest.fixture
def idea(make_idea: Any, member: Any) -> Any:
    return make_idea(member)
