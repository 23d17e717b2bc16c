"""The WebSocket behind the bell: sends the unread count on connect and on every change,
for as long as the session that opened it stands (``salon.accounts.sockets``)."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from django.utils import translation

from salon.accounts.sockets import SessionBoundConsumer
from salon.notifications import realtime, selectors
from salon.notifications.emails import language_of


class NotificationConsumer(SessionBoundConsumer):
    group: str | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close()  # before accept: the handshake is refused
            return
        self.group = realtime.group_name(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.bind_session(user)
        await self.accept()
        await realtime.mark_online(user.pk)
        await self.send_json(await _current(user))

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            self.group = None
        await self.unbind_session()

    async def close_socket(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            self.group = None
        await super().close_socket(code)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """The page only says it is still open (every few minutes); nothing else is read.
        A session that ended meanwhile closes the socket then, at the latest."""
        user = await self.current_user()
        if user is not None:
            await realtime.mark_online(user.pk)

    async def notifications_count(self, event: dict[str, Any]) -> None:
        user = await self.current_user()
        if user is None:
            return
        if event["unread"]:
            # The count pushed is the plain one, for everyone told at once; this member's
            # own excludes what they may no longer read, as the bell on a page does.
            await self.send_json(await _current(user))
            return
        with translation.override(language_of(user)):
            label = realtime.bell_label(0)
        await self.send_json({"unread": 0, "label": label})

    async def network_unread(self, event: dict[str, Any]) -> None:
        """Someone's direct messages changed (salon/network/live.py): the page refreshes
        the header's count of unread conversations."""
        if await self.current_user() is not None:
            await self.send_json({"messages": True})


@database_sync_to_async
def _current(user: Any) -> dict[str, object]:
    with translation.override(language_of(user)):
        return realtime.count_message(selectors.unread_count(user=user))
