"""Goals for the conftest personas. Maya (member) is in the EMEA circle with Pia, a peer;
Sam is a member of Acme outside the circle. The community got its default competency
framework when it was created."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import TestCase

from conftest import join, make_user
from salon.accounts.models import User
from salon.communities.models import Circle, CircleMembership, Community, Role
from salon.goals.models import Competency, Goal, Objective
from salon.goals.services.goals import goal_create
from salon.goals.services.objectives import KeyResultPlan, objective_create


@pytest.fixture
def peer(community: Community, circle: Circle) -> User:
    user = make_user("pia@acme.test", "Pia Peer")
    join(user, community, Role.MEMBER)
    CircleMembership.objects.create(circle=circle, user=user)
    return user


@pytest.fixture
def stranger(community: Community) -> User:
    """A member of the community who is not in the EMEA circle."""
    user = make_user("sam@acme.test", "Sam Stranger")
    join(user, community, Role.MEMBER)
    return user


@pytest.fixture
def competency(community: Community) -> Competency:
    return Competency.objects.get(community=community, name="Developing others")


@pytest.fixture
def objective(director: User, community: Community) -> Objective:
    return objective_create(
        actor=director,
        community=community,
        title="Grow the next generation of leaders",
        why="Half our executives retire within five years.",
        period="2026 H1",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
        key_results=[
            KeyResultPlan(title="Members mentoring someone", target=40, unit="members"),
            KeyResultPlan(title="Succession plans in place", kind="percentage", target=100),
            KeyResultPlan(title="Launch the academy", kind="done"),
        ],
    )


@pytest.fixture
def make_goal(member: User, community: Community, circle: Circle, competency: Competency) -> Any:
    """``make_goal(visibility, owner=member, **fields)``, after commit."""

    def make(visibility: str = "community", owner: User | None = None, **fields: Any) -> Goal:
        owner = owner or member
        if visibility == "circle":
            fields.setdefault("circle", circle)
        fields.setdefault("title", f"A {visibility} goal")
        fields.setdefault("success_looks_like", "My team decides without me.")
        with TestCase.captureOnCommitCallbacks(execute=True):
            return goal_create(
                owner=owner,
                community=community,
                competency=fields.pop("competency", competency),
                visibility=visibility,
                **fields,
            )

    return make


@pytest.fixture
def committed() -> Any:
    """Run a service and its after-commit work (notifications), as a request would."""

    def run(service: Any, **kwargs: Any) -> Any:
        with TestCase.captureOnCommitCallbacks(execute=True):
            return service(**kwargs)

    return run
