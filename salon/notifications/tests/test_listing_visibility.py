"""What the notification centre shows of something the reader may no longer see, and how
quoted words read."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.test import TestCase

from conftest import client_for
from salon.communities.models import Circle, CircleMembership
from salon.discussions.categories import category_create
from salon.discussions.services.posts import post_reply
from salon.discussions.services.topics import topic_create
from salon.notifications.models import Notification

BODY = "@maya-member see **the numbers**: *4.2bn* in [the deck](https://example.com/deck)"


def _board_mention(director: Any, member: Any, community: Any, title: str) -> Circle:
    board = Circle.objects.create(
        community=community, name="Board", slug="board", kind="working_group", is_private=True
    )
    CircleMembership.objects.create(circle=board, user=member)
    room = category_create(actor=director, community=community, name="Board room", circle=board)
    with TestCase.captureOnCommitCallbacks(execute=True):
        topic = topic_create(actor=director, category=room, title=title, body="Agenda")
    with TestCase.captureOnCommitCallbacks(execute=True):
        post_reply(actor=director, topic=topic, body=BODY)
    return board


def test_quoted_words_read_as_text_not_markdown_in_the_app_and_in_email(
    director: Any, member: Any, community: Any
) -> None:
    _board_mention(director, member, community, "Acquisition of Zeta")

    page = client_for(member).get("/notifications/").content.decode()

    assert "see the numbers: 4.2bn in the deck" in page
    assert "**" not in page
    assert "](https://" not in page
    emailed = [m for m in mail.outbox if member.email in m.to]
    assert emailed
    assert "see the numbers: 4.2bn in the deck" in emailed[-1].body
    assert "**the numbers**" not in emailed[-1].body
    html = emailed[-1].alternatives[0][0]  # type: ignore[attr-defined]
    assert "**the numbers**" not in html


def test_a_member_who_lost_sight_of_a_topic_no_longer_reads_its_title_or_words(
    director: Any, member: Any, community: Any
) -> None:
    board = _board_mention(director, member, community, "Acquisition of Zeta")
    assert Notification.objects.filter(recipient=member).exists()
    CircleMembership.objects.filter(circle=board, user=member).delete()
    client = client_for(member)

    page = client.get("/notifications/").content.decode()
    api = client.get("/api/v1/notifications").json()

    assert "Acquisition of Zeta" not in page
    assert "4.2bn" not in page
    assert "Something you can no longer see." in page
    assert all("Acquisition of Zeta" not in item["text"] for item in api["items"])
    assert [item["withheld"] for item in api["items"]] == [True] * len(api["items"])
    # Nor does the bell count what cannot be read.
    assert "Notifications, none unread" in page
    assert "You are up to date." in page
    assert "Notifications, none unread" in client.get("/c/acme/").content.decode()


def test_the_bell_counts_what_can_still_be_read(director: Any, member: Any, community: Any) -> None:
    board = _board_mention(director, member, community, "Acquisition of Zeta")
    withheld = Notification.objects.filter(recipient=member).count()
    open_room = category_create(actor=director, community=community, name="Open")
    with TestCase.captureOnCommitCallbacks(execute=True):
        topic = topic_create(actor=director, category=open_room, title="Hello", body="Hi")
    with TestCase.captureOnCommitCallbacks(execute=True):
        post_reply(actor=director, topic=topic, body="@maya-member welcome")
    readable = Notification.objects.filter(recipient=member).count() - withheld
    CircleMembership.objects.filter(circle=board, user=member).delete()

    page = client_for(member).get("/notifications/").content.decode()

    assert readable >= 1
    assert f"Notifications, {readable} unread" in page


def test_the_page_and_api_ask_visibility_without_a_query_per_notification(
    director: Any, member: Any, community: Any, django_assert_num_queries: Any
) -> None:
    board = Circle.objects.create(
        community=community, name="Board", slug="board", kind="working_group", is_private=True
    )
    CircleMembership.objects.create(circle=board, user=member)
    room = category_create(actor=director, community=community, name="Board room", circle=board)
    general = category_create(actor=director, community=community, name="General")

    def mention_in(category: Any, n: int) -> None:
        for i in range(n):
            with TestCase.captureOnCommitCallbacks(execute=True):
                topic = topic_create(
                    actor=director, category=category, title=f"T{i}", body="@maya-member hi"
                )
            with TestCase.captureOnCommitCallbacks(execute=True):
                post_reply(actor=director, topic=topic, body="@maya-member **again**")

    mention_in(room, 1)
    mention_in(general, 1)
    client = client_for(member)
    client.get("/notifications/")
    client.get("/api/v1/notifications")
    # user, count, one page with actors and communities, their posts (each with its topic,
    # category, circle and community), the reader's circles among them, the reader's
    # memberships; the bell's plain count (what it may read is remembered while the unread
    # set stays the same; when it changes, the newest unread, their posts and the reader's
    # circles are asked again once)
    with django_assert_num_queries(7):
        client.get("/notifications/")
    # user, the page, the posts, the reader's circles, memberships, count
    with django_assert_num_queries(6):
        client.get("/api/v1/notifications")
    mention_in(room, 4)
    mention_in(general, 4)
    with django_assert_num_queries(10):  # once, after new notifications
        client.get("/notifications/")
    with django_assert_num_queries(7):
        page = client.get("/notifications/")
    with django_assert_num_queries(6):
        client.get("/api/v1/notifications")
    assert page.content.decode().count("**again**") == 0


def test_a_reminder_of_a_session_that_has_begun_can_still_be_read(
    director: Any, member: Any, community: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from salon.events.models import Event, EventFormat
    from salon.events.notifications import REMINDER_HOUR
    from salon.events.services import EventPlan, event_create
    from salon.notifications.services import notify

    fmt = EventFormat.objects.get_or_create(slug="webinar", defaults={"name": "Webinar"})[0]
    start = (timezone.now() + timedelta(hours=2)).replace(tzinfo=None, microsecond=0)
    event = event_create(
        actor=director,
        community=community,
        plan=EventPlan(
            title="Pricing clinic",
            format=fmt,
            timezone="UTC",
            start_local=start,
            duration=timedelta(hours=1),
        ),
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(
            [member],
            REMINDER_HOUR,
            event,
            data={
                "title": "Pricing clinic",
                "starts_at": event.starts_at.isoformat(),
                "timezone": "UTC",
            },
        )
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(minutes=5))

    page = client_for(member).get("/notifications/").content.decode()

    assert "Pricing clinic" in page
    assert "Something you can no longer see." not in page
