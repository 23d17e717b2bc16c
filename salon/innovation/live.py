"""Live boards: every change to a board reaches everyone who has it open, within a second.

The services call ``note_changed``, ``dots_changed``, ``cluster_changed``,
``cluster_removed`` and ``board_changed``; each queues one channel-layer message to the
board's group after commit. ``consumers.BoardConsumer`` holds one socket per open board
page and passes each message on, shaped for its viewer (``for_viewer``): whether a note is
theirs, their own dots, and no author on an anonymous board. The page (``board.js``)
applies a note or cluster only if its ``version`` is newer than the one it shows, so
messages that cross on the way never put back an older state.

The WebSocket protocol (``/ws/boards/<id>/``), server to page, one JSON object a message:

- ``{"kind": "note", "note": {id, text, colour, cluster, position, version, dots, author,
  mine, idea, removed}}`` — a note added, edited, moved, dotted, promoted or removed;
- ``{"kind": "dots", "note": {…}, "mine": n, "left": n}`` — the same, plus (for the person
  who dotted only) their dots on it and their dots left;
- ``{"kind": "cluster", "cluster": {id, name, position, version, idea}}`` and
  ``{"kind": "cluster_removed", "id": n}``;
- ``{"kind": "board", "board": {phase, phase_label, version, timer_ends_at}}`` — a phase
  or timer change (the page reloads for a new phase: its forms change);
- ``{"kind": "presence", "user": id, "name": str, "here": bool}`` — who has it open.

Page to server: nothing but ``{"ping": true}``; every write is an ordinary POST
(the same services, permission checks and audit as without JavaScript).

With the in-memory channel layer this reaches pages of the same process (or of the socket
process, through ``salon.core.socket_relay``); with Redis, every process.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.http import Http404
from django.urls import reverse

from salon.innovation.models import Board, BoardCluster, BoardNote

logger = logging.getLogger(__name__)

MESSAGE_TYPE = "board.change"  # handled by BoardConsumer.board_change
PRESENCE_TYPE = "board.presence"  # handled by BoardConsumer.board_presence


def group_name(board_id: int) -> str:
    return f"innovation.board.{board_id}"


def note_data(note: BoardNote) -> dict[str, Any]:
    """A note as pages and the API show it (``author_id`` is for the consumer only)."""
    author = note.author
    return {
        "id": note.pk,
        "text": note.text,
        "colour": note.colour,
        "cluster": note.cluster_id,
        "position": note.position,
        "version": note.version,
        "dots": note.dot_total,
        "author": author.display_name if author is not None else "",
        "author_id": note.author_id,
        "idea": reverse("innovation:idea", args=[note.idea_id]) if note.idea_id else None,
        "removed": note.removed_at is not None,
    }


def cluster_data(cluster: BoardCluster) -> dict[str, Any]:
    return {
        "id": cluster.pk,
        "name": cluster.name,
        "position": cluster.position,
        "version": cluster.version,
        "idea": reverse("innovation:idea", args=[cluster.idea_id]) if cluster.idea_id else None,
    }


def board_data(board: Board) -> dict[str, Any]:
    return {
        "phase": board.phase,
        "phase_label": board.phase_label,
        "version": board.version,
        "timer_ends_at": board.timer_ends_at.isoformat() if board.timer_ends_at else None,
        "lock_at_timer": board.lock_at_timer,
    }


def for_viewer(
    payload: dict[str, Any], *, viewer_id: int, anonymous: bool, facilitates: bool
) -> dict[str, Any]:
    """The message as one viewer receives it: their own bits only, no author where the
    board is anonymous."""
    shaped = dict(payload)
    note = shaped.get("note")
    if note is not None:
        note = dict(note)
        author_id = note.pop("author_id", None)
        note["mine"] = author_id == viewer_id
        note["editable"] = note["mine"] or facilitates
        if anonymous:
            note["author"] = ""
        shaped["note"] = note
    dotted_by = shaped.pop("user_id", None)
    if shaped.get("kind") == "dots" and dotted_by != viewer_id:
        shaped.pop("mine", None)
        shaped.pop("left", None)
    return shaped


def note_changed(note: BoardNote) -> None:
    _publish(note.board_id, {"kind": "note", "note": note_data(note)})


def dots_changed(note: BoardNote, *, user_id: int, mine: int, left: int) -> None:
    payload = {"kind": "dots", "note": note_data(note), "user_id": user_id}
    _publish(note.board_id, {**payload, "mine": mine, "left": left})


def cluster_changed(cluster: BoardCluster) -> None:
    _publish(cluster.board_id, {"kind": "cluster", "cluster": cluster_data(cluster)})


def cluster_removed(board_id: int, cluster_id: int) -> None:
    _publish(board_id, {"kind": "cluster_removed", "id": cluster_id})


def board_changed(board: Board) -> None:
    _publish(board.pk, {"kind": "board", "board": board_data(board)})


def _publish(board_id: int, payload: dict[str, Any]) -> None:
    transaction.on_commit(partial(broadcast, board_id, payload), robust=True)


def broadcast(board_id: int, payload: dict[str, Any]) -> None:
    """Never raises: the change is saved; a message that does not arrive only means the
    page shows it on its next load (or when its socket reconnects and it reloads)."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            group_name(board_id), {"type": MESSAGE_TYPE, "payload": payload}
        )
    except Exception:
        logger.warning("Could not tell board %s of a change", board_id, exc_info=True)


# What the consumer asks -------------------------------------------------------------------


def viewer_of(user: Any, board_id: int) -> tuple[bool, bool] | None:
    """(anonymous board, viewer facilitates), or None when the viewer may not see it."""
    from salon.communities.roles import forget_memberships
    from salon.core.permissions import can
    from salon.innovation.access import access_board

    forget_memberships(user)  # roles may have changed since the socket opened
    try:
        board = access_board(user, board_id)
    except Http404:
        return None
    return board.anonymous, can(user, "board.facilitate", board)
