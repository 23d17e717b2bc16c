"""The WebSocket behind a live topic page (``/ws/topics/<id>/``): new and changed posts,
rendered for the viewer (see ``live.py``). It closes with the viewer's session and when
they lose access to the topic (``salon.accounts.sockets``)."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings

from salon.accounts.models import User
from salon.accounts.sockets import SessionBoundConsumer
from salon.discussions import live

# Closed because the viewer may no longer see the topic: the page does not reconnect.
CLOSE_NO_ACCESS = 4403


class TopicConsumer(SessionBoundConsumer):
    topic_id: int = 0
    group: str | None = None
    caught_up = False

    async def connect(self) -> None:
        user = self.scope.get("user")
        self.topic_id = int(self.scope["url_route"]["kwargs"]["topic_id"])
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close()  # before accept: the handshake is refused
            return
        if not await database_sync_to_async(live.may_view)(user, self.topic_id):
            await self.close()  # the same refusal for a topic that does not exist
            return
        self.group = live.group_name(self.topic_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.bind_session(user)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            self.group = None
        await self.unbind_session()

    async def close_socket(self, code: int) -> None:
        if self.group is not None:  # no further post reaches a socket that is closing
            await self.channel_layer.group_discard(self.group, self.channel_name)
            self.group = None
        await super().close_socket(code)

    async def recheck_access(self, user: User) -> None:
        if not await database_sync_to_async(live.may_view)(user, self.topic_id):
            await self.close_socket(CLOSE_NO_ACCESS)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """On each (re)connect the page says the last post number it knows: it is sent
        what came after (once per connection; anything else is ignored)."""
        after = content.get("after") if isinstance(content, dict) else None
        if self.caught_up or type(after) is not int or after < 0:
            return
        self.caught_up = True
        await self._deliver(await self._render(live.CREATED, after=after))

    async def topic_post(self, event: dict[str, Any]) -> None:
        await self._deliver(await self._render(event["event"], post_id=event["post_id"]))

    async def _render(self, event: str, **which: Any) -> list[dict[str, Any]] | None:
        # Signed out, expired or deactivated since the last message: nothing more is sent.
        user = await self.current_user()
        if user is None:
            return []
        cookies = self.scope.get("cookies") or {}
        return await database_sync_to_async(live.render_posts)(
            user=user,
            topic_id=self.topic_id,
            event=event,
            csrf_secret=cookies.get(settings.CSRF_COOKIE_NAME, ""),
            **which,
        )

    async def _deliver(self, messages: list[dict[str, Any]] | None) -> None:
        if self.closing:
            return
        if messages is None:
            await self.close_socket(CLOSE_NO_ACCESS)
            return
        for message in messages:
            await self.send_json(message)
