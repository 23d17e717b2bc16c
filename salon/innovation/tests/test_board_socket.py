"""A live board's WebSocket, through the real ASGI application (origin check, session auth):
who may listen, what each listener receives, and who is shown as present."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import TestCase

from conftest import client_for
from salon.innovation.services.boards import (
    BoardPlan,
    board_create,
    board_set_phase,
    note_add,
    note_dot,
)


@pytest.fixture(autouse=True)
def _in_memory_layer(settings: Any) -> None:
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch: Any) -> None:
    # Channels closes "old" connections around each database_sync_to_async call; here that
    # would close the test's own connection.
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)


def _socket(user: Any | None, board_id: int) -> WebsocketCommunicator:
    from salon.asgi import application

    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if user is not None:
        session = client_for(user).cookies["sessionid"].value
        headers.append((b"cookie", f"sessionid={session}".encode()))
    return WebsocketCommunicator(application, f"/ws/boards/{board_id}/", headers=headers)


def _committed(service: Any, **kwargs: Any) -> Any:
    with TestCase.captureOnCommitCallbacks(execute=True):  # the message goes after commit
        return service(**kwargs)


def _board(director: Any, community: Any, **plan: Any) -> Any:
    return board_create(
        actor=director, community=community, plan=BoardPlan(title="Launch friction", **plan)
    )


def _connects(user: Any | None, board_id: int) -> bool:
    socket = _socket(user, board_id)

    async def scenario() -> bool:
        connected, _ = await socket.connect(timeout=10)
        if connected:
            await socket.disconnect()
        return bool(connected)

    return async_to_sync(scenario)()


@pytest.mark.parametrize(
    ("persona", "connects"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("guest", True),
        ("member", True),
        ("facilitator", True),
        ("director", True),
    ],
)
def test_who_may_open_a_boards_socket(
    request: Any, director: Any, community: Any, persona: str, connects: bool
) -> None:
    board = _board(director, community)
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    assert _connects(user, board.pk) is connects


def test_a_board_of_a_private_circle_refuses_a_member_outside_it(
    director: Any, community: Any, private_circle: Any, member: Any
) -> None:
    board = _board(director, community, circle=private_circle)
    assert not _connects(member, board.pk)
    assert _connects(director, board.pk)
    assert not _connects(director, 999_999)


def test_a_new_note_reaches_another_viewer_shaped_for_them(
    director: Any, community: Any, member: Any, facilitator: Any
) -> None:
    board = _board(director, community)
    socket = _socket(facilitator, board.pk)

    async def scenario() -> Any:
        assert (await socket.connect(timeout=10))[0]
        await database_sync_to_async(_committed)(
            note_add, actor=member, board=board, text="Legal review takes weeks"
        )
        message = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return message

    message = async_to_sync(scenario)()

    assert message["kind"] == "note"
    note = message["note"]
    assert note["text"] == "Legal review takes weeks"
    assert note["author"] == "Maya Member"
    assert note["mine"] is False
    assert note["editable"] is True
    assert "author_id" not in note


def test_an_anonymous_boards_messages_name_nobody(
    director: Any, community: Any, member: Any
) -> None:
    board = _board(director, community, anonymous=True)
    socket = _socket(director, board.pk)

    async def scenario() -> Any:
        assert (await socket.connect(timeout=10))[0]
        await database_sync_to_async(_committed)(
            note_add, actor=member, board=board, text="We avoid conflict"
        )
        message = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return message

    assert async_to_sync(scenario)()["note"]["author"] == ""


def test_only_the_person_who_dotted_hears_their_dots_left(
    director: Any, community: Any, member: Any, facilitator: Any
) -> None:
    board = _board(director, community)
    note = note_add(actor=director, board=board, text="Templates")
    board_set_phase(actor=director, board=board, status="voting")
    mine, theirs = _socket(member, board.pk), _socket(facilitator, board.pk)

    async def scenario() -> tuple[Any, Any]:
        assert (await mine.connect(timeout=10))[0]
        assert (await theirs.connect(timeout=10))[0]
        await theirs.receive_json_from(timeout=5)  # the member arrived after them
        await database_sync_to_async(_committed)(note_dot, actor=member, note=note, change=1)
        got = await mine.receive_json_from(timeout=5)
        while got["kind"] == "presence":
            got = await mine.receive_json_from(timeout=5)
        seen = await theirs.receive_json_from(timeout=5)
        await mine.disconnect()
        await theirs.disconnect()
        return got, seen

    got, seen = async_to_sync(scenario)()

    assert (got["kind"], got["mine"], got["left"], got["note"]["dots"]) == ("dots", 1, 4, 1)
    assert seen["kind"] == "dots"
    assert seen["note"]["dots"] == 1
    assert "mine" not in seen
    assert "left" not in seen


def test_viewers_see_who_else_is_on_the_board(director: Any, community: Any, member: Any) -> None:
    board = _board(director, community)
    first, second = _socket(director, board.pk), _socket(member, board.pk)

    async def scenario() -> tuple[Any, Any, Any]:
        assert (await first.connect(timeout=10))[0]
        assert (await second.connect(timeout=10))[0]
        arrived = await first.receive_json_from(timeout=5)
        already = await second.receive_json_from(timeout=5)
        await second.disconnect()
        left = await first.receive_json_from(timeout=5)
        await first.disconnect()
        return arrived, already, left

    arrived, already, left = async_to_sync(scenario)()

    assert (arrived["name"], arrived["here"]) == ("Maya Member", True)
    assert (already["name"], already["here"]) == ("Diana Director", True)
    assert (left["name"], left["here"]) == ("Maya Member", False)


def test_an_outsider_never_receives_a_boards_messages(
    director: Any, community: Any, member: Any, outsider: Any
) -> None:
    board = _board(director, community)
    socket = _socket(outsider, board.pk)

    async def scenario() -> bool:
        connected, _ = await socket.connect(timeout=10)
        await database_sync_to_async(_committed)(
            note_add, actor=member, board=board, text="Secret plan"
        )
        nothing = await socket.receive_nothing(timeout=0.3)
        return bool(connected) or not nothing

    assert async_to_sync(scenario)() is False
