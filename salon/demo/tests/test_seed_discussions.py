from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.db.models import Count, Max, Min
from django.test import Client, TestCase
from django.utils import timezone

from salon.accounts.models import User
from salon.communities.models import Community, Membership, Role
from salon.discussions.models import PAGE_SIZE, Post, Reaction, Topic, TopicKind, TopicRead
from salon.notifications.models import Notification


def _seed_with_notifications() -> None:
    # The services notify after commit; the test's transaction never commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("seed_demo")


def test_both_demo_communities_get_lively_forums(db: Any) -> None:
    call_command("seed_demo")

    now = timezone.now()
    for slug in ("global-executive-network", "innovation-lab"):
        community = Community.objects.get(slug=slug)
        topics = Topic.objects.filter(community=community)
        assert community.forum_categories.filter(circle__isnull=True).count() >= 4
        assert community.forum_categories.filter(circle__isnull=False).count() >= 2
        assert topics.filter(kind=TopicKind.ANNOUNCEMENT, pinned=True).exists()
        answered = topics.filter(kind=TopicKind.QUESTION, accepted_answer__isnull=False)
        assert answered.count() >= 2
        experts = Membership.objects.filter(community=community, role=Role.EXPERT)
        assert answered.filter(accepted_answer__author__in=experts.values("user_id")).exists()
        assert topics.filter(kind=TopicKind.QUESTION, accepted_answer__isnull=True).exists()
        assert topics.filter(post_count__gt=20).exists()
        assert topics.filter(circle__isnull=False).exists()
    gen = Community.objects.get(slug="global-executive-network")
    # The network's introductions are long enough to page through.
    assert Topic.objects.filter(community=gen, post_count__gt=PAGE_SIZE).exists()
    assert gen.forum_categories.filter(chatham_house=True, topics__isnull=False).exists()
    assert gen.forum_categories.filter(circle__kind="chapter").count() == 4

    # Spread over the past two months, each topic as recent as its last post.
    posts = Post.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    assert posts["first"] < now - timedelta(days=50)
    assert posts["last"] < now
    for topic in Topic.objects.annotate(latest=Max("posts__created_at")):
        assert topic.last_activity_at == topic.latest
    # Nobody writes in a community before they joined it.
    joined = {(m.community_id, m.user_id): m.joined_at for m in Membership.objects.all()}
    for post in Post.objects.select_related("topic"):
        assert post.author_id is not None
        assert post.created_at > joined[(post.topic.community_id, post.author_id)]

    # Mentions name real people and link to them; reactions are spread around.
    mentioned = Post.objects.filter(mentions__isnull=False).distinct()
    assert mentioned.count() >= 10
    assert 'class="mention"' in mentioned.first().body_html  # type: ignore[union-attr]
    reacted = Post.objects.annotate(n=Count("reactions")).filter(n__gt=0).count()
    assert reacted > Post.objects.count() / 2
    assert Reaction.objects.values("emoji").distinct().count() == 6


def test_the_demo_member_finds_unread_topics_and_news_waiting(db: Any) -> None:
    _seed_with_notifications()

    member = User.objects.get(email="member@salon.test")
    visible = Topic.objects.filter(community__memberships__user=member)
    reads = dict(TopicRead.objects.filter(user=member).values_list("topic_id", "last_read_number"))
    never_opened = [t for t in visible if t.pk not in reads]
    partly_read = [t for t in visible if 0 < reads.get(t.pk, 0) < t.post_count]
    read = [t for t in visible if reads.get(t.pk, 0) == t.post_count]
    assert len(never_opened) >= 5
    assert len(partly_read) >= 5
    assert len(read) >= 3
    assert member.forum_subscriptions.filter(topic__isnull=False, level="watch").exists()
    assert member.forum_subscriptions.filter(category__isnull=False, level="watch").exists()

    unread = Notification.objects.filter(recipient=member, read_at__isnull=True)
    mention = unread.get(kind="discussions.mention")
    assert mention.created_at > timezone.now() - timedelta(hours=12)
    assert unread.filter(kind="discussions.answer_accepted").exists()
    # Older news was read long ago: the bell shows what is new, not the whole history.
    assert unread.count() < 20
    old = Notification.objects.filter(created_at__lt=timezone.now() - timedelta(days=2))
    assert old.filter(kind__startswith="discussions.").exists()
    assert not old.filter(kind__startswith="discussions.", read_at__isnull=True).exists()
    assert not old.filter(email_status__in=["pending", "digest"]).exists()

    # The forum pages show it: unread counts, topics never opened, answered questions.
    client = Client()
    client.force_login(member)
    for slug in ("global-executive-network", "innovation-lab"):
        response = client.get(f"/c/{slug}/forum/")

        assert response.status_code == 200
        page = response.content.decode()
        assert re.search(r"\d+ unread", page)
        assert ">New<" in page
        assert "Answered" in page
        assert "Pinned" in page
    page = client.get("/c/global-executive-network/forum/").content.decode()
    assert "Off the record" in page
    assert "Chatham House" in page


def test_the_director_finds_a_flagged_post_in_the_moderation_queue(db: Any) -> None:
    from conftest import client_for
    from salon.discussions.models import Flag

    call_command("seed_demo")
    director = User.objects.get(email="director@salon.test")

    assert Flag.objects.filter(resolved_at__isnull=True).count() == 2
    page = client_for(director).get("/c/global-executive-network/forum/moderation/")
    assert "It names a client we are still negotiating with." in page.content.decode()
