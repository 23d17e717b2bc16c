"""A community's home shows what is happening in it: the next sessions, in the viewer's
time zone, and the discussions where something happened last, only those they may see."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import TestCase
from django.utils import timezone

from conftest import client_for
from salon.accounts.models import User
from salon.communities.models import Community
from salon.discussions.categories import category_create
from salon.discussions.models import Category, Topic
from salon.discussions.services.topics import topic_create
from salon.events.models import Event, EventFormat
from salon.events.services import EventPlan, event_create


@pytest.fixture
def webinar(db: Any) -> EventFormat:
    return EventFormat.objects.get_or_create(slug="webinar", defaults={"name": "Webinar"})[0]


def _plan(director: User, community: Community, webinar: EventFormat, **fields: Any) -> Event:
    start = fields.pop("start_local", None) or (datetime.now() + timedelta(days=7)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    return event_create(
        actor=director,
        community=community,
        plan=EventPlan(
            title=fields.pop("title"),
            format=webinar,
            timezone=fields.pop("timezone", "Europe/London"),
            start_local=start,
            duration=timedelta(hours=1),
            **fields,
        ),
    )


def _start(author: User, category: Category, title: str) -> Topic:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return topic_create(actor=author, category=category, title=title, body="What worked?")


def test_the_home_shows_the_next_sessions_in_the_viewers_time_zone(
    director: User, member: User, community: Community, webinar: EventFormat, private_circle: Any
) -> None:
    member.timezone = "Asia/Tokyo"
    member.save(update_fields=["timezone"])
    _plan(director, community, webinar, title="Strategy webinar")
    _plan(director, community, webinar, title="Board prep", circle=private_circle)
    _plan(
        director,
        community,
        webinar,
        title="Last year's kick-off",
        start_local=datetime.now() - timedelta(days=30),
    )

    response = client_for(member).get("/c/acme/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Coming up" in page
    assert "Strategy webinar" in page
    assert "your time" in page  # 09:00 London, shown again in Tokyo time
    assert "Board prep" not in page  # a private circle Maya is not in
    assert "Last year&#x27;s kick-off" not in page


def test_the_home_shows_recent_discussions_the_viewer_may_see(
    director: User, member: User, community: Community, private_circle: Any
) -> None:
    general = category_create(actor=director, community=community, name="General")
    board = category_create(
        actor=director, community=community, name="Board room", circle=private_circle
    )
    _start(member, general, "How do you run a strategy offsite?")
    _start(director, board, "Succession plan")

    page = client_for(member).get("/c/acme/").content.decode()

    assert "Recent discussions" in page
    assert "How do you run a strategy offsite?" in page
    assert "Succession plan" not in page
    # The director, who may see the board's forum, sees both.
    page = client_for(director).get("/c/acme/").content.decode()
    assert "Succession plan" in page


def test_a_quiet_community_says_so_and_where_to_start(
    director: User, member: User, community: Community
) -> None:
    page = client_for(member).get("/c/acme/").content.decode()

    assert "No sessions are planned yet." in page
    assert "No discussions yet." in page
    assert "Plan the first one" not in page
    assert "Plan the first one" in client_for(director).get("/c/acme/").content.decode()


def test_what_is_happening_comes_before_the_forms(
    director: User, community: Community, webinar: EventFormat
) -> None:
    _plan(director, community, webinar, title="Strategy webinar")

    page = client_for(director).get("/c/acme/").content.decode()

    assert page.index("Strategy webinar") < page.index("Plan an event")


def _grow(director: User, community: Community, webinar: EventFormat, n: int, start: int) -> None:
    general = Category.objects.get(community=community, name="General")
    now = timezone.now()
    Event.objects.bulk_create(
        Event(
            community=community,
            title=f"Session {k}",
            format=webinar,
            timezone="Europe/London",
            starts_at=now + timedelta(days=k + 1),
            ends_at=now + timedelta(days=k + 1, hours=1),
        )
        for k in range(start, start + n)
    )
    Topic.objects.bulk_create(
        Topic(
            category=general,
            community=community,
            title=f"Topic {k}",
            author=director,
            post_count=k % 4 + 1,
            last_activity_at=now - timedelta(minutes=k),
        )
        for k in range(start, start + n)
    )


def test_the_home_query_count_stays_flat_as_events_and_topics_grow(
    director: User,
    member: User,
    community: Community,
    webinar: EventFormat,
    circle: Any,
    django_assert_max_num_queries: Any,
    django_assert_num_queries: Any,
) -> None:
    category_create(actor=director, community=community, name="General")
    _grow(director, community, webinar, 10, 0)
    client = client_for(member)
    client.get("/c/acme/")  # warm: content types, sessions
    # user, community, the viewer's memberships, circles, stats, newest members, the next
    # sessions (format, community, circle, seats, the viewer's answer), recent topics
    # (category, circle, author, community, unread), objectives card, the bell
    with django_assert_max_num_queries(16) as small:
        assert client.get("/c/acme/").status_code == 200
    _grow(director, community, webinar, 90, 10)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/c/acme/")
    assert len(response.context["upcoming"]) == 3
    assert len(response.context["topics"]) == 5


def test_newest_members_show_a_country_without_a_stray_separator(
    director: User, member: User, community: Community
) -> None:
    page = client_for(member).get("/c/acme/").content.decode()

    assert '<div class="person-meta">Chief Financial Officer · Japan</div>' in page
    assert '<div class="person-meta">United Kingdom</div>' in page  # Diana has no title
