"""Board rules: a board follows its community and circle. Guests watch; participants
write notes while it is open, arrange them until it locks and spend dots while voting;
stewards and the board's creator facilitate (phases, timer, turning notes into ideas)."""

from __future__ import annotations

from typing import Any

from salon.communities.models import PARTICIPANT_ROLES, STEWARD_ROLES
from salon.communities.roles import membership_of
from salon.core.permissions import can, rule


def _role(user: Any, community_id: int) -> str | None:
    membership = membership_of(user, community_id)
    return membership.role if membership else None


@rule("board.list")
def can_list_boards(user: Any, community: Any) -> bool:
    return _role(user, community.pk) is not None


@rule("board.create")
def can_create_board(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in STEWARD_ROLES


@rule("board.view")
def can_view_board(user: Any, board: Any) -> bool:
    return _role(user, board.community_id) is not None and (
        board.circle_id is None or can(user, "circle.view", board.circle)
    )


def _takes_part(user: Any, board: Any) -> bool:
    return _role(user, board.community_id) in PARTICIPANT_ROLES and can_view_board(user, board)


@rule("board.write")
def can_write_note(user: Any, board: Any) -> bool:
    return board.phase == "open" and _takes_part(user, board)


@rule("board.arrange")
def can_arrange(user: Any, board: Any) -> bool:
    """Move notes and name clusters, until the board locks."""
    return not board.is_locked and _takes_part(user, board)


@rule("board.dot")
def can_dot(user: Any, board: Any) -> bool:
    return board.phase == "voting" and _takes_part(user, board)


@rule("board.facilitate")
def can_facilitate(user: Any, board: Any) -> bool:
    return can_view_board(user, board) and (
        _role(user, board.community_id) in STEWARD_ROLES or board.created_by_id == user.pk
    )


@rule("board.note.edit")
def can_edit_note(user: Any, note: Any) -> bool:
    board = note.board
    return (
        not board.is_locked
        and _takes_part(user, board)
        and (note.author_id == user.pk or can_facilitate(user, board))
    )
