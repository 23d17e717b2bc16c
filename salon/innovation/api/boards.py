"""The API of brainstorming boards: one board as its page reads it. Changes go through the
pages' forms and arrive over the board's WebSocket (the protocol: ``innovation/live.py``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema

from salon.api.schemas import ErrorOut
from salon.innovation.access import access_board
from salon.innovation.api import router
from salon.innovation.selectors import boards as selectors


class BoardPhaseOut(Schema):
    phase: str = Field(..., description="open (writing notes), voting (dots) or locked.")
    phase_label: str
    version: int
    timer_ends_at: str | None
    lock_at_timer: bool


class ClusterOut(Schema):
    id: int
    name: str
    position: float
    version: int
    idea: str | None = Field(..., description="The idea it became, if any.")


class NoteOut(Schema):
    id: int
    text: str
    colour: str
    cluster: int | None
    position: float
    version: int = Field(..., description="Raised by every change; the newest wins.")
    dots: int
    author: str = Field(..., description="Empty on an anonymous board.")
    mine: bool
    editable: bool
    idea: str | None
    removed: bool


class BoardOut(Schema):
    id: int
    title: str
    prompt: str
    anonymous: bool
    dot_budget: int
    board: BoardPhaseOut
    clusters: list[ClusterOut]
    notes: list[NoteOut]
    my_dots: dict[str, int] = Field(..., description="Your dots per note id.")
    dots_left: int


@router.get(
    "/boards/{board_id}",
    response={200: BoardOut, 404: ErrorOut},
    summary="A brainstorming board: its phase, clusters, notes and your dots",
    description=(
        "Live changes arrive over the WebSocket `/ws/boards/{board_id}/` (signed-in "
        "session): one JSON message per change — `note`, `dots`, `cluster`, "
        "`cluster_removed`, `board` (phase or timer) and `presence`, in the shapes above."
    ),
)
def board_detail(request: HttpRequest, board_id: int) -> Any:
    board = access_board(request.user, board_id)
    return selectors.board_state_for(user=request.user, board=board)
