"""Open WebSockets (the bell, live topic pages) live no longer than the session that opened
them, and no longer than the access they were opened with.

Every socket of a signed-in person joins their group, ``accounts.user.<id>``, which hears:

- ``accounts.close``: close now (``session_key`` set: only sockets opened by that session).
  Sent after sign-out (``user_logged_out``), when a session is ended from *Sign-in &
  security* or by an erasure (a ``UserSession`` deleted), and on deactivation.
- ``accounts.recheck``: ask again whether the session still stands and the socket's
  content may still be seen. Sent when a membership ends or changes and after a password
  change (which ends the person's other sessions).

And before each message a socket pushes, it asks the session store again
(``session_user``): a session that expired, went idle, was signed out elsewhere or belongs
to a deactivated person closes the socket instead of receiving the message. That costs
one session read (cached) and one query per pushed message per socket.
"""

from __future__ import annotations

import logging
import time
from functools import partial
from importlib import import_module
from typing import Any

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.db import transaction
from django.utils.crypto import constant_time_compare

from salon.accounts.models import User
from salon.core.middleware import IdleSessionMiddleware

logger = logging.getLogger(__name__)

CLOSE = "accounts.close"  # handled by SessionBoundConsumer.accounts_close
RECHECK = "accounts.recheck"  # handled by SessionBoundConsumer.accounts_recheck
# Closed because the session ended on purpose (sign-out, deactivation): pages do not
# reconnect (1000 is final for both scripts).
CLOSE_SIGNED_OUT = 1000
# Closed because the session no longer stands (expired, idle, password changed): the page
# may try again, and the handshake decides (a new session after a password change passes).
CLOSE_SESSION_GONE = 4401


def group_name(user_id: int) -> str:
    return f"accounts.user.{user_id}"


def close_sockets(user_id: int, *, session_key: str | None = None) -> None:
    """After commit, close the person's open sockets (only one session's, if given)."""
    message = {"type": CLOSE, "session_key": session_key}
    transaction.on_commit(partial(_send, user_id, message), robust=True)


def recheck_sockets(user_id: int) -> None:
    """After commit, make the person's open sockets check their session and access again."""
    transaction.on_commit(partial(_send, user_id, {"type": RECHECK}), robust=True)


def _send(user_id: int, message: dict[str, Any]) -> None:
    """Never raises: with the channel layer down, each socket still checks its session
    before the next message it pushes."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group_name(user_id), message)
    except Exception:
        logger.warning("Could not tell the sockets of user %s", user_id, exc_info=True)


def session_user(user_id: int, session_key: str | None) -> User | None:
    """The person, fresh from the database, if ``session_key`` is still their signed-in
    session (not signed out, expired, idle too long, or from before a password change) and
    their account is active; otherwise None. The same checks a page request makes."""
    if not session_key:
        return None
    data = import_module(settings.SESSION_ENGINE).SessionStore(session_key).load()
    if str(data.get(SESSION_KEY, "")) != str(user_id):
        return None
    last_seen = data.get(IdleSessionMiddleware.KEY)
    if last_seen is not None and time.time() - last_seen > settings.SALON_SESSION_IDLE_SECONDS:
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not constant_time_compare(
        str(data.get(HASH_SESSION_KEY, "")), user.get_session_auth_hash()
    ):
        return None
    return user


class SessionBoundConsumer(AsyncJsonWebsocketConsumer):
    """A consumer whose socket closes with its session. Subclasses call ``bind_session``
    in ``connect`` (before ``accept``) and ``unbind_session`` in ``disconnect``, call
    ``current_user`` before each message they push, and may override ``recheck_access``."""

    session_key: str | None = None
    user_group: str | None = None
    closing = False

    async def bind_session(self, user: Any) -> None:
        session = self.scope.get("session")
        self.session_key = getattr(session, "session_key", None) if session else None
        self.user_group = group_name(user.pk)
        await self.channel_layer.group_add(self.user_group, self.channel_name)

    async def unbind_session(self) -> None:
        if self.user_group is not None:
            await self.channel_layer.group_discard(self.user_group, self.channel_name)
            self.user_group = None

    async def close_socket(self, code: int) -> None:
        if self.closing:
            return
        self.closing = True
        await self.unbind_session()
        await self.close(code=code)

    async def current_user(self) -> User | None:
        """The signed-in person if the session still stands; otherwise the socket closes
        and None is returned."""
        if self.closing:
            return None
        user = await database_sync_to_async(session_user)(self.scope["user"].pk, self.session_key)
        if user is None:
            await self.close_socket(CLOSE_SESSION_GONE)
        return user

    async def accounts_close(self, event: dict[str, Any]) -> None:
        key = event.get("session_key")
        if key is None or key == self.session_key:
            await self.close_socket(CLOSE_SIGNED_OUT)

    async def accounts_recheck(self, event: dict[str, Any]) -> None:
        user = await self.current_user()
        if user is not None:
            await self.recheck_access(user)

    async def recheck_access(self, user: User) -> None:
        """Close the socket if ``user`` may no longer see what it carries."""
