"""What forums tell people, and who hears of each event.

The services call these functions after commit, with ids. Every kind's ``may_see`` asks
``topic.view``, so a circle's topic reaches nobody outside the circle whatever the list of
recipients. In a Chatham House topic nobody is named: the notification has no actor and
its sentence says "Someone", in the app, in emails and in digests alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salon.communities.models import Membership
from salon.core.permissions import can
from salon.discussions import selectors
from salon.discussions.models import Post, Topic, TopicKind
from salon.notifications.registry import Delivery, register_kind
from salon.notifications.services import notify

REPLY = "discussions.reply"
MENTION = "discussions.mention"
ANNOUNCEMENT = "discussions.announcement"
NEW_TOPIC = "discussions.new_topic"
ANSWER_ACCEPTED = "discussions.answer_accepted"


def _may_see_post(user: Any, post: Post) -> bool:
    return can(user, "topic.view", post.topic)


def _may_see_topic(user: Any, topic: Topic) -> bool:
    return can(user, "topic.view", topic)


register_kind(
    REPLY,
    label=gettext_lazy("Replies in topics you watch"),
    default=Delivery.DAILY,
    line=lambda data: _("%(actor)s replied to “%(topic)s”.") % data,
    may_see=_may_see_post,
)
register_kind(
    MENTION,
    label=gettext_lazy("Someone mentions you in a discussion"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("%(actor)s mentioned you in “%(topic)s”.") % data,
    may_see=_may_see_post,
)
register_kind(
    ANNOUNCEMENT,
    label=gettext_lazy("Announcements in your communities"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("%(actor)s announced “%(topic)s” in %(community)s.") % data,
    may_see=_may_see_topic,
)
register_kind(
    NEW_TOPIC,
    label=gettext_lazy("New topics in categories you watch"),
    default=Delivery.DAILY,
    line=lambda data: _("%(actor)s started “%(topic)s” in %(category)s.") % data,
    may_see=_may_see_topic,
)
register_kind(
    ANSWER_ACCEPTED,
    label=gettext_lazy("Your answer is accepted"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("%(actor)s accepted your answer to “%(topic)s”.") % data,
    may_see=_may_see_post,
)


def _excerpt(body: str) -> str:
    return Truncator(" ".join(body.split())).chars(300)


def _named(topic: Topic, user: Any) -> Any:
    """Who the notification names: nobody under the Chatham House rule."""
    return None if topic.is_chatham_house else user


def _post(post_id: int) -> Post:
    post = Post.objects.select_related(
        "author", "topic__category", "topic__community", "topic__circle"
    ).get(pk=post_id)
    selectors.for_everyone(post.topic)
    return post


def _topic(topic_id: int) -> Topic:
    topic = Topic.objects.select_related("author", "category", "community", "circle").get(
        pk=topic_id
    )
    return selectors.for_everyone(topic)


def _tell_mentioned(post: Post, user_ids: Iterable[int]) -> None:
    topic = post.topic
    recipients = set(user_ids) - {post.author_id}
    if not recipients:
        return
    notify(
        recipients,
        MENTION,
        post,
        _named(topic, post.author),
        community=topic.community,
        data={"topic": topic.title, "excerpt": _excerpt(post.body)},
    )


def reply_created(*, post_id: int, mentioned_ids: list[int]) -> None:
    """Tell those mentioned, and everyone watching the topic (or its category) who muted
    neither; a person mentioned is told once, of the mention."""
    post = _post(post_id)
    topic = post.topic
    watching, muted = selectors.watchers_of(topic=topic)
    mentioned = set(mentioned_ids) - muted
    _tell_mentioned(post, mentioned)
    recipients = watching - mentioned - {post.author_id}
    if recipients:
        notify(
            recipients,
            REPLY,
            post,
            _named(topic, post.author),
            community=topic.community,
            data={"topic": topic.title, "excerpt": _excerpt(post.body)},
        )


def topic_created(*, topic_id: int, mentioned_ids: list[int]) -> None:
    """An announcement goes to everyone who may see it (email as each chose); another
    topic to those watching its category. Those mentioned in it are told either way."""
    topic = _topic(topic_id)
    opening = Post.objects.select_related("author").get(topic=topic, number=1)
    opening.topic = topic
    _watching, muted = selectors.watchers_of(topic=topic)
    mentioned = set(mentioned_ids) - muted
    _tell_mentioned(opening, mentioned)
    if topic.kind == TopicKind.ANNOUNCEMENT:
        everyone = set(
            Membership.objects.filter(community_id=topic.community_id).values_list(
                "user_id", flat=True
            )
        )
        kind, recipients = ANNOUNCEMENT, everyone
    else:
        kind, recipients = NEW_TOPIC, _watching
    recipients = recipients - muted - mentioned - {topic.author_id}
    if recipients:
        notify(
            recipients,
            kind,
            topic,
            _named(topic, topic.author),
            data={
                "topic": topic.title,
                "category": topic.category.name,
                "excerpt": _excerpt(opening.body),
            },
        )


def mentioned(*, post_id: int, user_ids: list[int]) -> None:
    """People an edit newly mentions (who have not muted the topic)."""
    post = _post(post_id)
    _watching, muted = selectors.watchers_of(topic=post.topic)
    _tell_mentioned(post, set(user_ids) - muted)


def answer_accepted(*, post_id: int, actor_id: int, event_id: int) -> None:
    from salon.accounts.models import User

    post = _post(post_id)
    if post.author_id is None or post.author_id == actor_id:
        return
    actor = User.objects.filter(pk=actor_id).first()
    notify(
        [post.author_id],
        ANSWER_ACCEPTED,
        post,
        _named(post.topic, actor),
        community=post.topic.community,
        data={"topic": post.topic.title},
        key=f"audit:{event_id}",
    )
