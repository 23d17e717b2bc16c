"""A live topic page's WebSocket, through the real ASGI application (origin check, session
auth): who may listen, and what each listener receives when someone replies."""

from __future__ import annotations

import re
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.middleware.csrf import _get_new_csrf_string
from django.test import AsyncClient, Client, TestCase

from conftest import client_for
from salon.communities.models import CircleMembership
from salon.discussions.consumers import CLOSE_NO_ACCESS
from salon.discussions.models import Reaction, Topic
from salon.discussions.services.posts import post_edit, post_hide, post_reply

# No transactional test needed: the consumer's database_sync_to_async runs its queries on
# this (the main) thread, which async_to_sync blocks, inside the test's transaction.


@pytest.fixture(autouse=True)
def _in_memory_layer(settings: Any) -> None:
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch: Any) -> None:
    # Channels closes "old" connections around each database_sync_to_async call, as a
    # long-running server should; here that would close the test's own connection.
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)


CSRF_SECRET = _get_new_csrf_string()


def _socket(user: Any | None, topic: Topic | int) -> WebsocketCommunicator:
    from salon.asgi import application

    topic_id = topic if isinstance(topic, int) else topic.pk
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if user is not None:
        session = client_for(user).cookies["sessionid"].value
        cookie = f"sessionid={session}; csrftoken={CSRF_SECRET}"
        headers.append((b"cookie", cookie.encode()))
    return WebsocketCommunicator(application, f"/ws/topics/{topic_id}/", headers=headers)


def _reply(**kwargs: Any) -> Any:
    with TestCase.captureOnCommitCallbacks(execute=True):  # the message goes after commit
        return post_reply(**kwargs)


def _committed(service: Any, **kwargs: Any) -> Any:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return service(**kwargs)


def _connects(user: Any | None, topic: Topic | int) -> bool:
    socket = _socket(user, topic)

    async def scenario() -> bool:
        connected, _ = await socket.connect()
        if connected:
            await socket.disconnect()
        return bool(connected)

    return async_to_sync(scenario)()


def test_a_member_sees_a_new_reply_rendered_for_them(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)
    socket = _socket(member, topic)

    async def scenario() -> Any:
        assert (await socket.connect())[0]
        await database_sync_to_async(_reply)(actor=facilitator, topic=topic, body="Try *this*.")
        message = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return message

    message = async_to_sync(scenario)()

    assert message["event"] == "created"
    assert message["number"] == 2
    assert message["page"] == 1
    assert message["announce"] == "New reply from Fred Facilitator"
    html = message["html"]
    assert 'id="post-2"' in html
    assert "<em>this</em>" in html
    assert "Quote" in html  # the member may reply
    assert "Hide" not in html  # but does not moderate
    assert "Edit" not in html  # and it is not theirs


def test_a_steward_gets_the_buttons_a_reload_would_show_them(
    member: Any, director: Any, start: Any
) -> None:
    topic = start(member)
    socket = _socket(director, topic)

    async def scenario() -> Any:
        assert (await socket.connect())[0]
        await database_sync_to_async(_reply)(actor=member, topic=topic, body="Hello")
        message = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return message

    html = async_to_sync(scenario)()["html"]

    assert "Hide" in html
    assert "Edit" in html
    assert "Delete" in html


def test_the_forms_in_a_live_post_carry_a_token_that_passes_the_csrf_check(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)
    socket = _socket(member, topic)

    async def scenario() -> Any:
        assert (await socket.connect())[0]
        await database_sync_to_async(_reply)(actor=facilitator, topic=topic, body="Agreed?")
        message = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return message

    html = async_to_sync(scenario)()["html"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token is not None
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.cookies["csrftoken"] = CSRF_SECRET
    reply = topic.posts.get(number=2)

    response = client.post(
        f"/p/{reply.pk}/react/", {"emoji": "thumbs_up", "csrfmiddlewaretoken": token[1]}
    )

    assert response.status_code == 302
    assert Reaction.objects.filter(post=reply, user=member).exists()


def test_a_signed_out_visitor_and_an_outsider_are_refused(
    member: Any, outsider: Any, start: Any
) -> None:
    topic = start(member)

    assert not _connects(None, topic)
    assert not _connects(outsider, topic)


def test_a_member_outside_a_private_circle_is_refused_and_hears_nothing_of_it(
    member: Any, director: Any, start: Any, board_category: Any
) -> None:
    board_topic = start(director, category=board_category, title="Succession")
    open_topic = start(director, title="Offsites")

    assert not _connects(member, board_topic)
    assert not _connects(member, 999_999)  # a topic that does not exist: the same refusal

    socket = _socket(member, open_topic)

    async def scenario() -> None:
        assert (await socket.connect())[0]
        await database_sync_to_async(_reply)(actor=director, topic=board_topic, body="Names")
        assert await socket.receive_nothing(timeout=0.3)
        await socket.disconnect()

    async_to_sync(scenario)()


def test_someone_removed_from_the_circle_gets_nothing_more_and_is_disconnected(
    member: Any, director: Any, start: Any, board_category: Any, private_circle: Any
) -> None:
    CircleMembership.objects.create(circle=private_circle, user=member)
    topic = start(director, category=board_category, title="Succession")
    socket = _socket(member, topic)

    async def scenario() -> Any:
        assert (await socket.connect())[0]
        await database_sync_to_async(
            CircleMembership.objects.filter(circle=private_circle, user=member).delete
        )()
        await database_sync_to_async(_reply)(actor=director, topic=topic, body="Names")
        return await socket.receive_output(timeout=5)

    output = async_to_sync(scenario)()

    assert output == {"type": "websocket.close", "code": CLOSE_NO_ACCESS}


def test_a_reconnecting_page_catches_up_on_what_it_missed(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)
    for n in range(3):
        _reply(actor=facilitator, topic=topic, body=f"While you were away {n}")
    socket = _socket(member, topic)

    async def scenario() -> list[Any]:
        assert (await socket.connect())[0]
        await socket.send_json_to({"after": 2})
        received = [await socket.receive_json_from(timeout=5) for _ in range(2)]
        await socket.send_json_to({"after": 0})  # once per connection
        assert await socket.receive_nothing(timeout=0.3)
        await socket.disconnect()
        return received

    received = async_to_sync(scenario)()

    assert [m["number"] for m in received] == [3, 4]
    assert "While you were away 2" in received[1]["html"]


def test_an_edit_and_a_hide_change_the_post_in_place(
    member: Any, director: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)
    reply = _reply(actor=member, topic=topic, body="First thoughts")
    socket = _socket(member, topic)

    async def scenario() -> list[Any]:
        assert (await socket.connect())[0]
        await database_sync_to_async(_committed)(
            post_edit, actor=member, post=reply, body="Second thoughts"
        )
        edited = await socket.receive_json_from(timeout=5)
        await database_sync_to_async(_committed)(post_hide, actor=director, post=reply)
        hidden = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return [edited, hidden]

    edited, hidden = async_to_sync(scenario)()

    assert edited["event"] == "changed"
    assert edited["announce"] == ""
    assert "Second thoughts" in edited["html"]
    assert "Second thoughts" not in hidden["html"]
    assert "hidden by a facilitator" in hidden["html"]


def test_only_a_page_served_over_asgi_opens_the_socket(member: Any, start: Any) -> None:
    topic = start(member)
    wsgi = client_for(member).get(topic.get_absolute_url()).content.decode()
    client = AsyncClient()
    client.force_login(member)

    asgi = async_to_sync(client.get)(topic.get_absolute_url()).content.decode()

    assert "data-socket" not in wsgi
    assert "discussions/live.js" not in wsgi
    assert f'data-socket="/ws/topics/{topic.pk}/"' in asgi
    assert "discussions/live.js" in asgi
