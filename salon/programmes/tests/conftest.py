from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from salon.communities.models import Circle, CircleMembership
from salon.programmes.models import Item, Module, Programme
from salon.programmes.services.curriculum import ItemPlan, ModulePlan, item_add, module_add
from salon.programmes.services.programmes import ProgrammePlan, programme_create

TODAY = date.today()


@pytest.fixture
def cohort(community: Any, member: Any) -> Circle:
    """The 2026 cohort, with Maya in it."""
    circle = Circle.objects.create(
        community=community, name="Leaders 2026", slug="leaders-2026", kind="cohort"
    )
    CircleMembership.objects.create(circle=circle, user=member)
    return circle


@pytest.fixture
def programme(director: Any, community: Any, cohort: Circle) -> Programme:
    return programme_create(
        actor=director,
        community=community,
        plan=ProgrammePlan(
            title="Leading across borders",
            starts_on=TODAY - timedelta(days=14),
            ends_on=TODAY + timedelta(days=150),
            cohorts=[cohort],
        ),
    )


@pytest.fixture
def module(director: Any, programme: Programme) -> Module:
    return module_add(
        actor=director,
        programme=programme,
        plan=ModulePlan(
            title="Strategy under uncertainty",
            starts_on=TODAY - timedelta(days=3),
            ends_on=TODAY + timedelta(days=25),
            purpose="Decide with incomplete information.",
        ),
    )


@pytest.fixture
def prework(director: Any, module: Module) -> Item:
    return item_add(
        actor=director,
        module=module,
        plan=ItemPlan(
            kind="prework",
            title="Read the scenario planning primer",
            url="https://example.org/primer",
            due_on=TODAY + timedelta(days=4),
        ),
    )


@pytest.fixture
def reflection(director: Any, module: Module, prework: Item) -> Item:
    return item_add(
        actor=director,
        module=module,
        plan=ItemPlan(
            kind="reflection",
            title="Where did you last decide too early?",
            unlock="previous",
            due_on=TODAY + timedelta(days=10),
        ),
    )
