"""A board's history: who added, moved, grouped and removed what, and when, newest first;
nobody named for their own notes on an anonymous board, nobody at all when the board's
circle keeps the Chatham House rule; the page costs the same however long the history."""

from __future__ import annotations

from typing import Any

from conftest import client_for
from salon.discussions.models import Category
from salon.innovation.models import BoardChange
from salon.innovation.services.boards import (
    BoardPlan,
    board_create,
    board_set_phase,
    cluster_add,
    cluster_rename,
    note_add,
    note_move,
    note_remove,
)


def _board(director: Any, community: Any, **kw: Any) -> Any:
    return board_create(
        actor=director, community=community, plan=BoardPlan(title="Launch friction", **kw)
    )


def test_the_history_says_who_added_moved_and_grouped_what_newest_first(
    director: Any, community: Any, member: Any, facilitator: Any
) -> None:
    board = _board(director, community)
    note = note_add(actor=member, board=board, text="Fewer forms at sign-up")
    cluster = cluster_add(actor=facilitator, board=board, name="Onboarding")
    note_move(actor=facilitator, note=note, cluster_id=cluster.pk)
    cluster_rename(actor=facilitator, cluster=cluster, name="First week")
    note_remove(actor=member, note=note)
    board_set_phase(actor=director, board=board, status="voting")

    page = client_for(member).get(f"/boards/{board.pk}/history/").content.decode()

    lines = [
        "Maya Member</strong> added a note: “Fewer forms at sign-up”",
        "Fred Facilitator</strong> added a cluster: “Onboarding”",
        "Fred Facilitator</strong> moved a note: “Fewer forms at sign-up” into “Onboarding”",
        "Fred Facilitator</strong> renamed a cluster: “Onboarding” → “First week”",
        "Maya Member</strong> removed a note: “Fewer forms at sign-up”",
        "Diana Director</strong> changed the phase: dot voting",
    ]
    positions = [page.find(line) for line in lines]
    assert -1 not in positions, [line for line, p in zip(lines, positions, strict=True) if p < 0]
    assert positions == sorted(positions, reverse=True)  # newest first
    assert (
        f'href="/boards/{board.pk}/history/"'
        in client_for(member).get(board.get_absolute_url()).content.decode()
    )


def test_an_anonymous_board_names_nobody_for_their_own_notes(
    director: Any, community: Any, member: Any, facilitator: Any
) -> None:
    board = _board(director, community, anonymous=True)
    note = note_add(actor=member, board=board, text="Kill the fax")
    cluster = cluster_add(actor=facilitator, board=board, name="Legacy")
    note_move(actor=facilitator, note=note, cluster_id=cluster.pk)

    page = client_for(director).get(f"/boards/{board.pk}/history/").content.decode()

    assert "Someone</strong> added a note: “Kill the fax”" in page
    assert "Fred Facilitator</strong> moved a note" in page
    assert "Maya Member" not in page
    added = BoardChange.objects.get(kind="note_added")
    assert added.actor is None  # not kept, not only hidden


def test_a_chatham_house_circle_keeps_the_history_without_names(
    director: Any, community: Any, member: Any, circle: Any
) -> None:
    Category.objects.create(
        community=community, circle=circle, name="Talk", slug="talk", chatham_house=True
    )
    board = _board(director, community, circle=circle)
    note_add(actor=member, board=board, text="Share the pipeline weekly")

    page = client_for(director).get(f"/boards/{board.pk}/history/").content.decode()

    assert "Chatham House rule" in page
    assert "Someone</strong> added a note: “Share the pipeline weekly”" in page
    assert "Maya Member" not in page


def test_the_history_page_costs_the_same_with_ten_or_a_hundred_changes(
    director: Any, community: Any, member: Any, django_assert_max_num_queries: Any
) -> None:
    board = _board(director, community)
    for n in range(10):
        note_add(actor=member, board=board, text=f"Note {n}")
    client = client_for(member)
    url = f"/boards/{board.pk}/history/"
    client.get(url)
    # (session, user, memberships, the bell, the board, the changes' count and page)
    with django_assert_max_num_queries(9) as first:
        client.get(url)
    for n in range(10, 100):
        note_add(actor=member, board=board, text=f"Note {n}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(url).content.decode()
    assert "Page 1 of 2" in page
    assert "Note 99" in page
