"""Reads of brainstorming boards: the boards a viewer may see, and one board with its
clusters, notes and the viewer's dots (a fixed number of queries however many notes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet

from salon.communities.roles import memberships_of
from salon.communities.selectors import circle_visibility
from salon.events.models import Event
from salon.innovation.models import (
    Board,
    BoardChange,
    BoardCluster,
    BoardDot,
    BoardNote,
    BoardParticipant,
    Challenge,
    Hackathon,
)

BRAINSTORM_FORMATS = ("brainstorm", "workshop")
# Boards an event's page links to, at most (a workshop has one or two).
EVENT_BOARDS = 20


def visible_boards(*, user: Any) -> QuerySet[Board]:
    return Board.objects.filter(
        Q(community_id__in=list(memberships_of(user)), circle__isnull=True)
        | circle_visibility(user=user, field="circle")
    )


@dataclass
class EventWorkspaces:
    """What the innovation lab runs at an event: its hackathon, its boards."""

    hackathon: Any = None
    boards: list[Board] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.hackathon is not None or bool(self.boards)


def event_workspaces(*, user: Any, event: Event) -> EventWorkspaces:
    """For the event's page: the boards held at it that the viewer may see (one query), and
    its hackathon (one more, for hackathon-format events only: no other has one). The
    hackathon follows its event's visibility, which the viewer has already passed."""
    boards = list(
        visible_boards(user=user).filter(event=event).order_by("created_at", "pk")[:EVENT_BOARDS]
    )
    hackathon = None
    if event.format.slug == "hackathon":
        hackathon = Hackathon.objects.filter(event=event).only("pk", "event_id").first()
    return EventWorkspaces(hackathon=hackathon, boards=boards)


HISTORY_PAGE = 50


@dataclass
class BoardHistory:
    page: Any  # a Paginator page of BoardChange, newest first, with their actors
    # True when nobody is named: the board's circle runs its forum under the Chatham
    # House rule, so what was said is kept but not who (as for its meeting notes).
    names_hidden: bool


def board_history(*, board: Board, page: str | None) -> BoardHistory:
    """The board's changes, a page at a time (two queries, three for a circle's board)."""
    from salon.circles.selectors.notes import under_chatham_house

    changes = BoardChange.objects.filter(board=board).select_related("actor").order_by("-at", "-pk")
    return BoardHistory(
        page=Paginator(changes, HISTORY_PAGE).get_page(page),
        names_hidden=under_chatham_house(board.circle),
    )


def board_list_for(*, user: Any, community: Any) -> QuerySet[Board]:
    return (
        visible_boards(user=user)
        .filter(community=community)
        .select_related("challenge", "event", "circle")
        .annotate(note_count=Count("notes", filter=Q(notes__removed_at=None)))
        .order_by("-created_at", "-pk")
    )


@dataclass
class Column:
    cluster: BoardCluster | None
    notes: list[BoardNote] = field(default_factory=list)

    @property
    def key(self) -> str:
        return str(self.cluster.pk) if self.cluster else "none"


@dataclass
class BoardPage:
    board: Board
    columns: list[Column]
    clusters: list[BoardCluster]
    notes: int
    dots_left: int
    # The viewer's dots per note id.
    my_dots: dict[int, int]


def board_page(*, user: Any, board: Board) -> BoardPage:
    """Clusters (one query), live notes with their authors (one), the viewer's dots (one)
    and what they spent (one)."""
    clusters = list(BoardCluster.objects.filter(board=board).order_by("position", "pk"))
    notes = list(
        BoardNote.objects.filter(board=board, removed_at=None)
        .select_related("author")
        .order_by("position", "pk")
    )
    by_cluster: dict[int | None, Column] = {None: Column(cluster=None)}
    for cluster in clusters:
        by_cluster[cluster.pk] = Column(cluster=cluster)
    for note in notes:
        note.board = board
        by_cluster.get(note.cluster_id, by_cluster[None]).notes.append(note)
    my_dots = dict(BoardDot.objects.filter(board=board, user=user).values_list("note_id", "count"))
    spent = (
        BoardParticipant.objects.filter(board=board, user=user)
        .values_list("dots_spent", flat=True)
        .first()
        or 0
    )
    return BoardPage(
        board=board,
        columns=[by_cluster[None], *(by_cluster[c.pk] for c in clusters)],
        clusters=clusters,
        notes=len(notes),
        dots_left=board.dot_budget - spent,
        my_dots=my_dots,
    )


def board_export_notes(*, board: Board) -> list[BoardNote]:
    """Every note, removed ones too (marked), for the CSV; clusters come with them."""
    return list(
        BoardNote.objects.filter(board=board)
        .select_related("author", "cluster")
        .order_by("cluster__position", "cluster_id", "position", "pk")
    )


def challenges_for_board(*, user: Any, board: Board) -> list[Challenge]:
    """The challenges a facilitator may put an idea from the board in (its own first)."""
    from salon.innovation.selectors import visible_challenges

    found = [
        c
        for c in visible_challenges(user=user)
        .filter(community_id=board.community_id)
        .order_by("-opens_on", "-pk")
        if c.phase != "closed"
    ]
    found.sort(key=lambda c: c.pk != board.challenge_id)
    return found


def brainstorm_events(*, user: Any, community: Any) -> list[Event]:
    """Workshops and brainstorms a new board may belong to."""
    from salon.events.selectors import visible_events

    return list(
        visible_events(user=user)
        .filter(community=community, format__slug__in=BRAINSTORM_FORMATS)
        .order_by("-starts_at")[:50]
    )


def challenges_for_board_creation(*, user: Any, community: Any) -> list[Challenge]:
    from salon.innovation.selectors import visible_challenges

    return list(
        visible_challenges(user=user).filter(community=community).order_by("-opens_on", "-pk")
    )


def cluster_notes(*, cluster: BoardCluster) -> list[BoardNote]:
    return list(
        BoardNote.objects.filter(cluster=cluster, removed_at=None).order_by("-dot_total", "pk")
    )


def board_state_for(*, user: Any, board: Board) -> dict[str, Any]:
    """The whole board as the viewer's page and the API read it (the shapes of the socket's
    messages, ``live.py``): its phase, clusters, live notes and the viewer's dots."""
    from salon.core.permissions import can
    from salon.innovation import live

    page = board_page(user=user, board=board)
    facilitates = can(user, "board.facilitate", board)
    notes = [
        live.for_viewer(
            {"note": live.note_data(n)},
            viewer_id=user.pk,
            anonymous=board.anonymous,
            facilitates=facilitates,
        )["note"]
        for column in page.columns
        for n in column.notes
    ]
    return {
        "id": board.pk,
        "title": board.title,
        "prompt": board.prompt,
        "anonymous": board.anonymous,
        "dot_budget": board.dot_budget,
        "board": live.board_data(board),
        "clusters": [live.cluster_data(c) for c in page.clusters],
        "notes": notes,
        "my_dots": {str(k): v for k, v in page.my_dots.items()},
        "dots_left": page.dots_left,
    }
