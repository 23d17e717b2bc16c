"""The only doors to forum objects: 404 for what a user may not see, 403 for what their
role does not allow."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from salon.communities.access import access_community
from salon.communities.models import Community
from salon.communities.roles import memberships_of
from salon.core.permissions import can, require
from salon.discussions import selectors
from salon.discussions.models import Category, Post, Topic


def _prepared(topic: Topic) -> Topic:
    # The policy asks circle.view about the topic's circle: tell it whether the viewer is
    # in it (annotated in the same query), so it need not ask the database again.
    if topic.circle is not None:
        topic.circle.community = topic.community
        topic.circle.viewer_is_member = topic.viewer_in_circle  # type: ignore[attr-defined]
    topic.category.community = topic.community
    if topic.category.circle_id is not None:
        topic.category.circle = topic.circle
    return topic


def access_topic(
    user: Any, topic_id: int, action: str = "topic.view", *, bell: bool = False
) -> Topic:
    """``bell``: for a page, bring the viewer's unread notifications in the same query."""
    topic = selectors.topic_page_query(user=user, bell=bell).filter(pk=topic_id).first()
    if topic is None or not can(user, "topic.view", _prepared(topic)):
        raise Http404
    if action != "topic.view":
        require(user, action, topic)
    return topic


def access_forum(user: Any, slug: str, action: str = "forum.view") -> Community:
    """``access_community`` for a forum page: a member's community comes with the
    memberships the policy loads anyway (one query fewer); the same checks either way."""
    membership = next((m for m in memberships_of(user).values() if m.community.slug == slug), None)
    if membership is None:
        return access_community(user, slug, action)
    community = membership.community
    if not can(user, "community.view", community):
        raise Http404
    require(user, action, community)
    return community


def access_post(user: Any, post_id: int, action: str = "post.view") -> Post:
    post = Post.objects.select_related("author").filter(pk=post_id).first()
    if post is None:
        raise Http404
    post.topic = access_topic(user, post.topic_id)
    if action != "post.view":
        require(user, action, post)
    return post


def access_category(
    user: Any, community: Any, slug: str, action: str = "category.view"
) -> Category:
    category = (
        Category.objects.select_related("circle").filter(community=community, slug=slug).first()
    )
    if category is None:
        raise Http404
    category.community = community
    if category.circle is not None:
        category.circle.community = community
    if not can(user, "category.view", category):
        raise Http404
    if action != "category.view":
        require(user, action, category)
    return category


def access_category_by_id(user: Any, category_id: int) -> Category:
    """A category by id, for whoever may see it (``category.view``); else 404."""
    category = Category.objects.select_related("community", "circle").filter(pk=category_id).first()
    if category is None:
        raise Http404
    if category.circle is not None:
        category.circle.community = category.community
    if not can(user, "category.view", category):
        raise Http404
    return category


def access_managed_category(user: Any, community: Any, category_id: int) -> Category:
    """A category of ``community`` for its stewards (``category.manage``, which the caller
    asked of the community): 404 for an id of another community."""
    require(user, "category.manage", community)
    category = (
        Category.objects.select_related("circle")
        .filter(community=community, pk=category_id)
        .first()
    )
    if category is None:
        raise Http404
    category.community = community
    return category
