"""A live topic page's socket ends with the session that opened it and with the viewer's
access: sign-out, a session that expired or was ended elsewhere, removal from the
community and deactivation all close it, and nothing more is sent."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.test import Client, TestCase

from conftest import PASSWORD, client_for
from salon.communities.models import Membership
from salon.communities.services import membership_remove
from salon.discussions.consumers import CLOSE_NO_ACCESS
from salon.discussions.models import Topic
from salon.discussions.services.posts import post_reply

SIGNED_OUT = {"type": "websocket.close", "code": 1000}
SESSION_GONE = {"type": "websocket.close", "code": 4401}


@pytest.fixture(autouse=True)
def _in_memory_layer(settings: Any) -> None:
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch: Any) -> None:
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)


def _socket(client: Client, topic: Topic) -> WebsocketCommunicator:
    from salon.asgi import application

    cookie = f"sessionid={client.cookies['sessionid'].value}"
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    headers.append((b"cookie", cookie.encode()))
    return WebsocketCommunicator(application, f"/ws/topics/{topic.pk}/", headers=headers)


def _reply(**kwargs: Any) -> Any:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return post_reply(**kwargs)


def _committed(work: Any, *args: Any, **kwargs: Any) -> Any:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return work(*args, **kwargs)


def _after(client: Client, topic: Topic, change: Any, replier: Any) -> list[Any]:
    """Open the page's socket, make the change, have ``replier`` reply: what the socket
    received, in order, until it closed or went quiet."""
    socket = _socket(client, topic)

    async def scenario() -> list[Any]:
        assert (await socket.connect())[0]
        await database_sync_to_async(change)()
        await database_sync_to_async(_reply)(actor=replier, topic=topic, body="After")
        # Something always comes (the reply, or the close); then anything else that does.
        received = [await socket.receive_output(timeout=10)]
        while received[-1]["type"] != "websocket.close":
            if await socket.receive_nothing(timeout=1):
                break
            received.append(await socket.receive_output())
        await socket.disconnect()
        return received

    return async_to_sync(scenario)()


def test_signing_out_closes_the_page_s_socket_and_no_post_reaches_it(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)
    client = client_for(member)

    received = _after(client, topic, lambda: client.post("/accounts/logout/"), facilitator)

    assert received == [SIGNED_OUT]


def test_signing_out_on_another_device_leaves_this_page_live(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)
    laptop, phone = client_for(member), client_for(member)

    received = _after(laptop, topic, lambda: phone.post("/accounts/logout/"), facilitator)

    assert len(received) == 1
    assert received[0]["type"] == "websocket.send"
    assert '"number": 2' in received[0]["text"]


def test_a_session_that_expired_gets_nothing_more(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)
    client = client_for(member)
    key = client.cookies["sessionid"].value
    store = import_module(django_settings.SESSION_ENGINE).SessionStore

    received = _after(client, topic, lambda: store(key).delete(key), facilitator)

    assert received == [SESSION_GONE]


def test_a_session_ended_from_another_device_closes_the_socket(
    member: Any, facilitator: Any, start: Any
) -> None:
    from allauth.usersessions.models import UserSession

    topic = start(facilitator)
    laptop = Client()
    laptop.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    laptop.get("/home/")  # allauth records the session on a request
    session = UserSession.objects.get(user=member)

    received = _after(laptop, topic, lambda: _committed(session.end), facilitator)

    assert received == [SIGNED_OUT]


def test_removal_from_the_community_closes_the_socket_at_once(
    member: Any, director: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)
    membership = Membership.objects.get(user=member, community=topic.community)
    socket = _socket(client_for(member), topic)

    async def scenario() -> Any:
        assert (await socket.connect())[0]
        await database_sync_to_async(_committed)(
            membership_remove, actor=director, membership=membership
        )
        # Closed without waiting for the next post.
        return await socket.receive_output(timeout=5)

    assert async_to_sync(scenario)() == {"type": "websocket.close", "code": CLOSE_NO_ACCESS}


def test_a_member_who_stays_is_not_disconnected_when_someone_else_is_removed(
    member: Any, guest: Any, director: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)
    membership = Membership.objects.get(user=guest, community=topic.community)

    received = _after(
        client_for(member),
        topic,
        lambda: _committed(membership_remove, actor=director, membership=membership),
        facilitator,
    )

    assert [r["type"] for r in received] == ["websocket.send"]


def test_deactivation_closes_the_socket(member: Any, facilitator: Any, start: Any) -> None:
    topic = start(facilitator)

    def deactivate() -> None:
        member.is_active = False
        _committed(member.save)

    received = _after(client_for(member), topic, deactivate, facilitator)

    assert received == [SIGNED_OUT]


def test_a_password_changed_on_another_device_closes_this_one(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)
    laptop, phone = client_for(member), client_for(member)
    phone.post("/accounts/reauthenticate/", {"password": PASSWORD})
    new = "a brand new passphrase 42"

    received = _after(
        laptop,
        topic,
        lambda: phone.post(
            "/accounts/password/change/",
            {"oldpassword": PASSWORD, "password1": new, "password2": new},
        ),
        facilitator,
    )

    assert received == [SESSION_GONE]
