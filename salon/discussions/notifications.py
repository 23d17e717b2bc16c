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

from salon.accounts.blocking import blockers_among
from salon.communities.models import Membership
from salon.core.markdown import plain_text
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
    return Truncator(plain_text(body)).chars(300)


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
    # Someone who blocked the author is not told of their mentions.
    recipients -= blockers_among(post.author_id, recipients)
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
    recipients -= blockers_among(post.author_id, recipients)
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
    if kind == NEW_TOPIC:
        # Announcements reach everyone; other news from a blocked person does not.
        recipients -= blockers_among(topic.author_id, recipients)
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
    if topic.kind == TopicKind.QUESTION:
        # "Ask an expert": a question on a competency reaches the experts who offer it.
        from salon.events.office_hours.notifications import question_routed

        question_routed(topic=topic)


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
    if blockers_among(actor_id, [post.author_id]):
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


# Moderation: flags for stewards, warnings for authors ------------------------------------

FLAGGED = "discussions.flagged"
WARNING = "discussions.warning"


def _flagged_line(data: Any) -> str:
    from salon.discussions.models import FlagReason

    if data.get("hidden"):
        return _("A post in “%(topic)s” was hidden after %(count)s members flagged it.") % data
    reason = FlagReason(data["reason"]).label
    return _("A post in “%(topic)s” was flagged: %(reason)s.") % {**data, "reason": reason}


def _may_moderate_post(user: Any, post: Post) -> bool:
    return can(user, "forum.moderate", post.topic.community) and can(user, "topic.view", post.topic)


register_kind(
    FLAGGED,
    label=gettext_lazy("Posts flagged in forums you moderate"),
    default=Delivery.DAILY,
    line=_flagged_line,
    may_see=_may_moderate_post,
)
register_kind(
    WARNING,
    label=gettext_lazy("A moderator writes to you about one of your posts"),
    default=Delivery.IMMEDIATE,
    line=lambda data: (
        _("%(actor)s, moderating %(community)s, wrote to you about your post in “%(topic)s”.")
        % data
    ),
    may_see=_may_see_post,
)


def post_flagged(*, post_id: int, flagger_id: int, round_id: int, count: int, hidden: bool) -> None:
    """Tell the community's stewards (not the one who flagged) once per round of flags: a
    post's first open flag starts a round, and hiding it after many flags is news again.
    Neither the flagger nor the author is named, and the post's text is not repeated."""
    from django.urls import reverse

    from salon.communities.models import STEWARD_ROLES

    post = _post(post_id)
    topic = post.topic
    stewards = set(
        Membership.objects.filter(
            community_id=topic.community_id, role__in=STEWARD_ROLES
        ).values_list("user_id", flat=True)
    )
    recipients = stewards - {flagger_id}
    if not recipients:
        return
    flag = post.flags.filter(pk=round_id).values_list("reason", flat=True).first()
    notify(
        recipients,
        FLAGGED,
        post,
        None,
        community=topic.community,
        data={"topic": topic.title, "reason": flag or "other", "count": count, "hidden": hidden},
        url=reverse("discussions:moderation", args=[topic.community.slug]),
        key=f"flagged:{round_id}:{'hidden' if hidden else 'open'}",
    )


def member_warned(*, post_id: int, actor_id: int, event_id: int, message: str) -> None:
    """The steward's message, to the author of the post, in the app and by email."""
    from salon.accounts.models import User

    post = _post(post_id)
    if post.author_id is None:
        return
    notify(
        [post.author_id],
        WARNING,
        post,
        User.objects.filter(pk=actor_id).first(),
        community=post.topic.community,
        data={"topic": post.topic.title, "excerpt": message},
        key=f"audit:{event_id}",
    )


# The forum's part of the digest ------------------------------------------------------------

DIGEST_TOPICS = 5


def forum_digest_parts(user: Any, community: Any, since: Any, until: Any) -> list[Any]:
    """New topics and the busiest discussions of ``community`` between ``since`` and
    ``until``, among the topics ``user`` may see (as on the forum page) and has not muted.
    Under the Chatham House rule nobody is named; the busiest list names nobody anyway."""
    from django.db.models import Count
    from django.utils.translation import ngettext

    from salon.discussions.models import Level, Subscription
    from salon.notifications.digest import DigestItem, DigestPart

    if not can(user, "forum.view", community):
        return []
    circles = selectors.forum_circles(user=user, community=community)
    muted = Subscription.objects.filter(user_id=user.pk, level=Level.MUTE)
    topics = (
        selectors.topic_list(user=user, community=community, circle_ids=[c.pk for c in circles])
        .prefetch_related(None)
        .exclude(pk__in=muted.filter(topic__isnull=False).values("topic_id"))
        .exclude(category_id__in=muted.filter(category__isnull=False).values("category_id"))
    )
    new = list(
        topics.filter(created_at__gte=since, created_at__lt=until)
        .exclude(author_id=user.pk)
        .order_by("created_at", "pk")[:DIGEST_TOPICS]
    )
    # Counted on the posts (one GROUP BY over plain columns), then the few topics read.
    counts = list(
        Post.objects.filter(
            topic__in=topics.exclude(pk__in=[t.pk for t in new]).values("pk"),
            created_at__gte=since,
            created_at__lt=until,
            number__gt=1,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
        )
        .values("topic_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "-topic_id")[:DIGEST_TOPICS]
    )
    by_id = Topic.objects.in_bulk([row["topic_id"] for row in counts])
    busiest = [(by_id[row["topic_id"]], row["n"]) for row in counts if row["topic_id"] in by_id]
    parts = []
    if new:
        items = []
        for topic in new:
            detail = topic.category.name
            if topic.author is not None and not topic.is_chatham_house:
                detail = _("%(category)s · started by %(name)s") % {
                    "category": topic.category.name,
                    "name": topic.author.display_name,
                }
            items.append(DigestItem(topic.title, topic.get_absolute_url(), detail))
        parts.append(DigestPart(str(_("New in the forum")), items))
    if busiest:
        items = []
        for topic, n in busiest:
            replies = ngettext("%(n)d new reply", "%(n)d new replies", n) % {"n": n}
            items.append(DigestItem(topic.title, topic.get_absolute_url(), replies))
        parts.append(DigestPart(str(_("Busiest discussions")), items))
    return parts


# Found by the digest (``salon.notifications.digest``) in every app's notifications module.
DIGEST_PARTS = [forum_digest_parts]
