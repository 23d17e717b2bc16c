"""The WebSocket behind an open conversation (``/ws/conversations/<id>/``): each new
message, rendered for the viewer (see ``live.py``). Refused, with the same answer, for a
conversation that does not exist and one the viewer is not in; closed with the session and
when the viewer loses access (``salon.accounts.sockets``)."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async

from salon.accounts.models import User
from salon.accounts.sockets import SessionBoundConsumer
from salon.network import live

CLOSE_NO_ACCESS = 4403


class ConversationConsumer(SessionBoundConsumer):
    conversation_id: int = 0
    group: str | None = None
    caught_up = False

    async def connect(self) -> None:
        user = self.scope.get("user")
        self.conversation_id = int(self.scope["url_route"]["kwargs"]["conversation_id"])
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close()
            return
        if not await database_sync_to_async(live.may_view)(user, self.conversation_id):
            await self.close()
            return
        self.group = live.group_name(self.conversation_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.bind_session(user)
        await self.accept()

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

    async def recheck_access(self, user: User) -> None:
        if not await database_sync_to_async(live.may_view)(user, self.conversation_id):
            await self.close_socket(CLOSE_NO_ACCESS)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """On (re)connect the page says the last message id it shows: it gets what came
        after, once per connection."""
        after = content.get("after") if isinstance(content, dict) else None
        if self.caught_up or type(after) is not int or after < 0:
            return
        self.caught_up = True
        await self._deliver(await self._render(after=after))

    async def conversation_message(self, event: dict[str, Any]) -> None:
        await self._deliver(await self._render(message_id=event["message_id"]))

    async def _render(self, **which: Any) -> list[dict[str, Any]] | None:
        user = await self.current_user()
        if user is None:
            return []
        return await database_sync_to_async(live.render_messages)(
            user=user, conversation_id=self.conversation_id, **which
        )

    async def _deliver(self, messages: list[dict[str, Any]] | None) -> None:
        if self.closing:
            return
        if messages is None:
            await self.close_socket(CLOSE_NO_ACCESS)
            return
        for message in messages:
            await self.send_json(message)
