"""Live unread counts: every open page of a member listens on their own channel group.

``push_unread_counts`` is called after commit by the services; the consumer
(``consumers.NotificationConsumer``) forwards each message to the browser, where
``static/notifications/bell.js`` updates the bell. With the in-memory channel layer this
reaches pages served by the same process; with Redis (``REDIS_URL``) it reaches all.

Only members with a page open are pushed to: a post to 5,000 members must not cost 5,000
channel-layer sends when fifty people are online. An open page marks its member online
in the cache (the same cache as the channel layer's reach: local memory, or Redis) when it
connects and every few minutes after; the mark lapses on its own, so a closed tab costs at
most a few useless sends.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

MESSAGE_TYPE = "notifications.count"
# bell.js pings every 5 minutes; a member is "online" for 15 after the last sign of life.
ONLINE_SECONDS = 15 * 60
PUSH_CONCURRENCY = 20


def group_name(user_id: int) -> str:
    return f"notifications.user.{user_id}"


def online_key(user_id: int) -> str:
    return f"notifications.online.{user_id}"


async def mark_online(user_id: int) -> None:
    await cache.aset(online_key(user_id), 1, ONLINE_SECONDS)


def bell_label(unread: int) -> str:
    """The bell's accessible name, which includes the count (in the active language)."""
    if unread == 0:
        return str(translation.gettext("Notifications, none unread"))
    return ngettext(
        "Notifications, %(count)d unread", "Notifications, %(count)d unread", unread
    ) % {"count": unread}


def count_message(unread: int) -> dict[str, object]:
    return {"unread": unread, "label": bell_label(unread)}


def push_unread_counts(counts: Mapping[int, int]) -> None:
    """Tell each member's open pages their new unread count. Never raises: a live update
    that does not arrive only means the count refreshes on the next page."""
    layer = get_channel_layer()
    if layer is None or not counts:
        return
    try:
        online = cache.get_many([online_key(user_id) for user_id in counts])
    except Exception:  # the cache is down: so, most likely, is the channel layer
        logger.warning("Could not read who is online", exc_info=True)
        return
    counts = {user_id: n for user_id, n in counts.items() if online_key(user_id) in online}
    if not counts:
        return
    with translation.override(settings.LANGUAGE_CODE):
        labels = {n: bell_label(n) for n in set(counts.values())}
    messages = {
        user_id: {"type": MESSAGE_TYPE, "unread": n, "label": labels[n]}
        for user_id, n in counts.items()
    }

    async def send_all() -> None:
        # A few at a time: with Redis each send is a round trip from a limited pool.
        items = list(messages.items())
        for start in range(0, len(items), PUSH_CONCURRENCY):
            await asyncio.gather(
                *(
                    layer.group_send(group_name(user_id), message)
                    for user_id, message in items[start : start + PUSH_CONCURRENCY]
                )
            )

    try:
        async_to_sync(send_all)()
    except Exception:  # the channel layer is down: the data is safe, only liveness is lost
        logger.warning("Could not push unread counts to %d member(s)", len(counts), exc_info=True)
