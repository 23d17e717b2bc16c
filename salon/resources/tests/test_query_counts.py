"""The library, a path and the facilitator's progress view cost the same number of queries
with ten times the resources or members."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import join, make_user
from salon.communities.models import CircleMembership
from salon.resources.models import Mark, Resource
from salon.resources.services.paths import (
    PathPlan,
    StepPlan,
    path_create,
    path_set_status,
    step_add,
    step_done,
)


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _resources(community: Any, director: Any, competency: Any, n: int, start: int) -> None:
    made = Resource.objects.bulk_create(
        [
            Resource(
                community=community,
                kind="case_study",
                title=f"Case {start + i}",
                status="published",
                author=director,
            )
            for i in range(n)
        ]
    )
    for resource in made:
        resource.competencies.add(competency)
        Mark.objects.create(resource=resource, user=director, kind="useful")


def test_the_library_page_costs_the_same_with_ten_times_the_resources(
    as_user: Any, member: Any, director: Any, community: Any, competency: Any
) -> None:
    client = as_user(member)
    _resources(community, director, competency, 10, 0)
    small = _count(client, "/c/acme/library/")
    _resources(community, director, competency, 90, 10)
    large = _count(client, "/c/acme/library/")

    # Session, user, memberships, the page's resources with their counts and the viewer's
    # marks, their tags, their competencies, the total, the competencies and tags of the
    # filters, the review count, the viewer's suggestions, and "For you" (goals, done,
    # hidden, candidates with their competencies, paths).
    assert small == large
    assert large <= 24


def _people(community: Any, circle: Any, n: int, start: int) -> list[Any]:
    people = []
    for i in range(n):
        user = make_user(f"p{start + i}@acme.test", f"Person {start + i}")
        join(user, community)
        CircleMembership.objects.create(circle=circle, user=user)
        people.append(user)
    return people


def test_a_path_and_its_progress_view_cost_the_same_with_ten_times_the_members(
    as_user: Any, member: Any, facilitator: Any, community: Any, circle: Any, publish: Any
) -> None:
    case = publish(title="Case")
    path = path_create(
        actor=facilitator, community=community, plan=PathPlan(title="Cohort path", circle=circle)
    )
    first = step_add(
        actor=facilitator, path=path, plan=StepPlan(kind="resource", title="", resource=case)
    )
    step_add(actor=facilitator, path=path, plan=StepPlan(kind="reflection", title="Reflect"))
    path_set_status(actor=facilitator, path=path, status="published")
    for person in _people(community, circle, 10, 0):
        step_done(actor=person, step=first)
    progress_small = _count(as_user(facilitator), f"/paths/{path.pk}/progress/")
    path_small = _count(as_user(member), f"/paths/{path.pk}/")
    list_small = _count(as_user(member), f"/c/{community.slug}/paths/")
    for person in _people(community, circle, 90, 10):
        step_done(actor=person, step=first)
    progress_large = _count(as_user(facilitator), f"/paths/{path.pk}/progress/")
    path_large = _count(as_user(member), f"/paths/{path.pk}/")
    list_large = _count(as_user(member), f"/c/{community.slug}/paths/")

    # Progress: session, user, memberships, the path, its steps, the people on it, their
    # completions and enrolments.
    assert progress_small == progress_large
    assert progress_large <= 12
    assert path_small == path_large
    assert list_small == list_large
