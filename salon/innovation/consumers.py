"""The WebSocket behind a live board (``/ws/boards/<id>/``): every change to the board, and
who has it open (the protocol is in ``live.py``). It closes with the viewer's session and
when they lose access to the board (``salon.accounts.sockets``)."""

from __future__ import annotations

import time
from typing import Any

from channels.db import database_sync_to_async

from salon.accounts.models import User
from salon.accounts.sockets import SessionBoundConsumer
from salon.innovation import live

# Closed because the viewer may no longer see the board: the page does not reconnect.
CLOSE_NO_ACCESS = 4403
# A busy board sends many small messages: the session is asked again at most this often
# (a sign-out, an ended session or a lost membership still closes the socket at once,
# through the ``accounts.close`` and ``accounts.recheck`` messages).
SESSION_CHECK_SECONDS = 5.0
# Pages ping every 20 seconds; pings closer together than this are ignored.
PING_SECONDS = 10.0


class BoardConsumer(SessionBoundConsumer):
    board_id: int = 0
    group: str | None = None
    anonymous = False
    facilitates = False
    checked_at = 0.0
    pinged_at = 0.0

    async def connect(self) -> None:
        user = self.scope.get("user")
        self.board_id = int(self.scope["url_route"]["kwargs"]["board_id"])
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close()  # before accept: the handshake is refused
            return
        viewer = await database_sync_to_async(live.viewer_of)(user, self.board_id)
        if viewer is None:
            await self.close()  # the same refusal for a board that does not exist
            return
        self.anonymous, self.facilitates = viewer
        self.checked_at = time.monotonic()
        self.group = live.group_name(self.board_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.bind_session(user)
        await self.accept()
        await self._announce(here=True)

    async def disconnect(self, code: int) -> None:
        await self._leave()
        await self.unbind_session()

    async def close_socket(self, code: int) -> None:
        await self._leave()  # no further change reaches a socket that is closing
        await super().close_socket(code)

    async def _leave(self) -> None:
        if self.group is not None:
            await self._announce(here=False)
            await self.channel_layer.group_discard(self.group, self.channel_name)
            self.group = None

    async def _announce(self, *, here: bool, to: str | None = None, refresh: bool = False) -> None:
        user = self.scope["user"]
        message = {
            "type": live.PRESENCE_TYPE,
            "user": user.pk,
            "name": user.display_name,
            "here": here,
            "channel": self.channel_name,
            # Answers and refreshes are not answered: only an arrival is.
            "reply": refresh,
        }
        if to is not None:
            await self.channel_layer.send(to, {**message, "reply": True})
        elif self.group is not None:
            await self.channel_layer.group_send(self.group, message)

    async def recheck_access(self, user: User) -> None:
        viewer = await database_sync_to_async(live.viewer_of)(user, self.board_id)
        if viewer is None:
            await self.close_socket(CLOSE_NO_ACCESS)
            return
        self.anonymous, self.facilitates = viewer

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """Pages only say they are still open (every write is a POST): each ping tells the
        others again that this viewer is here, so a list that missed an arrival heals."""
        if not isinstance(content, dict) or not content.get("ping") or self.group is None:
            return
        if time.monotonic() - self.pinged_at < PING_SECONDS:
            return  # a page that pings too often is not heard more often
        self.pinged_at = time.monotonic()
        if await self._still_signed_in():
            await self._announce(here=True, refresh=True)

    async def _still_signed_in(self) -> bool:
        if self.closing:
            return False
        if time.monotonic() - self.checked_at < SESSION_CHECK_SECONDS:
            return True
        user = await self.current_user()
        self.checked_at = time.monotonic()
        return user is not None

    async def board_change(self, event: dict[str, Any]) -> None:
        if not await self._still_signed_in():
            return
        await self.send_json(
            live.for_viewer(
                event["payload"],
                viewer_id=self.scope["user"].pk,
                anonymous=self.anonymous,
                facilitates=self.facilitates,
            )
        )

    async def board_presence(self, event: dict[str, Any]) -> None:
        if event["channel"] == self.channel_name or not await self._still_signed_in():
            return
        await self.send_json(
            {
                "kind": "presence",
                "user": event["user"],
                "name": event["name"],
                "here": event["here"],
            }
        )
        # A newcomer learns who was already here: each one answers it directly.
        if event["here"] and not event.get("reply"):
            await self._announce(here=True, to=event["channel"])
