"""Live conversations: a new message reaches everyone who has the conversation open, and
the header's count of unread conversations changes on every open page of its people.

``message_created`` (called by the services) queues, after commit, one channel-layer
message to the conversation's group with the message's id only. ``ConversationConsumer``
holds one socket per open conversation page and, for each message, asks the policy again
*as that viewer* before rendering it for them: someone who is not (or no longer) in the
conversation never receives a word of it. Unread counts go to each participant's own
group (the one behind the bell), as ``network.unread``.
"""

from __future__ import annotations

import logging
import zoneinfo
from functools import partial
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation

from salon.network.models import Message
from salon.notifications import realtime
from salon.notifications.emails import language_of

logger = logging.getLogger(__name__)

MESSAGE_TYPE = "conversation.message"  # handled by ConversationConsumer.conversation_message
UNREAD_TYPE = "network.unread"  # handled by NotificationConsumer.network_unread
# What a reconnecting page may catch up on at once; beyond that it reloads.
CATCH_UP = 50


def group_name(conversation_id: int) -> str:
    return f"network.conversation.{conversation_id}"


def message_created(message: Message) -> None:
    transaction.on_commit(
        partial(_after_message, message.conversation_id, message.pk, message.author_id),
        robust=True,
    )


def _after_message(conversation_id: int, message_id: int, author_id: int | None) -> None:
    broadcast(conversation_id, message_id)
    from salon.network.selectors import participant_ids_of

    push_unread([uid for uid in participant_ids_of(conversation_id) if uid != author_id])


def broadcast(conversation_id: int, message_id: int) -> None:
    """Never raises: the message is saved; one that does not arrive live shows on reload."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            group_name(conversation_id), {"type": MESSAGE_TYPE, "message_id": message_id}
        )
    except Exception:
        logger.warning("Could not tell conversation %s", conversation_id, exc_info=True)


def push_unread(user_ids: list[int]) -> None:
    """Tell each person's open pages (those online) to refresh the header's count."""
    layer = get_channel_layer()
    if layer is None or not user_ids:
        return
    from django.core.cache import cache

    try:
        online = cache.get_many([realtime.online_key(uid) for uid in user_ids])
    except Exception:
        return
    targets = [uid for uid in user_ids if realtime.online_key(uid) in online]

    async def send_all() -> None:
        for uid in targets:
            await layer.group_send(realtime.group_name(uid), {"type": UNREAD_TYPE})

    if not targets:
        return
    try:
        async_to_sync(send_all)()
    except Exception:
        logger.warning("Could not push message counts", exc_info=True)


# What each viewer receives ----------------------------------------------------------------


def may_view(user: Any, conversation_id: int) -> bool:
    from salon.network.access import access_conversation

    try:
        access_conversation(user, conversation_id)
    except Http404:
        return False
    return True


def render_messages(
    *, user: Any, conversation_id: int, message_id: int | None = None, after: int | None = None
) -> list[dict[str, Any]] | None:
    """The viewer's new message(s), rendered as a reload would show them, and marked read
    (the page is open in front of them). None when they may no longer see it."""
    from salon.network.access import access_conversation
    from salon.network.selectors import messages_after
    from salon.network.services.conversations import conversation_mark_read

    try:
        conversation = access_conversation(user, conversation_id)
    except Http404:
        return None
    messages = messages_after(
        conversation=conversation, message_id=message_id, after=after, limit=CATCH_UP
    )
    if not messages:
        return []
    out = []
    with timezone.override(_zone(user)), translation.override(language_of(user)):
        for message in messages:
            html = render_to_string("network/_message.html", {"message": message, "user": user})
            out.append(
                {
                    "id": message.pk,
                    "html": html,
                    "mine": message.author_id == user.pk,
                    "announce": (
                        translation.gettext("New message from %(name)s")
                        % {"name": message.author.display_name}
                        if message.author and message.author_id != user.pk
                        else ""
                    ),
                }
            )
    conversation_mark_read(actor=user, conversation=conversation, up_to=messages[-1].pk)
    return out


def _zone(user: Any) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(getattr(user, "timezone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")
