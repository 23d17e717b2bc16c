"""The only doors to challenges, ideas and boards: 404 for what a user may not see."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from salon.core.permissions import can, require
from salon.innovation.models import Board, BoardCluster, BoardNote, Challenge, Idea


def access_challenge(user: Any, challenge_id: int, action: str = "challenge.view") -> Challenge:
    challenge = (
        Challenge.objects.select_related("community", "circle__community", "sponsor", "category")
        .filter(pk=challenge_id)
        .first()
    )
    if challenge is None or not can(user, "challenge.view", challenge):
        raise Http404
    if action != "challenge.view":
        require(user, action, challenge)
    return challenge


def access_idea(user: Any, idea_id: int, action: str = "idea.view") -> Idea:
    idea = (
        Idea.objects.select_related(
            "challenge__community",
            "challenge__sponsor",
            "community",
            "circle__community",
            "stage",
            "topic",
        )
        .filter(pk=idea_id)
        .first()
    )
    if idea is None or not can(user, "idea.view", idea):
        raise Http404
    if action != "idea.view":
        require(user, action, idea)
    return idea


def access_board(user: Any, board_id: int, action: str = "board.view") -> Board:
    board = (
        Board.objects.select_related("community", "circle__community", "challenge", "event")
        .filter(pk=board_id)
        .first()
    )
    if board is None or not can(user, "board.view", board):
        raise Http404
    if action != "board.view":
        require(user, action, board)
    return board


def access_note(user: Any, note_id: int, action: str = "board.view") -> BoardNote:
    """A note on a board the user sees; ``action`` is checked on the note for its own
    actions (``board.note.edit``), on its board for the others."""
    note = (
        BoardNote.objects.select_related("board__community", "board__circle", "author")
        .filter(pk=note_id, removed_at=None)
        .first()
    )
    if note is None or not can(user, "board.view", note.board):
        raise Http404
    if action.startswith("board.note."):
        require(user, action, note)
    elif action != "board.view":
        require(user, action, note.board)
    return note


def access_cluster(user: Any, cluster_id: int, action: str = "board.view") -> BoardCluster:
    cluster = (
        BoardCluster.objects.select_related("board__community", "board__circle")
        .filter(pk=cluster_id)
        .first()
    )
    if cluster is None or not can(user, "board.view", cluster.board):
        raise Http404
    if action != "board.view":
        require(user, action, cluster.board)
    return cluster
