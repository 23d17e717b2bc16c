"""A conversation's WebSocket through the real ASGI application: its people receive each
new message rendered for them; anyone else is refused as if it did not exist."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import TestCase

from conftest import client_for
from salon.network.models import Participant
from salon.network.services.conversations import conversation_start, message_send


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch: Any) -> None:
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)


def _socket(user: Any | None, conversation_id: int) -> WebsocketCommunicator:
    from salon.asgi import application

    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if user is not None:
        session = client_for(user).cookies["sessionid"].value
        headers.append((b"cookie", f"sessionid={session}".encode()))
    return WebsocketCommunicator(
        application, f"/ws/conversations/{conversation_id}/", headers=headers
    )


def _send(**kwargs: Any) -> Any:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return message_send(**kwargs)


def _connects(user: Any | None, conversation_id: int) -> bool:
    socket = _socket(user, conversation_id)

    async def scenario() -> bool:
        connected, _ = await socket.connect()
        if connected:
            await socket.disconnect()
        return bool(connected)

    return async_to_sync(scenario)()


def test_the_other_person_receives_a_new_message_live_and_it_counts_as_read(
    member: Any, director: Any
) -> None:
    conversation = conversation_start(actor=member, others=[director], body="First")
    socket = _socket(director, conversation.pk)

    async def scenario() -> Any:
        assert (await socket.connect())[0]
        await database_sync_to_async(_send)(
            actor=member, conversation=conversation, body="Live **now**"
        )
        message = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return message

    message = async_to_sync(scenario)()

    assert "<strong>now</strong>" in message["html"]
    assert message["announce"] == "New message from Maya Member"
    seat = Participant.objects.get(conversation=conversation, user=director)
    assert seat.read_up_to == message["id"]


def test_a_reconnecting_page_catches_up_on_what_it_missed(member: Any, director: Any) -> None:
    conversation = conversation_start(actor=member, others=[director], body="One")
    message_send(actor=member, conversation=conversation, body="Two")
    socket = _socket(director, conversation.pk)

    async def scenario() -> list[Any]:
        assert (await socket.connect())[0]
        await socket.send_json_to({"after": 0})
        got = [await socket.receive_json_from(timeout=5) for _ in range(2)]
        await socket.disconnect()
        return got

    got = async_to_sync(scenario)()
    assert ["One" in got[0]["html"], "Two" in got[1]["html"]] == [True, True]


def test_nobody_else_may_listen(
    member: Any, director: Any, facilitator: Any, outsider: Any
) -> None:
    conversation = conversation_start(actor=member, others=[director], body="Private")

    assert _connects(member, conversation.pk)
    assert not _connects(facilitator, conversation.pk)
    assert not _connects(outsider, conversation.pk)
    assert not _connects(None, conversation.pk)
    assert not _connects(member, 999_999)
