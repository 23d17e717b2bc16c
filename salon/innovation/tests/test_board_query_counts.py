"""A board's page, its state, its exports and the boards list cost the same number of
queries with 50 notes as with ten times as many (built with bulk inserts)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import client_for
from salon.accounts.models import User
from salon.communities.models import Membership, Role
from salon.innovation.models import BoardCluster, BoardDot, BoardNote
from salon.innovation.services.boards import BoardPlan, board_create


@pytest.fixture
def board(director: Any, community: Any, challenge: Any) -> Any:
    return board_create(
        actor=director,
        community=community,
        plan=BoardPlan(title="Launch friction", challenge=challenge),
    )


def _grow(board: Any, member: Any, *, start: int, count: int) -> None:
    """``count`` more notes by as many new people, in five more clusters, each dotted."""
    users = User.objects.bulk_create(
        User(email=f"b{n}@acme.test", name=f"Brainstormer {n:04d}")
        for n in range(start, start + count)
    )
    Membership.objects.bulk_create(
        Membership(community=board.community, user=u, role=Role.MEMBER) for u in users
    )
    clusters = BoardCluster.objects.bulk_create(
        BoardCluster(board=board, name=f"Theme {start + k}", position=start + k) for k in range(5)
    )
    notes = BoardNote.objects.bulk_create(
        BoardNote(
            board=board,
            cluster=clusters[k % 5] if k % 3 else None,
            author=u,
            text=f"Note {start + k}",
            position=start + k,
            dot_total=1,
        )
        for k, u in enumerate(users)
    )
    BoardDot.objects.bulk_create(BoardDot(note=n, board=board, user=member) for n in notes)


@pytest.mark.parametrize(
    ("persona", "path", "at_most"),
    [
        # Session, user, memberships, the bell; the board, its clusters, its notes with
        # their authors, the viewer's dots, what they spent.
        ("member", "/boards/{id}/", 12),
        ("director", "/boards/{id}/", 12),
        ("member", "/boards/{id}/state/", 10),
        ("member", "/api/v1/boards/{id}", 10),
        # The board, then every note with its cluster and author.
        ("member", "/boards/{id}/export.csv", 8),
        ("member", "/boards/{id}/export.svg", 10),
        # The boards of the community, each with its note count, challenge and event.
        ("member", "/c/acme/boards/", 8),
    ],
)
def test_board_pages_stay_flat(
    request: Any,
    board: Any,
    member: Any,
    persona: str,
    path: str,
    at_most: int,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(request.getfixturevalue(persona))
    url = path.format(id=board.pk)
    _grow(board, member, start=0, count=50)
    client.get(url)  # the session's first request also stamps it
    with django_assert_max_num_queries(at_most) as small:
        assert client.get(url).status_code == 200
    _grow(board, member, start=50, count=450)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
        assert response.status_code == 200
    if path.endswith("export.csv"):
        assert response.content.decode().count("\n") == 501
