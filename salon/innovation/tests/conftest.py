from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import join, make_user
from salon.communities.models import Role
from salon.innovation.models import Hackathon
from salon.innovation.services.challenges import ChallengePlan, challenge_create
from salon.innovation.services.hackathons import HackathonPlan, hackathon_create
from salon.innovation.services.ideas import IdeaText, idea_submit
from salon.innovation.tests.hackathon_world import hackathon_event


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


@pytest.fixture
def hackathon(director: Any, community: Any, challenge: Any) -> Hackathon:
    now = timezone.now()
    return hackathon_create(
        actor=director,
        community=community,
        plan=HackathonPlan(
            event=hackathon_event(director, community),
            challenge=challenge,
            teams_until=now + timedelta(days=1),
            submit_until=now + timedelta(days=2),
            judge_until=now + timedelta(days=3),
            team_min=2,
            team_max=3,
        ),
    )


@pytest.fixture
def people(community: Any) -> list[Any]:
    found = []
    for n in range(5):
        person = make_user(f"h{n}@acme.test", f"Hacker {n}")
        join(person, community)
        found.append(person)
    return found


@pytest.fixture
def expert(community: Any) -> Any:
    person = make_user("erin@acme.test", "Erin Expert")
    join(person, community, Role.EXPERT)
    return person
