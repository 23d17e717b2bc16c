"""The daily rollups the outcome pages read: idempotent, incremental, late records counted
on the next run, and the pages never reading the activity tables themselves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import make_user
from salon.analytics import selectors
from salon.analytics.models import DailyActivity, DailyTie, OutcomeSnapshot
from salon.analytics.rollups import roll_up, roll_up_community
from salon.analytics.tasks import roll_up_outcomes


def _stored(community: Any) -> selectors.Outcomes:
    """The 30 days' figures as the hourly job stored them last."""
    outcomes = selectors.outcomes_for(community=community, days=30)
    assert outcomes is not None
    return outcomes


def _rows(community: Any) -> tuple[list[Any], list[Any]]:
    activity = list(
        DailyActivity.objects.filter(community=community)
        .order_by("day", "user_id")
        .values_list(
            "day", "user_id", "active", "posts", "reads", "going", "attended", "mentee_sessions"
        )
    )
    ties = list(
        DailyTie.objects.filter(community=community)
        .order_by("day", "low_id", "high_id")
        .values_list("day", "low_id", "high_id", "interactions")
    )
    return activity, ties


def _slot() -> str:
    return timezone.now().replace(minute=0, second=0, microsecond=0).isoformat()


def test_rolling_a_day_up_twice_changes_nothing(
    community: Any, activity: Callable[..., list[Any]]
) -> None:
    activity(3)
    day = timezone.now().date() - timedelta(days=2)
    once = _rows(community)

    roll_up(community.pk, day, day)
    roll_up(community.pk, day, day)
    roll_up_community(community)

    assert _rows(community) == once
    # Three newcomers, each active that day and tied to the director by mentoring (begun
    # and a session held: two interactions).
    activity_rows, ties = once
    assert sum(1 for row in activity_rows if row[0] == day and row[2]) == 4
    assert [row[3] for row in ties if row[0] == day] == [2, 2, 2]


def test_an_attendance_ticked_late_is_counted_on_the_next_run(
    community: Any, activity: Callable[..., list[Any]]
) -> None:
    from salon.events.models import Attendance, Event, Rsvp, RsvpStatus

    newcomer = activity(5)[0]
    event = Event.objects.filter(community=community).first()
    assert event is not None
    late = Event.objects.create(
        community=community,
        title="Late roundtable",
        format=event.format,
        timezone="UTC",
        starts_at=timezone.now() - timedelta(days=4),
        ends_at=timezone.now() - timedelta(days=4) + timedelta(hours=1),
    )
    Rsvp.objects.create(
        event=late, user=newcomer, status=RsvpStatus.GOING, requested_at=timezone.now()
    )
    roll_up_community(community)
    assert selectors.outcomes_computed(community=community, days=30).community_figures[
        "attendance_share"
    ] == round(100 * 5 / 6)

    Attendance.objects.create(event=late, user=newcomer)  # ticked four days later
    roll_up_community(community)

    figures = selectors.outcomes_computed(community=community, days=30).community_figures
    assert figures["attendance_share"] == 100


def test_the_pages_read_the_rollups_not_the_activity_itself(
    as_user: Any, community: Any, director: Any, activity: Callable[..., list[Any]]
) -> None:
    from salon.discussions.models import Category, Post, Topic

    people = activity(5)
    before = _stored(community).community_figures["posters"]
    topic = Topic.objects.create(
        category=Category.objects.get(community=community),
        community=community,
        title="Written after the last run",
        author=people[0],
        last_activity_at=timezone.now(),
    )
    Post.objects.create(topic=topic, number=1, author=people[0], body="New.")
    Post.objects.create(topic=topic, number=2, author=people[1], body="Reply.")

    unchanged = _stored(community).community_figures
    roll_up_outcomes.call(slot=_slot())
    after = _stored(community).community_figures

    assert unchanged["posters"] == before
    assert after["posters"] == before  # both had written already
    assert after["ties"] == (unchanged["ties"] or 0) + 2  # a new pair, counted once for each


def test_the_hourly_task_stores_the_dashboard_figures_for_each_period(
    as_user: Any, community: Any, director: Any, activity: Callable[..., list[Any]]
) -> None:
    activity(5)

    assert roll_up_outcomes.call(slot=_slot()) == 1

    assert set(
        OutcomeSnapshot.objects.filter(community=community).values_list("days", flat=True)
    ) == set(selectors.PERIODS)
    stored = _stored(community)
    computed = selectors.outcomes_computed(community=community, days=30)
    assert stored.community_figures == computed.community_figures
    assert [t.title for t in stored.tables] == [t.title for t in computed.tables]
    assert stored.retention == computed.retention
    assert stored.shape == computed.shape
    page = as_user(director).get("/c/acme/outcomes/?days=30")
    assert page.status_code == 200
    assert "Members who wrote at least one post or reply in the period." in page.content.decode()


def test_direct_messages_and_connections_tie_two_members(
    community: Any, director: Any, activity: Callable[..., list[Any]]
) -> None:
    from salon.network.models import Connection, Conversation, Message, Participant

    people = activity(5)
    outsider = make_user("x@elsewhere.test", "Xavier Elsewhere", region="emea")
    before = selectors.outcomes_computed(community=community, days=30).community_figures
    conversation = Conversation.objects.create(community=community, started_by=people[0])
    for person in (people[0], people[1]):
        Participant.objects.create(conversation=conversation, user=person)
    Message.objects.create(conversation=conversation, author=people[0], body="Coffee?")
    low, high = sorted((people[2], people[3]), key=lambda p: p.pk)
    Connection.objects.create(user_low=low, user_high=high)
    # A connection with someone outside the community is no tie in it.
    a, b = sorted((people[4], outsider), key=lambda p: p.pk)
    Connection.objects.create(user_low=a, user_high=b)

    roll_up_community(community)

    after = selectors.outcomes_computed(community=community, days=30).community_figures
    assert after["new_ties"] == (before["new_ties"] or 0) + 4  # two pairs, each counted for both
