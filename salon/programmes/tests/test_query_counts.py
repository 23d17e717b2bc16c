"""Every page of cohort programmes costs the same number of queries with ten times the
modules, items and members."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import client_for, join, make_user
from salon.communities.models import CircleMembership
from salon.programmes.models import Item, Module, Programme, Progress
from salon.programmes.services.curriculum import ItemPlan, ModulePlan, item_add, module_add
from salon.programmes.services.programmes import ProgrammePlan, programme_create
from salon.programmes.tests.conftest import TODAY


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _grow(director: Any, programme: Programme, cohort: Any, n: int, start: int) -> None:
    """``n`` more modules of three items each, and ``n`` more members who did some."""
    for i in range(start, start + n):
        module = module_add(
            actor=director,
            programme=programme,
            plan=ModulePlan(
                title=f"Module {i}",
                starts_on=TODAY + timedelta(days=i),
                ends_on=TODAY + timedelta(days=i + 6),
            ),
        )
        for kind in ("prework", "reflection", "assignment"):
            item_add(
                actor=director,
                module=module,
                plan=ItemPlan(kind=kind, title=f"{kind} {i}", url="https://example.org/"),
            )
        user = make_user(f"p{i}@acme.test", f"Person {i}")
        join(user, programme.community)
        CircleMembership.objects.create(circle=cohort, user=user)
        Progress.objects.create(item=module.items.all()[0], user=user, done_at=timezone.now())
        programme.cohorts.add(cohort)


def test_every_programme_page_costs_the_same_with_ten_times_the_curriculum_and_cohort(
    director: Any, member: Any, community: Any, cohort: Any
) -> None:
    programmes = [
        programme_create(
            actor=director,
            community=community,
            plan=ProgrammePlan(
                title=f"Programme {n}",
                starts_on=TODAY,
                ends_on=TODAY + timedelta(days=365),
                cohorts=[cohort],
            ),
        )
        for n in range(2)
    ]
    programme = programmes[0]
    _grow(director, programme, cohort, 2, 0)
    module = Module.objects.filter(programme=programme).first()
    item = Item.objects.filter(module=module).first()
    assert module is not None
    assert item is not None
    pages = {
        director: [
            "/c/acme/programmes/",
            f"/programmes/{programme.pk}/",
            f"/programmes/{programme.pk}/edit/",
            f"/programmes/{programme.pk}/timeline/",
            f"/programmes/{programme.pk}/copy/",
            f"/programme-modules/{module.pk}/",
            f"/programme-items/{item.pk}/edit/",
        ],
        member: ["/c/acme/programmes/", f"/programmes/{programme.pk}/"],
    }
    small = {
        (who.pk, url): _count(client_for(who), url) for who, urls in pages.items() for url in urls
    }
    for n in range(3):
        programme_create(
            actor=director,
            community=community,
            plan=ProgrammePlan(title=f"More {n}", starts_on=TODAY, ends_on=TODAY, cohorts=[cohort]),
        )
    _grow(director, programme, cohort, 18, 2)
    large = {
        (who.pk, url): _count(client_for(who), url) for who, urls in pages.items() for url in urls
    }

    assert small == large
    # Session, user, memberships; then the page's own: at most the programme, its modules
    # with their competencies, its items with what they link to, the viewer's progress (or
    # the cohort and everyone's progress), the cohorts, and the messages and menus.
    assert max(large.values()) <= 20, large
