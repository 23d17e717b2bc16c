"""Live topic pages: new and changed posts reach everyone who has the topic open.

``post_created(post)`` (called by ``services.post_reply``) and ``post_changed(post)`` (an
edit, a delete or a hide, through the ``post_save`` receiver below; a file added or
removed, from the views) queue one channel-layer message per post, after commit, to the
topic's group. The message carries ids only. ``consumers.TopicConsumer`` holds one socket
per open topic page and, for each message, asks the policy again *as that viewer* and
renders ``_post.html`` for them (``render_posts``).

Why render per viewer rather than send a signal and let each page fetch the post over
HTTP: the permission check and the buttons come out exactly as a reload would show them
(edit and delete for the author, hide for stewards, accept for the asker, a removed post's
placeholder), without a request per viewer per post, and a member who has lost access
since connecting is refused at the next message instead of being told a post exists.

With the in-memory channel layer this reaches pages served by the same process; with
Redis (``REDIS_URL``) it reaches every process. A message that is lost only means the post
shows on the next page load; the page also asks for what it missed when it (re)connects.
"""

from __future__ import annotations

import logging
import zoneinfo
from functools import partial
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import Http404, HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from salon.communities.roles import forget_memberships
from salon.core.permissions import can
from salon.discussions import selectors
from salon.discussions.access import access_topic
from salon.discussions.models import Post
from salon.notifications.emails import language_of

logger = logging.getLogger(__name__)

MESSAGE_TYPE = "topic.post"  # handled by TopicConsumer.topic_post
CREATED, CHANGED = "created", "changed"
# What a reconnecting page may catch up on at once; beyond that it reloads to see more.
CATCH_UP = 20
# Saving these fields changes what a post shows.
_SHOWN_FIELDS = frozenset({"body", "body_html", "deleted_at", "hidden_at"})


def group_name(topic_id: int) -> str:
    return f"discussions.topic.{topic_id}"


def post_created(post: Post) -> None:
    """Tell the topic's open pages about a new reply, once it is committed."""
    transaction.on_commit(partial(broadcast, post.topic_id, post.pk, CREATED), robust=True)


def post_changed(post: Post) -> None:
    transaction.on_commit(partial(broadcast, post.topic_id, post.pk, CHANGED), robust=True)


@receiver(post_save, sender=Post, dispatch_uid="discussions.live.post_saved")
def _post_saved(sender: Any, instance: Post, created: bool, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if created or (update_fields is not None and not _SHOWN_FIELDS & set(update_fields)):
        return
    post_changed(instance)


def broadcast(topic_id: int, post_id: int, event: str) -> None:
    """Never raises: the post is saved; a live update that does not arrive only means it
    shows on the next page load."""
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": MESSAGE_TYPE, "post_id": post_id, "event": event}
    try:
        async_to_sync(layer.group_send)(group_name(topic_id), message)
    except Exception:  # the channel layer is down: the data is safe, only liveness is lost
        logger.warning("Could not tell topic %s about post %s", topic_id, post_id, exc_info=True)


# What each viewer receives ----------------------------------------------------------------


def may_view(user: Any, topic_id: int) -> bool:
    try:
        access_topic(user, topic_id)
    except Http404:
        return False
    return True


def render_posts(
    *,
    user: Any,
    topic_id: int,
    event: str,
    csrf_secret: str = "",
    post_id: int | None = None,
    after: int | None = None,
) -> list[dict[str, Any]] | None:
    """The messages for one viewer's page: one post (``post_id``) or the posts numbered
    after ``after``, each rendered as a reload would render it for them. None when the
    viewer may no longer see the topic."""
    # Their roles may have changed since the socket opened: ask the database again.
    forget_memberships(user)
    try:
        topic = access_topic(user, topic_id)
    except Http404:
        return None
    posts_qs = Post.objects.filter(topic_id=topic.pk).select_related("author")
    if post_id is not None:
        posts = list(posts_qs.filter(pk=post_id))
    else:
        posts = list(posts_qs.filter(number__gt=after or 0).order_by("number")[:CATCH_UP])
    if not posts:
        return []
    reactions = selectors.reactions_for(posts=posts, user=user)
    files = selectors.post_files(posts=posts)
    request = HttpRequest()
    request.user = user
    context: dict[str, Any] = {
        "request": request,
        "user": user,
        "topic": topic,
        "may_reply": can(user, "topic.reply", topic),
        "may_accept": can(user, "answer.accept", topic),
        "chatham_house": topic.is_chatham_house,
        "csrf_token": _csrf_token(request, csrf_secret),
    }
    messages = []
    with timezone.override(_zone(user)), translation.override(language_of(user)):
        for post in posts:
            post.topic = topic
            post.reaction_counts = reactions[post.pk]  # type: ignore[attr-defined]
            post.shown_files = files.get(post.pk, [])  # type: ignore[attr-defined]
            html = render_to_string("discussions/_post.html", {**context, "post": post})
            messages.append(
                {
                    "event": event,
                    "number": post.number,
                    "page": post.page,
                    "html": html,
                    "announce": _announcement(post) if event == CREATED else "",
                }
            )
    return messages


def _announcement(post: Post) -> str:
    # The page names who wrote what (even under the Chatham House rule: the room knows).
    if post.author is None:
        return _("New reply")
    return _("New reply from %(name)s") % {"name": post.author.display_name}


def _csrf_token(request: HttpRequest, secret: str) -> str | None:
    """A token for the forms in the post (react, hide, delete, accept), masked from the
    viewer's own CSRF cookie as their page's tokens are; none without a cookie."""
    if len(secret) != 32 or not secret.isalnum():
        return None
    request.META["CSRF_COOKIE"] = secret
    return get_token(request)


def _zone(user: Any) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(getattr(user, "timezone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")
