"""The circle-health page and its API cost the same number of queries with ten times the
members, sessions, posts, goals and assignments."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import client_for, join, make_user
from salon.circles.tests.conftest import TODAY, goal_of, long_ago, post_in, session_of
from salon.communities.models import CircleMembership
from salon.programmes.services.curriculum import ItemPlan, ModulePlan, item_add, module_add
from salon.programmes.services.programmes import ProgrammePlan, programme_create


def _grow(director: Any, cohort: Any, module: Any, n: int, start: int) -> None:
    for i in range(start, start + n):
        quiet = make_user(f"q{i}@acme.test", f"Quiet {i}")
        busy = make_user(f"b{i}@acme.test", f"Busy {i}")
        for user in (quiet, busy):
            join(user, cohort.community)
            CircleMembership.objects.create(circle=cohort, user=user, joined_at=long_ago())
        post_in(cohort, busy)
        session_of(cohort, days_ago=i + 1, attended=[busy])
        goal_of(busy, cohort.community, overdue_days=20, visibility="community")
        goal_of(quiet, cohort.community, overdue_days=20, visibility="only_me")
        item_add(
            actor=director,
            module=module,
            plan=ItemPlan(kind="assignment", title=f"Memo {i}", due_on=TODAY - timedelta(days=1)),
        )


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_circle_health_stays_flat_as_the_circle_grows(
    director: Any, facilitator: Any, cohort: Any, django_assert_max_num_queries: Any
) -> None:
    programme = programme_create(
        actor=director,
        community=cohort.community,
        plan=ProgrammePlan(
            title="Leading",
            starts_on=TODAY - timedelta(days=30),
            ends_on=TODAY + timedelta(days=60),
            cohorts=[cohort],
        ),
    )
    module = module_add(
        actor=director,
        programme=programme,
        plan=ModulePlan(title="M", starts_on=TODAY - timedelta(days=20), ends_on=TODAY),
    )
    page = "/c/acme/circles/leaders-2026/health/"
    api = f"/api/v1/circles/{cohort.pk}/health"
    client = client_for(facilitator)
    _grow(director, cohort, module, 2, 0)
    small = _count(client, page), _count(client, api)
    _grow(director, cohort, module, 20, 2)
    large = _count(client, page), _count(client, api)

    assert large == small
    # Session and user, the memberships, the circle; members; sessions; posts; topics;
    # check-ins; quiet; stalling; assignments (count + late); nudges; then the page's
    # own (messages, tabs).
    with django_assert_max_num_queries(22):
        client.get(page)
