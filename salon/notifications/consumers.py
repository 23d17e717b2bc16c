"""The WebSocket behind the bell: sends the unread count on connect and on every change."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import translation

from salon.notifications import realtime, selectors


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    group: str | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close()  # before accept: the handshake is refused
            return
        self.group = realtime.group_name(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await realtime.mark_online(user.pk)
        await self.send_json(await _current(user))

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """The page only says it is still open (every few minutes); nothing else is read."""
        user = self.scope["user"]
        await realtime.mark_online(user.pk)

    async def notifications_count(self, event: dict[str, Any]) -> None:
        await self.send_json({"unread": event["unread"], "label": event["label"]})


@database_sync_to_async
def _current(user: Any) -> dict[str, object]:
    with translation.override(settings.LANGUAGE_CODE):
        return realtime.count_message(selectors.unread_count(user=user))
