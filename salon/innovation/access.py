"""The only doors to challenges, ideas and boards: 404 for what a user may not see."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from salon.core.permissions import can, require
from salon.innovation.models import (
    Board,
    BoardCluster,
    BoardNote,
    Challenge,
    Hackathon,
    Idea,
    Judge,
    Submission,
    Team,
)


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


def access_hackathon(user: Any, hackathon_id: int, action: str = "hackathon.view") -> Hackathon:
    hackathon = (
        Hackathon.objects.select_related(
            "event__community",
            "event__circle__community",
            "event__format",
            "community",
            "challenge",
        )
        .filter(pk=hackathon_id)
        .first()
    )
    if hackathon is None or not can(user, "hackathon.view", hackathon):
        raise Http404
    if action != "hackathon.view":
        require(user, action, hackathon)
    return hackathon


def access_team(user: Any, team_id: int, action: str = "hackathon.view") -> Team:
    """A team of a hackathon the user sees; ``action`` is checked on the team, or on its
    hackathon for ``hackathon.view``."""
    team = (
        Team.objects.select_related(
            "hackathon__event__community",
            "hackathon__event__circle__community",
            "hackathon__community",
            "hackathon__challenge",
            "idea",
            "captain",
        )
        .filter(pk=team_id)
        .first()
    )
    if team is None or not can(user, "hackathon.view", team.hackathon):
        raise Http404
    if action != "hackathon.view":
        require(user, action, team)
    return team


def access_submission(user: Any, team: Team, *, required: bool = False) -> Submission | None:
    """The team's submission (the team came through ``access_team``), or None; 404 when
    ``required`` and there is none yet."""
    found = Submission.objects.filter(team=team).first()
    if found is not None:
        found.team = team
    elif required:
        raise Http404
    return found


def access_judge(user: Any, judge_id: int) -> Judge:
    judge = Judge.objects.select_related("hackathon__event", "user").filter(pk=judge_id).first()
    if judge is None or not can(user, "hackathon.view", judge.hackathon):
        raise Http404
    require(user, "hackathon.manage", judge.hackathon)
    return judge
