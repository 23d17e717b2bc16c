"""What forums put in search, and who may find it (see docs/search.md).

A topic is one document (its title, tags and opening post); each later reply is another.
Deleted and hidden posts are not found. The "forum" audience mirrors ``topic.view``:
anyone with a role in the community for a topic outside circles, and the "circle"
audience's rule (``circle.view``) for a topic in a circle.
"""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from salon.communities.roles import memberships_of
from salon.core import search
from salon.core.markdown import plain_text
from salon.core.models import SearchDocument
from salon.discussions.models import Post, Topic


def _forum_view(user: Any) -> Q:
    return Q(circle__isnull=True, community_id__in=list(memberships_of(user))) | (
        Q(circle__isnull=False) & search.audience("circle").visible(user)
    )


def _topic_of(document: SearchDocument) -> Topic:
    related = ("category", "community", "circle")
    if document.kind == "post":
        return (
            Post.objects.select_related(*(f"topic__{r}" for r in related))
            .get(pk=document.object_id)
            .topic
        )
    return Topic.objects.select_related(*related).get(pk=document.object_id)


search.register_audience(search.Audience("forum", "topic.view", _forum_view, _topic_of))


def topic_document(topic: Topic) -> search.Document:
    body = getattr(topic, "opening_body", None)
    if body is None:
        opening = (
            Post.objects.filter(topic_id=topic.pk, number=1)
            .values_list("body", "deleted_at", "hidden_at")
            .first()
        )
        body = opening[0] if opening and opening[1] is None and opening[2] is None else ""
    return search.Document(
        community_id=topic.community_id,
        circle_id=topic.circle_id,
        title=topic.title,
        body=plain_text(body),
        tags=list(topic.tag_names),
        url=topic.get_absolute_url(),
    )


def post_document(post: Post) -> search.Document | None:
    if post.number == 1 or post.is_removed:
        return None  # the opening post is the topic's document; removed posts are not found
    topic = post.topic
    return search.Document(
        community_id=topic.community_id,
        circle_id=topic.circle_id,
        title=topic.title,
        body=plain_text(post.body),
        url=post.get_absolute_url(),
    )


def _topics_for_reindex() -> Any:
    opening = Post.objects.filter(
        topic=OuterRef("pk"), number=1, deleted_at__isnull=True, hidden_at__isnull=True
    ).values("body")[:1]
    return Topic.objects.annotate(opening_body=Subquery(opening))


search.register(
    search.Source(
        kind="topic",
        label=_("Discussion"),
        model=Topic,
        audience="forum",
        document=topic_document,
        queryset=_topics_for_reindex,
        depends_on=(
            # The opening post is the topic's text.
            search.Dependency(
                Post,
                lambda post: [post.topic] if post.number == 1 else [],
                fields=frozenset({"body", "deleted_at", "hidden_at"}),
            ),
        ),
    )
)
search.register(
    search.Source(
        kind="post",
        label=_("Reply"),
        model=Post,
        audience="forum",
        document=post_document,
        queryset=lambda: Post.objects.select_related("topic").filter(number__gt=1),
        depends_on=(
            # Replies carry their topic's title and place.
            search.Dependency(
                Topic,
                lambda topic: Post.objects.filter(topic=topic, number__gt=1).select_related(
                    "topic"
                ),
                fields=frozenset({"title", "community", "circle", "category"}),
            ),
        ),
    )
)
