from __future__ import annotations

from typing import Any

from conftest import client_for
from salon.events.models import EventFormat
from salon.events.services import EventPlan, event_create, event_rsvp


def test_the_home_page_shows_my_next_sessions_and_whats_coming_up(
    director: Any, member: Any, community: Any, django_assert_max_num_queries: Any
) -> None:
    from datetime import datetime, timedelta

    webinar = EventFormat.objects.get_or_create(slug="webinar", defaults={"name": "Webinar"})[0]
    start = (datetime.now() + timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)
    going, other = (
        event_create(
            actor=director,
            community=community,
            plan=EventPlan(
                title=title,
                format=webinar,
                timezone="UTC",
                start_local=start,
                duration=timedelta(hours=1),
            ),
        )
        for title in ("Board storytelling", "Pricing roundtable")
    )
    event_rsvp(user=member, event=going, status="going")
    client = client_for(member)
    client.get("/home/")

    # User, memberships, communities; the week: feedback asked, mentoring matches, this
    # week's sessions, programme items, goals due, mentorships, actions from meetings,
    # unread replies; the other sessions coming up, the bell, and the library's card
    # (goals, resources, paths).
    with django_assert_max_num_queries(16):
        body = client.get("/home/").content.decode()

    asked, mine = body.split("Your sessions this week", 1)
    assert "Will you come to “Pricing roundtable”?" in asked
    assert "Board storytelling" in mine.split("Coming up in your communities", 1)[0]
    assert other.pk


def test_a_quiet_week_says_what_to_do_next(member: Any) -> None:
    body = client_for(member).get("/home/").content.decode()

    assert "Nothing needs you this week" in body
    assert "Set a development goal" in body
    assert "Needs you now" not in body
