from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import join, make_user
from salon.communities.models import Circle, CircleMembership, Role
from salon.discussions.models import Category, Post, Topic
from salon.events.models import Attendance, Event, EventFormat
from salon.goals.models import Competency, Goal

TODAY = date.today()


def long_ago() -> Any:
    return timezone.now() - timedelta(days=45)


@pytest.fixture
def cohort(community: Any, facilitator: Any, member: Any) -> Circle:
    """The 2026 cohort: Fred facilitates it; Maya joined six weeks ago and went quiet."""
    circle = Circle.objects.create(
        community=community, name="Leaders 2026", slug="leaders-2026", kind="cohort"
    )
    CircleMembership.objects.create(circle=circle, user=facilitator, joined_at=long_ago())
    CircleMembership.objects.create(circle=circle, user=member, joined_at=long_ago())
    return circle


@pytest.fixture
def lead(community: Any, cohort: Circle) -> Any:
    """Leo, a member of the community who leads the cohort's circle."""
    user = make_user("leo@acme.test", "Leo Lead")
    join(user, community, Role.MEMBER)
    CircleMembership.objects.create(circle=cohort, user=user, is_lead=True, joined_at=long_ago())
    return user


@pytest.fixture
def active(community: Any, cohort: Circle) -> Any:
    """Ana, who posted in the cohort's forum this week."""
    user = make_user("ana@acme.test", "Ana Active")
    join(user, community, Role.MEMBER)
    CircleMembership.objects.create(circle=cohort, user=user, joined_at=long_ago())
    post_in(cohort, user)
    return user


def post_in(circle: Circle, user: Any) -> Post:
    category, _ = Category.objects.get_or_create(
        community=circle.community,
        circle=circle,
        slug=f"{circle.slug}-talk",
        defaults={"name": "Talk"},
    )
    topic = Topic.objects.create(
        category=category,
        community=circle.community,
        circle=circle,
        title="How do you plan under uncertainty?",
        author=user,
        last_activity_at=timezone.now(),
    )
    return Post.objects.create(topic=topic, number=1, author=user, body="Scenarios.")


def session_of(circle: Circle, *, days_ago: int, attended: list[Any]) -> Event:
    start = timezone.now() - timedelta(days=days_ago)
    event = Event.objects.create(
        community=circle.community,
        circle=circle,
        title=f"Circle meeting {days_ago}",
        format=EventFormat.objects.get_or_create(slug="meeting", defaults={"name": "Meeting"})[0],
        timezone="UTC",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    for user in attended:
        Attendance.objects.create(event=event, user=user)
    return event


def goal_of(user: Any, community: Any, *, overdue_days: int, **fields: Any) -> Goal:
    competency, _ = Competency.objects.get_or_create(community=community, name="Strategy")
    return Goal.objects.create(
        owner=user,
        community=community,
        competency=competency,
        title=fields.pop("title", "Delegate the budget round"),
        success_looks_like="My team runs it.",
        next_check_in_due=TODAY - timedelta(days=overdue_days),
        **fields,
    )
