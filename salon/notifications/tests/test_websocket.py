"""The bell's WebSocket, through the real ASGI application (origin check, session auth)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.core.cache import cache
from django.test import TestCase

from conftest import client_for
from salon.notifications import realtime
from salon.notifications.services import notifications_mark_all_read, notify
from salon.notifications.tests.conftest import TEST_KIND

# No transactional test needed: the consumer's database_sync_to_async runs its queries on
# this (the main) thread, which async_to_sync blocks, inside the test's transaction.


def _notify(*args: Any, **kwargs: Any) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):  # the push happens after commit
        notify(*args, **kwargs)


def _mark_all_read(user: Any) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        notifications_mark_all_read(user=user)


@pytest.fixture(autouse=True)
def _in_memory_layer(settings: Any) -> None:
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch: Any) -> None:
    # Channels closes "old" connections around each database_sync_to_async call, as a
    # long-running server should; here that would close the test's own connection, which
    # is inside the test's transaction (so not in autocommit) and so looks unusable.
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)


def _socket(user: Any | None) -> WebsocketCommunicator:
    from salon.asgi import application

    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if user is not None:
        session = client_for(user).cookies["sessionid"].value
        headers.append((b"cookie", f"sessionid={session}".encode()))
    return WebsocketCommunicator(application, "/ws/notifications/", headers=headers)


def test_the_socket_sends_the_count_and_pushes_each_new_one(
    director: Any, member: Any, community: Any
) -> None:
    socket = _socket(member)

    async def scenario() -> None:
        connected, _ = await socket.connect()
        assert connected
        assert await socket.receive_json_from() == {
            "unread": 0,
            "label": "Notifications, none unread",
        }

        await database_sync_to_async(_notify)([member], TEST_KIND, community, director)
        assert await socket.receive_json_from(timeout=5) == {
            "unread": 1,
            "label": "Notifications, 1 unread",
        }

        await database_sync_to_async(_mark_all_read)(member)
        assert (await socket.receive_json_from(timeout=5))["unread"] == 0
        await socket.disconnect()

    async_to_sync(scenario)()


def test_someone_elses_news_is_not_pushed_to_me(
    director: Any, member: Any, facilitator: Any, community: Any
) -> None:
    socket = _socket(facilitator)

    async def scenario() -> None:
        assert (await socket.connect())[0]
        await socket.receive_json_from()

        await database_sync_to_async(_notify)([member], TEST_KIND, community, director)

        assert await socket.receive_nothing(timeout=0.5)
        await socket.disconnect()

    async_to_sync(scenario)()


def test_a_signed_out_visitor_is_refused() -> None:
    socket = _socket(None)

    async def scenario() -> None:
        connected, _ = await socket.connect()
        assert not connected

    async_to_sync(scenario)()


def test_another_site_cannot_open_the_socket(member: Any) -> None:
    from salon.asgi import application

    session = client_for(member).cookies["sessionid"].value
    socket = WebsocketCommunicator(
        application,
        "/ws/notifications/",
        headers=[
            (b"origin", b"https://evil.example"),
            (b"cookie", f"sessionid={session}".encode()),
        ],
    )

    async def scenario() -> None:
        connected, _ = await socket.connect()
        assert not connected

    async_to_sync(scenario)()


def test_only_members_with_an_open_page_are_pushed_to(
    director: Any, member: Any, community: Any
) -> None:
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(realtime.group_name(member.pk), channel)

    async def next_message() -> Any:
        try:
            return await asyncio.wait_for(layer.receive(channel), timeout=0.5)
        except TimeoutError:
            return None

    cache.delete(realtime.online_key(member.pk))
    _notify([member], TEST_KIND, community, director, key="while-away")
    assert async_to_sync(next_message)() is None  # nobody to tell: no send at all

    async_to_sync(realtime.mark_online)(member.pk)  # what a page's connect and ping do
    _notify([member], TEST_KIND, community, director, key="while-here")
    assert async_to_sync(next_message)()["unread"] == 2


def _socket_of(client: Any) -> WebsocketCommunicator:
    from salon.asgi import application

    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    return WebsocketCommunicator(application, "/ws/notifications/", headers=headers)


def test_signing_out_closes_the_bell_s_socket(member: Any) -> None:
    client = client_for(member)
    socket = _socket_of(client)

    async def scenario() -> Any:
        assert (await socket.connect())[0]
        await socket.receive_json_from()  # the count on connect
        await database_sync_to_async(client.post)("/accounts/logout/")
        return await socket.receive_output(timeout=5)

    assert async_to_sync(scenario)() == {"type": "websocket.close", "code": 1000}


def test_a_session_that_ended_hears_no_more_news(
    director: Any, member: Any, community: Any
) -> None:
    from importlib import import_module

    from django.conf import settings

    client = client_for(member)
    key = client.cookies["sessionid"].value
    socket = _socket_of(client)

    async def scenario() -> Any:
        assert (await socket.connect())[0]
        await socket.receive_json_from()
        store = import_module(settings.SESSION_ENGINE).SessionStore(key)
        await database_sync_to_async(store.delete)(key)  # expired, or ended elsewhere
        await database_sync_to_async(_notify)([member], TEST_KIND, community, director)
        return await socket.receive_output(timeout=5)

    assert async_to_sync(scenario)() == {"type": "websocket.close", "code": 4401}


def test_deactivation_closes_the_bell_s_socket(member: Any) -> None:
    socket = _socket_of(client_for(member))

    def deactivate() -> None:
        member.is_active = False
        with TestCase.captureOnCommitCallbacks(execute=True):
            member.save()

    async def scenario() -> Any:
        assert (await socket.connect())[0]
        await socket.receive_json_from()
        await database_sync_to_async(deactivate)()
        return await socket.receive_output(timeout=5)

    assert async_to_sync(scenario)() == {"type": "websocket.close", "code": 1000}
