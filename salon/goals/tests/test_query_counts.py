"""The circle board and the directors' overview cost the same number of queries for a
circle of ten as for a thousand members (built with bulk inserts: a few seconds)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import client_for
from salon.accounts.models import User
from salon.communities.models import CircleMembership, Membership, Role
from salon.goals.models import CheckIn, Encouragement, Goal, Milestone

LEVELS = ["community", "circle", "only_me", "mentor"]


def _grow(community: Any, circle: Any, competency: Any, *, start: int, count: int) -> None:
    """``count`` more circle members, each with a goal (levels in turn), a check-in, a
    milestone and an encouragement: bulk inserts, so a large circle is quick to build."""
    users = User.objects.bulk_create(
        User(email=f"m{n}@acme.test", name=f"Member {n:04d}", timezone="Europe/Paris")
        for n in range(start, start + count)
    )
    Membership.objects.bulk_create(
        Membership(community=community, user=u, role=Role.MEMBER) for u in users
    )
    CircleMembership.objects.bulk_create(CircleMembership(circle=circle, user=u) for u in users)
    today = timezone.localdate()
    goals = Goal.objects.bulk_create(
        Goal(
            owner=u,
            community=community,
            competency=competency,
            title=f"Goal of {u.name}",
            success_looks_like="Better.",
            visibility=LEVELS[n % 4],
            circle=circle if LEVELS[n % 4] == "circle" else None,
            next_check_in_due=today - timedelta(days=n % 3),
            progress=(n * 7) % 101,
        )
        for n, u in enumerate(users)
    )
    now = timezone.now()
    CheckIn.objects.bulk_create(
        CheckIn(goal=g, at=now, progress=g.progress, confidence=5) for g in goals
    )
    Milestone.objects.bulk_create(Milestone(goal=g, title="Step") for g in goals)
    Encouragement.objects.bulk_create(
        Encouragement(goal=g, author=users[0], kind="cheer") for g in goals[1:]
    )


def test_the_circle_board_query_count_stays_flat_from_10_to_1000_members(
    peer: Any,
    community: Any,
    circle: Any,
    competency: Any,
    django_assert_max_num_queries: Any,
    django_assert_num_queries: Any,
) -> None:
    client = client_for(peer)
    _grow(community, circle, competency, start=0, count=10)
    client.get("/c/acme/circles/emea/goals/")  # warm: content types, sessions
    # user, community, the viewer's memberships, circle (with "viewer is in it"), the
    # circle's community (asked by circle.view), the people the viewer mentors
    # (relations.mentees_of, once filled by mentoring), the bell's unread count, the
    # board's count, the page of goals (owner, competency, objective, counts and the
    # viewer's cheer)
    with django_assert_max_num_queries(9) as small:
        assert client.get("/c/acme/circles/emea/goals/").status_code == 200
    _grow(community, circle, competency, start=10, count=990)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/c/acme/circles/emea/goals/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 502  # those shared with all or the circle
    assert len(response.context["page"].object_list) == 24


def test_the_directors_overview_query_count_stays_flat_from_10_to_1000_members(
    director: Any,
    community: Any,
    circle: Any,
    competency: Any,
    objective: Any,
    django_assert_max_num_queries: Any,
    django_assert_num_queries: Any,
) -> None:
    client = client_for(director)
    _grow(community, circle, competency, start=0, count=10)
    client.get("/c/acme/goals/overview/")
    # user, community, the viewer's memberships, the totals (one aggregate), progress
    # counts, competencies with their counts, members expected to have goals, the count
    # and names of those without, objectives, their key results, the bell's unread count
    with django_assert_max_num_queries(12) as small:
        assert client.get("/c/acme/goals/overview/").status_code == 200
    _grow(community, circle, competency, start=10, count=990)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/c/acme/goals/overview/")
    assert response.context["stats"]["active"] == 1000
    assert response.context["stats"]["overdue"] > 0
    assert response.context["stats"]["expected"] == 1001  # and Maya, who has no goal
    assert [u.name for u in response.context["stats"]["without"]] == ["Maya Member"]


def test_the_objectives_page_query_count_does_not_grow_with_objectives(
    member: Any, director: Any, community: Any, circle: Any, django_assert_max_num_queries: Any
) -> None:
    from datetime import date

    from salon.goals.services.objectives import (
        KeyResultPlan,
        key_result_record,
        objective_create,
    )

    def add(n: int) -> None:
        for i in range(n):
            objective = objective_create(
                actor=director,
                community=community,
                circle=circle if i % 2 else None,
                title=f"Objective {i}",
                period="2026",
                starts_on=date(2026, 1, 1),
                ends_on=date(2026, 12, 31),
                key_results=[KeyResultPlan(title=f"KR {i}.{k}", target=10) for k in range(3)],
            )
            for kr in objective.key_results.all():
                key_result_record(actor=director, key_result=kr, value=4, expected_version=1)

    client = client_for(member)
    add(2)
    client.get("/c/acme/objectives/")
    # user, community, memberships, objectives (with "viewer in circle"), key results,
    # their latest updates (with who), the bell
    with django_assert_max_num_queries(8) as small:
        client.get("/c/acme/objectives/")
    add(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/c/acme/objectives/")
    assert len(response.context["objectives"]) == 12
