"""The forum in digests (new topics, busiest discussions: only what the member may see,
nobody named under the Chatham House rule) and in the member's data export."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from salon.accounts.blocking import block_create
from salon.accounts.services import personal_data_export
from salon.communities.models import Circle, Membership
from salon.discussions import moderation
from salon.discussions.categories import category_create
from salon.discussions.services.posts import post_reply
from salon.discussions.services.reading import subscription_set
from salon.notifications.digest import ACTIVITY, build_digest, send_digest
from salon.notifications.services import preferences_update


@pytest.fixture
def forum(
    director: Any,
    facilitator: Any,
    member: Any,
    guest: Any,
    community: Any,
    general: Any,
    emea_category: Any,
    board_category: Any,
    start: Any,
) -> dict[str, Any]:
    """A day in Acme's forum. Everyone joined, and the circles began, long ago."""
    long_ago = timezone.now() - timedelta(days=60)
    Membership.objects.update(joined_at=long_ago)
    Circle.objects.update(created_at=long_ago)
    chatham = category_create(
        actor=director, community=community, name="Off the record", chatham_house=True
    )
    muted = category_create(actor=director, community=community, name="Admin")
    busy = start(director, title="Budget season")
    for n in range(3):
        post_reply(actor=facilitator, topic=busy, body=f"Point {n}")
    start(facilitator, category=chatham, title="Merger rumours")
    start(director, category=emea_category, title="EMEA dinner")
    start(director, category=board_category, title="Succession plan")
    start(director, category=muted, title="Expense rules")
    start(member, title="My own question")
    subscription_set(user=member, category=muted, level="mute")
    return {"chatham": chatham}


def _texts(user: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    digest = build_digest(user=user, period="daily", since=None, until=timezone.now())
    return [
        (part.title, [(item.text, item.detail) for item in part.items])
        for section in digest.sections
        for part in section.parts
    ]


def test_the_digest_lists_new_topics_and_the_busiest_discussions_the_member_may_see(
    forum: dict[str, Any], member: Any
) -> None:
    preferences_update(user=member, deliveries={ACTIVITY: "daily"}, email_off=False)

    parts = dict(_texts(member))

    assert parts["New in the forum"] == [
        ("Budget season", "General · started by Diana Director"),
        # Under the Chatham House rule the category is named, the author is not.
        ("Merger rumours", "Off the record"),
        ("EMEA dinner", "EMEA talk · started by Diana Director"),
    ]
    # Not the private Board's topic, nor a muted category's, nor her own; and a topic new
    # today is listed as new, not again as busy.
    assert "Busiest discussions" not in parts


def test_busiest_discussions_are_the_older_topics_with_new_replies(
    forum: dict[str, Any], member: Any, director: Any, facilitator: Any, start: Any
) -> None:
    older = start(director, title="Last month's topic")
    type(older).objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=30))
    for n in range(2):
        post_reply(actor=facilitator, topic=older, body=f"Still going {n}")
    preferences_update(user=member, deliveries={ACTIVITY: "daily"}, email_off=False)

    parts = dict(_texts(member))

    assert parts["Busiest discussions"] == [("Last month's topic", "2 new replies")]


def test_a_guest_hears_only_of_topics_outside_circles_they_are_not_in(
    forum: dict[str, Any], guest: Any
) -> None:
    preferences_update(user=guest, deliveries={ACTIVITY: "daily"}, email_off=False)

    titles = [text for _title, items in _texts(guest) for text, _detail in items]

    assert "Budget season" in titles
    assert "EMEA dinner" not in titles
    assert "Succession plan" not in titles


def test_the_digest_email_names_nobody_under_the_chatham_house_rule(
    forum: dict[str, Any], member: Any, director: Any, start: Any
) -> None:
    # Only Chatham House topics today: no author may appear anywhere in the email.
    from salon.discussions.models import Topic

    Topic.objects.exclude(category=forum["chatham"]).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    post_reply(actor=director, topic=Topic.objects.get(title="Merger rumours"), body="+1")
    preferences_update(user=member, deliveries={ACTIVITY: "daily"}, email_off=False)

    assert send_digest(user_id=member.pk, period="daily", day=timezone.localdate())

    [message] = mail.outbox
    assert isinstance(message, EmailMultiAlternatives)
    text, html = str(message.body), str(message.alternatives[0][0])
    for body in (text, html):
        assert "Merger rumours" in body
        assert "Busiest discussions" in body  # Budget season's three replies today
        assert "Fred Facilitator" not in body
        assert "Diana Director" not in body
        assert "Succession plan" not in body
    assert "/t/" in text


def test_no_forum_news_for_someone_who_turned_community_news_off(
    forum: dict[str, Any], member: Any
) -> None:
    preferences_update(user=member, deliveries={ACTIVITY: "off"}, email_off=False)

    assert _texts(member) == []


def test_the_export_holds_the_member_s_own_posts_flags_and_blocks(
    forum: dict[str, Any], member: Any, director: Any, guest: Any, start: Any
) -> None:
    candid = start(director, category=forum["chatham"], title="Candid")
    post_reply(actor=member, topic=candid, body="My candid view")
    opening = candid.posts.get(number=1)
    moderation.flag_post(actor=member, post=opening, reason="other", note="?")
    moderation.flag_post(actor=guest, post=opening, reason="spam")  # not hers
    block_create(user=member, other=guest)

    member.refresh_from_db()  # as a request loads her (times as times, not strings)
    data = personal_data_export(user=member)

    posts = {(p["topic"], p["body"]) for p in data["forum_posts"]}
    assert ("Candid", "My candid view") in posts
    assert ("My own question", "Looking for formats that worked.") in posts
    assert all(p["community"] == "acme" for p in data["forum_posts"])
    assert "author" not in data["forum_posts"][0]  # her own words; nobody else is named
    assert [(f["post"], f["reason"]) for f in data["forum_flags"]] == [(opening.pk, "other")]
    assert data["blocked_people"][0]["name"] == "Gus Guest"
