"""Live updates from the page workers to the socket process, without Redis.

``run_salon`` serves pages with gunicorn (WSGI workers) and WebSockets with one uvicorn
process (docs/deployment.md). With Redis, the channel layer is Redis and every process
reaches every socket. Without it (the demo), the sockets' groups live in the socket
process's memory, so a page worker that publishes (a new post, an unread count, a signed-out
session) hands the message to that process over loopback HTTP: ``RelayedChannelLayer``
sends it, ``relay_app`` receives it. Only ``group_send`` crosses: the page workers hold no
sockets. The request carries a secret that run_salon makes for each run.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import urllib.request
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.conf import settings

logger = logging.getLogger(__name__)

RELAY_PATH = "/ws-relay/"
TOKEN_HEADER = "x-salon-relay"
TIMEOUT_S = 2.0

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[Mapping[str, Any]]]
Send = Callable[[Mapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def sockets_served(request: object) -> bool:
    """Whether a page may open its live socket: an ASGI server served it (and routes /ws/),
    or ``SALON_LIVE_SOCKETS`` says a socket server stands beside the WSGI workers (run_salon's
    socket port, or a proxy that sends /ws/ to uvicorn). Otherwise the page stays quiet
    rather than leave the browser a failed connection."""
    from django.core.handlers.asgi import ASGIRequest

    return settings.SALON_LIVE_SOCKETS or isinstance(request, ASGIRequest)


class RelayedChannelLayer(InMemoryChannelLayer):
    """In the socket process (``SALON_SOCKET_PROCESS``): the in-memory layer. Elsewhere,
    ``group_send`` posts the message to the socket process."""

    def __init__(self, url: str = "", token: str = "", socket_process: bool = False, **kw: Any):
        super().__init__(**kw)
        self.url = url
        self.token = token
        self.socket_process = socket_process

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        if self.socket_process:
            await super().group_send(group, message)
            return
        body = json.dumps({"group": group, "message": message}).encode()
        await asyncio.to_thread(self._post, body)

    def _post(self, body: bytes) -> None:
        request = urllib.request.Request(  # noqa: S310 (our own loopback URL)
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", TOKEN_HEADER: self.token},
        )
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
            response.read()


def relay_app(inner: ASGIApp) -> ASGIApp:
    """The socket process's HTTP side: the relay's path, with the run's secret, hands the
    message to the in-memory layer; everything else goes to Django."""
    token = settings.SALON_SOCKET_RELAY_TOKEN

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if not token or scope.get("path") != RELAY_PATH:
            await inner(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(TOKEN_HEADER.encode(), b"")
        if scope.get("method") != "POST" or not hmac.compare_digest(given, token.encode()):
            await _respond(send, 403)
            return
        body = b""
        while True:
            event = await receive()
            body += event.get("body", b"")
            if not event.get("more_body"):
                break
        try:
            data = json.loads(body)
            group, message = str(data["group"]), dict(data["message"])
        except (ValueError, KeyError, TypeError):
            await _respond(send, 400)
            return
        layer = get_channel_layer()
        if layer is not None:
            await layer.group_send(group, message)
        await _respond(send, 204)

    return app


async def _respond(send: Send, status: int) -> None:
    await send({"type": "http.response.start", "status": status, "headers": []})
    await send({"type": "http.response.body", "body": b""})
