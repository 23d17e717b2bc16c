"""The demo's forums: both communities get conversations worth clicking through.

What is said, by whom and when is planned in ``forum_content.py`` from ``data/forums-*.toml``.
Everything is written here through the discussions services (topics, replies, mentions,
reactions, accepted answers, read marks, subscriptions), so the demo exercises the real
paths, then moved back in time: the services stamp "now", and a forum whose every post is
a minute old is not believable. Notifications fire after the seed commits; a last
after-commit step dates them like the posts they are about, drops the reply notices a
person could not have had (replies written before they joined the conversation), and
marks what is older than a day as read and emailed, so the bell shows what is new.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from salon.communities.models import CircleMembership, Community, Membership
from salon.demo.forum_content import (
    Cast,
    CommunityForums,
    Planned,
    Timeline,
    community_forums,
    hackathon_teams,
    introductions,
    module_habits,
    reading_list,
    scripted,
)
from salon.discussions import notifications as notices
from salon.discussions.categories import category_create
from salon.discussions.models import (
    Category,
    Emoji,
    Level,
    Post,
    PostRevision,
    Reaction,
    Topic,
    TopicKind,
)
from salon.discussions.services.posts import post_edit, post_reply, reaction_toggle
from salon.discussions.services.reading import subscription_set, topic_mark_read
from salon.discussions.services.topics import answer_accept, topic_create, topic_moderate
from salon.notifications.models import EmailStatus, Notification

ANNOUNCEMENT = TopicKind.ANNOUNCEMENT

REACTION_WEIGHTS = {
    Emoji.THUMBS_UP: 40,
    Emoji.CLAP: 15,
    Emoji.IDEA: 15,
    Emoji.THANKS: 12,
    Emoji.HEART: 10,
    Emoji.THINKING: 8,
}


def _fresh(topic: Topic) -> Topic:
    """The services remember the last reader's read mark on the topic object; each person
    the seed writes as must start without it, as each request does."""
    topic.__dict__.pop("last_read", None)
    return topic


def _react(
    rng: random.Random, post: Post, audience: list[Any], count: int, favour: Emoji | None = None
) -> None:
    people = [u for u in audience if u.pk != post.author_id]
    emojis, weights = list(REACTION_WEIGHTS), list(REACTION_WEIGHTS.values())
    for user in rng.sample(people, min(count, len(people))):
        emoji = favour if favour and rng.random() < 0.5 else rng.choices(emojis, weights)[0]
        reaction_toggle(actor=user, post=post, emoji=emoji)


def _write(
    planned: Planned,
    *,
    director: Any,
    categories: dict[str, Category],
    audience: list[Any],
    member: Any,
    timeline: Timeline,
    rng: random.Random,
) -> Topic:
    category = categories[planned.forum]
    topic = topic_create(
        actor=planned.author,
        category=category,
        title=planned.title,
        body=planned.body,
        kind=planned.kind,
        tags=planned.tags,
    )
    opening = Post.objects.get(topic=topic, number=1)
    opening.topic = topic
    posts = [opening]
    timeline.following[(topic.pk, planned.author.pk)] = 1
    for user, body, _when in planned.replies:
        post = post_reply(actor=user, topic=_fresh(topic), body=body)
        posts.append(post)
        timeline.following.setdefault((topic.pk, user.pk), post.number)
    for (_user, _body, when), post in zip(planned.replies, posts[1:], strict=True):
        post.created_at = when
    opening.created_at = planned.opened
    for post in posts:
        timeline.post_at[post.pk] = post.created_at
        timeline.post_place[post.pk] = (topic.pk, post.number)
    timeline.topic_at[topic.pk] = planned.opened

    for index, body in planned.edits:
        post = posts[index + 1]
        post_edit(actor=post.author, post=post, body=body)
        edited = min(post.created_at + timedelta(hours=2), timeline.now)
        Post.objects.filter(pk=post.pk).update(edited_at=edited)
        PostRevision.objects.filter(post=post).update(edited_at=edited)
    if planned.accepted is not None:
        answer = posts[planned.accepted + 1]
        answer_accept(actor=planned.author, topic=topic, post=answer)
        accepted_at = min(posts[-1].created_at + timedelta(minutes=20), timeline.now)
        timeline.accepted_at[answer.pk] = accepted_at
    if planned.pinned:
        topic_moderate(actor=director, topic=topic, action="pin")

    # Reactions: most posts get a few, the opening post and accepted answers more.
    for post in posts:
        count = rng.choices([0, 1, 2, 3, 5], [30, 25, 20, 15, 10])[0]
        if post.number == 1:
            count += 12 if planned.kind == ANNOUNCEMENT else 3
        favour = None
        if planned.accepted is not None and post is posts[planned.accepted + 1]:
            count, favour = count + 4, Emoji.THANKS
        _react(rng, post, audience, count, favour)

    if planned.member_reads:
        topic_mark_read(user=member, topic=_fresh(topic), number=planned.member_reads)
    if planned.member_watches:
        subscription_set(user=member, level=Level.WATCH, topic=topic)
        timeline.following.setdefault((topic.pk, member.pk), max(planned.member_reads, 1))
    return topic


def _seed_community(
    community: Community,
    *,
    director: Any,
    member: Any,
    content: CommunityForums,
    composed: list[Callable[[Cast, random.Random, datetime], Planned]],
    timeline: Timeline,
    rng: random.Random,
) -> list[Topic]:
    forums = content.forums
    cast = Cast(community, director, member, timeline.now, content.cast)
    circles = {c.slug: c for c in community.circles.all()}
    categories: dict[str, Category] = {}
    for position, forum in enumerate(forums):
        circle = circles.get(forum.circle) if forum.circle else None
        if forum.circle and circle is None:
            continue  # the seed no longer makes that circle: skip its forum
        categories[forum.key] = category_create(
            actor=director,
            community=community,
            name=forum.name,
            description=forum.description,
            circle=circle,
            chatham_house=forum.chatham_house,
            position=position,
        )
        if forum.member_watches:
            subscription_set(user=member, level=Level.WATCH, category=categories[forum.key])
    everyone = list(cast.users.values())
    circle_people = {
        slug: [cast.users[i] for i in ids if i in cast.users]
        for slug, ids in _circle_members(community).items()
    }

    planned = [scripted(t, cast, rng, timeline.now) for t in content.threads]
    planned += [make(cast, rng, timeline.now) for make in composed]
    _joined_before_writing(community, cast, planned)
    topics = []
    for plan in planned:
        if plan.forum not in categories:
            continue
        forum = next(f for f in forums if f.key == plan.forum)
        if forum.circle:
            audience = list(
                {u.pk: u for u in [director, *circle_people.get(forum.circle, [])]}.values()
            )
        else:
            audience = everyone
        topics.append(
            _write(
                plan,
                director=director,
                categories=categories,
                audience=audience,
                member=member,
                timeline=timeline,
                rng=rng,
            )
        )
    return topics


def _joined_before_writing(community: Community, cast: Cast, planned: list[Planned]) -> None:
    """Whoever plays a part joined the community before their first post: parts are cast
    by country and role, and the person who fits may have joined recently."""
    first: dict[int, datetime] = {}
    for plan in planned:
        for user, when in [(plan.author, plan.opened), *((u, w) for u, _b, w in plan.replies)]:
            if when <= cast.joined.get(user.pk, when):
                first[user.pk] = min(first.get(user.pk, when), when)
    for user_id, when in first.items():
        joined = when - timedelta(days=3)
        Membership.objects.filter(community=community, user_id=user_id).update(joined_at=joined)
        cast.joined[user_id] = joined


def _circle_members(community: Community) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for slug, user_id in CircleMembership.objects.filter(circle__community=community).values_list(
        "circle__slug", "user_id"
    ):
        found.setdefault(slug, set()).add(user_id)
    return found


def _date_everything(topics: list[Topic], timeline: Timeline) -> None:
    """Move posts, topics and reactions to the times the threads were planned for."""
    posts = list(Post.objects.filter(topic__in=topics).only("pk", "created_at"))
    for post in posts:
        post.created_at = timeline.post_at[post.pk]
    Post.objects.bulk_update(posts, ["created_at"], batch_size=200)
    last: dict[int, datetime] = {}
    for post_id, (topic_id, _number) in timeline.post_place.items():
        last[topic_id] = max(
            last.get(topic_id, timeline.post_at[post_id]), timeline.post_at[post_id]
        )
    for topic in topics:
        topic.created_at = timeline.topic_at[topic.pk]
        topic.last_activity_at = last[topic.pk]
    Topic.objects.bulk_update(topics, ["created_at", "last_activity_at"], batch_size=200)
    # A reaction comes a little after its post.
    Reaction.objects.filter(post__topic__in=topics).update(
        created_at=Subquery(Post.objects.filter(pk=OuterRef("post_id")).values("created_at")[:1])
    )


def _settle_notifications(timeline: Timeline, seed: int) -> None:
    """After commit, once the services' notifications exist: date each like what it is
    about, drop reply notices from before a person followed the topic, and treat what is
    older than a day as read (and its email as sent), so the bell and the mailbox show
    what is new."""
    rng = random.Random(seed)
    post_kinds = {notices.REPLY, notices.MENTION, notices.ANSWER_ACCEPTED}
    ours = Notification.objects.filter(
        kind__in=[*post_kinds, notices.ANNOUNCEMENT, notices.NEW_TOPIC]
    )
    stale: list[int] = []
    by_time: dict[datetime, list[int]] = {}
    for pk, kind, recipient_id, target_id in ours.values_list(
        "pk", "kind", "recipient_id", "target_id"
    ):
        if target_id is None:
            continue
        if kind not in post_kinds:
            when = timeline.topic_at.get(target_id)
        elif kind == notices.ANSWER_ACCEPTED:
            when = timeline.accepted_at.get(target_id)
        else:
            when = timeline.post_at.get(target_id)
            topic_id, number = timeline.post_place.get(target_id, (0, 0))
            since = timeline.following.get((topic_id, recipient_id))
            if kind == notices.REPLY and since is not None and number < since:
                stale.append(pk)
                continue
        if when is not None:
            by_time.setdefault(when + timedelta(minutes=1), []).append(pk)
    for start in range(0, len(stale), 500):
        Notification.objects.filter(pk__in=stale[start : start + 500]).delete()
    read_before = timeline.now - timedelta(days=1)
    for when, ids in by_time.items():
        fields: dict[str, Any] = {"created_at": when}
        if when < read_before:
            fields["read_at"] = when + timedelta(hours=rng.choice((1, 2, 4, 9, 20)))
        for start in range(0, len(ids), 500):
            Notification.objects.filter(pk__in=ids[start : start + 500]).update(**fields)
    ours.filter(
        created_at__lt=timeline.now - timedelta(days=1),
        email_status__in=[EmailStatus.PENDING, EmailStatus.DIGEST],
    ).update(email_status=EmailStatus.SENT, emailed_at=F("created_at"))


def seed_discussions(*, director: Any, member: Any, seed: int = 2026) -> int:
    """Forums for both demo communities; returns how many posts were written."""
    gen = Community.objects.get(slug="global-executive-network")
    lab = Community.objects.get(slug="innovation-lab")
    rng = random.Random(seed)
    timeline = Timeline(now=timezone.now())
    today = timezone.localdate()
    topics = _seed_community(
        gen,
        director=director,
        member=member,
        content=community_forums("forums-network", today),
        composed=[introductions, reading_list, module_habits],
        timeline=timeline,
        rng=rng,
    )
    topics += _seed_community(
        lab,
        director=director,
        member=member,
        content=community_forums("forums-lab", today),
        composed=[hackathon_teams],
        timeline=timeline,
        rng=rng,
    )
    _date_everything(topics, timeline)
    _flag_for_the_queue(gen, director=director, member=member)
    transaction.on_commit(lambda: _settle_notifications(timeline, seed), robust=True)
    return len(timeline.post_at)


def _flag_for_the_queue(community: Community, *, director: Any, member: Any) -> None:
    """Two members flag an off-the-record reply that names a client, so the director finds
    something in the moderation queue."""
    from salon.communities.models import Membership
    from salon.discussions.models import Post
    from salon.discussions.moderation import flag_post

    post = (
        Post.objects.filter(
            topic__community=community,
            topic__category__chatham_house=True,
            number__gt=1,
            deleted_at__isnull=True,
        )
        .exclude(author__in=[director, member])
        .select_related("topic")
        .order_by("topic__pk", "number")
        .first()
    )
    if post is None:
        return
    flaggers = (
        Membership.objects.filter(community=community, role="member")
        .exclude(user__in=[director, member, post.author])
        .select_related("user")
        .order_by("user__name")[:2]
    )
    for n, flagger in enumerate(flaggers):
        flag_post(
            actor=flagger.user,
            post=post,
            reason="confidential",
            note="It names a client we are still negotiating with." if n == 0 else "",
        )
