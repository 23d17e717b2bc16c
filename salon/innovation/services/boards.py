"""Writes to brainstorming boards: opening one, notes (add, edit, move, remove), clusters,
dots, the facilitator's phases and timer, and turning a note or a cluster into an idea.

Each write tells the board's open pages after commit (``salon.innovation.live``). Moves
and edits are one UPDATE that also raises the row's ``version``, so concurrent writers
never lose each other's fields and the pages keep the newest state; dots lock the
person's budget row first, as votes do, so no budget is ever exceeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salon.core.audit import audit
from salon.core.permissions import can, require
from salon.innovation import live
from salon.innovation.models import (
    Board,
    BoardChange,
    BoardChangeKind,
    BoardCluster,
    BoardDot,
    BoardNote,
    BoardParticipant,
    BoardStatus,
    Challenge,
    Idea,
    NoteColour,
)
from salon.innovation.services.ideas import IdeaText, idea_create

MAX_NOTE = 500
MAX_CLUSTER_NAME = 80
MAX_TIMER_MINUTES = 240


@dataclass(frozen=True)
class BoardPlan:
    title: str
    prompt: str = ""
    challenge: Challenge | None = None
    event: Any = None
    circle: Any = None
    anonymous: bool = False
    dot_budget: int = 5


def _note_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write something on the note."), code="text")
    if len(text) > MAX_NOTE:
        raise ValidationError(_("A note has at most 500 characters."), code="text")
    return text


def _colour(colour: str | None) -> str:
    if not colour:
        return NoteColour.YELLOW
    if colour not in NoteColour.values:
        raise ValidationError(_("Choose one of the note colours."), code="colour")
    return colour


def _cluster_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Name the cluster."), code="name")
    if len(name) > MAX_CLUSTER_NAME:
        raise ValidationError(_("A cluster's name has at most 80 characters."), code="name")
    return name


def _attribution(note: BoardNote, board: Board) -> BoardNote:
    # On an anonymous board the audit log does not pair the author with their note.
    if board.anonymous:
        note.unattributed_author_id = note.author_id  # type: ignore[attr-defined]
    return note


def _record(
    board: Board,
    actor: Any,
    kind: str,
    *,
    note: BoardNote | None = None,
    what: str = "",
    where: str = "",
) -> None:
    """A line of the board's history, in the service's transaction. On an anonymous board
    the author's own note is recorded without their name, as the audit log does."""
    named = actor
    if note is not None and board.anonymous and note.author_id == actor.pk:
        named = None
    BoardChange.objects.create(
        board_id=board.pk, actor=named, kind=kind, note=note, what=what[:120], where=where[:120]
    )


def _cluster_name_of(cluster_id: int | None) -> str:
    if cluster_id is None:
        return ""
    return BoardCluster.objects.filter(pk=cluster_id).values_list("name", flat=True).first() or ""


@transaction.atomic
def board_create(*, actor: Any, community: Any, plan: BoardPlan) -> Board:
    """A board for a challenge, an event or a circle; it takes the circle of what it
    belongs to, so the same people see it."""
    require(actor, "board.create", community)
    title = " ".join((plan.title or "").split())
    if not title:
        raise ValidationError(_("Give the board a title."), code="title")
    if len(title) > 200:
        raise ValidationError(_("A title has at most 200 characters."), code="title")
    if not 1 <= plan.dot_budget <= 50:
        raise ValidationError(_("Give each person between 1 and 50 dots."), code="dot_budget")
    circle = plan.circle
    for owner in (plan.challenge, plan.event):
        if owner is None:
            continue
        if owner.community_id != community.pk:
            raise ValidationError(_("Choose one of this community's own."), code="challenge")
        circle = owner.circle if owner.circle_id else circle
    board = Board.objects.create(
        community=community,
        circle=circle,
        challenge=plan.challenge,
        event=plan.event,
        title=title,
        prompt=(plan.prompt or "").strip()[:2000],
        anonymous=plan.anonymous,
        dot_budget=plan.dot_budget,
        created_by=actor,
    )
    audit("innovation.board.created", actor=actor, target=board)
    return board


def _column_end(board: Board, cluster_id: int | None) -> float:
    last = (
        BoardNote.objects.filter(board=board, cluster_id=cluster_id, removed_at=None)
        .aggregate(m=Max("position"))
        .get("m")
    )
    return (last or 0) + 1


def _cluster_of(board: Board, cluster_id: int | None) -> int | None:
    """The cluster, locked until commit so it cannot be removed under a note moving in."""
    if cluster_id is None:
        return None
    found = (
        BoardCluster.objects.select_for_update()
        .filter(pk=cluster_id, board=board)
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        raise ValidationError(_("That cluster is no longer on the board."), code="cluster")
    return int(found)


@transaction.atomic
def note_add(
    *, actor: Any, board: Board, text: str, colour: str = "", cluster_id: int | None = None
) -> BoardNote:
    require(actor, "board.write", board)
    text = _note_text(text)
    cluster = _cluster_of(board, cluster_id)
    note = BoardNote.objects.create(
        board=board,
        cluster_id=cluster,
        author=actor,
        text=text,
        colour=_colour(colour),
        position=_column_end(board, cluster),
    )
    note.author = actor
    audit("innovation.note.added", actor=actor, target=_attribution(note, board), board=board.pk)
    _record(
        board,
        actor,
        BoardChangeKind.NOTE_ADDED,
        note=note,
        what=text,
        where=_cluster_name_of(cluster),
    )
    live.note_changed(note)
    return note


def _updated(note: BoardNote, **fields: Any) -> BoardNote:
    """One UPDATE of the given fields and the version; then the row as it now stands (locked
    for the rest of the transaction, so what is sent is what this write left)."""
    BoardNote.objects.filter(pk=note.pk).update(
        version=F("version") + 1, updated_at=timezone.now(), **fields
    )
    return (
        BoardNote.objects.select_for_update(of=("self",))
        .select_related("author", "board")
        .get(pk=note.pk)
    )


@transaction.atomic
def note_move(
    *, actor: Any, note: BoardNote, cluster_id: int | None, position: float | None = None
) -> BoardNote:
    """Into a cluster (None: ungrouped), at ``position`` (the end of it when None)."""
    board = note.board
    require(actor, "board.arrange", board)
    cluster = _cluster_of(board, cluster_id)
    if position is None or position != position or abs(position) > 1e12:  # NaN or absurd
        position = _column_end(board, cluster)
    moved = _updated(note, cluster_id=cluster, position=float(position))
    _record(
        board,
        actor,
        BoardChangeKind.NOTE_MOVED,
        note=moved,
        what=moved.text,
        where=_cluster_name_of(cluster),
    )
    live.note_changed(moved)
    return moved


@transaction.atomic
def note_edit(
    *, actor: Any, note: BoardNote, text: str | None = None, colour: str | None = None
) -> BoardNote:
    require(actor, "board.note.edit", note)
    fields: dict[str, Any] = {}
    if text is not None:
        fields["text"] = _note_text(text)
    if colour:
        fields["colour"] = _colour(colour)
    if not fields:
        return note
    edited = _updated(note, **fields)
    audit(
        "innovation.note.edited",
        actor=actor,
        target=_attribution(edited, note.board),
        fields=sorted(fields),
    )
    _record(note.board, actor, BoardChangeKind.NOTE_EDITED, note=edited, what=edited.text)
    live.note_changed(edited)
    return edited


@transaction.atomic
def note_remove(*, actor: Any, note: BoardNote) -> BoardNote:
    """Off the board (kept for its history); dots spent on it go back to their people."""
    require(actor, "board.note.edit", note)
    removed = _updated(note, removed_at=timezone.now(), dot_total=0)
    for dot in BoardDot.objects.filter(note=note):
        BoardParticipant.objects.filter(board_id=note.board_id, user_id=dot.user_id).update(
            dots_spent=F("dots_spent") - dot.count
        )
    BoardDot.objects.filter(note=note).delete()
    audit("innovation.note.removed", actor=actor, target=_attribution(removed, note.board))
    _record(note.board, actor, BoardChangeKind.NOTE_REMOVED, note=removed, what=removed.text)
    live.note_changed(removed)
    return removed


@dataclass(frozen=True)
class Dotted:
    note: BoardNote
    mine: int  # the person's dots on the note now
    left: int  # the person's dots left on the board


@transaction.atomic
def note_dot(*, actor: Any, note: BoardNote, change: int) -> Dotted:
    """Add (+1) or take back (−1) one of the person's dots on ``note``."""
    board = note.board
    require(actor, "board.dot", board)
    if change not in (1, -1) or note.removed_at is not None:
        raise ValidationError(_("Add or take back one dot at a time."), code="dots")
    BoardParticipant.objects.bulk_create(
        [BoardParticipant(board=board, user=actor)], ignore_conflicts=True
    )
    budget = BoardParticipant.objects.select_for_update().get(board=board, user=actor)
    current = (
        BoardDot.objects.filter(note=note, user=actor).values_list("count", flat=True).first() or 0
    )
    if change < 0 and current == 0:
        raise ValidationError(_("You have no dot on this note."), code="dots")
    if change > 0 and budget.dots_spent >= board.dot_budget:
        raise ValidationError(
            ngettext(
                "You have used your %(n)s dot.", "You have used all %(n)s dots.", board.dot_budget
            )
            % {"n": board.dot_budget},
            code="dots",
        )
    mine = current + change
    BoardParticipant.objects.filter(pk=budget.pk).update(dots_spent=F("dots_spent") + change)
    if mine == 0:
        BoardDot.objects.filter(note=note, user=actor).delete()
    elif current == 0:
        BoardDot.objects.create(note=note, board=board, user=actor, count=mine)
    else:
        BoardDot.objects.filter(note=note, user=actor).update(count=mine)
    dotted = _updated(note, dot_total=F("dot_total") + change)
    left = board.dot_budget - budget.dots_spent - change
    audit("innovation.dot.changed", actor=actor, target=board, note=note.pk, dots=mine)
    live.dots_changed(dotted, user_id=actor.pk, mine=mine, left=left)
    return Dotted(note=dotted, mine=mine, left=left)


@transaction.atomic
def cluster_add(*, actor: Any, board: Board, name: str) -> BoardCluster:
    require(actor, "board.arrange", board)
    last = BoardCluster.objects.filter(board=board).aggregate(m=Max("position"))["m"]
    cluster = BoardCluster.objects.create(
        board=board, name=_cluster_name(name), position=(last or 0) + 1
    )
    audit("innovation.cluster.added", actor=actor, target=board, cluster=cluster.name)
    _record(board, actor, BoardChangeKind.CLUSTER_ADDED, where=cluster.name)
    live.cluster_changed(cluster)
    return cluster


@transaction.atomic
def cluster_rename(*, actor: Any, cluster: BoardCluster, name: str) -> BoardCluster:
    require(actor, "board.arrange", cluster.board)
    BoardCluster.objects.filter(pk=cluster.pk).update(
        name=_cluster_name(name), version=F("version") + 1
    )
    renamed = BoardCluster.objects.select_for_update().get(pk=cluster.pk)
    audit("innovation.cluster.renamed", actor=actor, target=cluster.board, cluster=renamed.name)
    _record(
        cluster.board, actor, BoardChangeKind.CLUSTER_RENAMED, what=cluster.name, where=renamed.name
    )
    live.cluster_changed(renamed)
    return renamed


@transaction.atomic
def cluster_remove(*, actor: Any, cluster: BoardCluster) -> None:
    """The cluster goes; its notes stay on the board, ungrouped, after the others."""
    board = cluster.board
    require(actor, "board.arrange", board)
    locked = BoardCluster.objects.select_for_update().filter(pk=cluster.pk).first()
    if locked is None:
        return
    end = _column_end(board, None)
    moved = list(
        BoardNote.objects.filter(cluster=cluster).order_by("position", "pk").values_list("pk")
    )
    for n, (pk,) in enumerate(moved):
        BoardNote.objects.filter(pk=pk).update(
            cluster=None, position=end + n, version=F("version") + 1
        )
    locked.delete()
    audit("innovation.cluster.removed", actor=actor, target=board, cluster=cluster.name)
    _record(board, actor, BoardChangeKind.CLUSTER_REMOVED, what=cluster.name)
    live.cluster_removed(board.pk, cluster.pk)
    for note in BoardNote.objects.filter(pk__in=[pk for (pk,) in moved]).select_related("author"):
        note.board = board
        live.note_changed(note)


def _board_changed(board: Board) -> Board:
    Board.objects.filter(pk=board.pk).update(version=F("version") + 1)
    board.refresh_from_db()
    live.board_changed(board)
    return board


@transaction.atomic
def board_set_phase(*, actor: Any, board: Board, status: str) -> Board:
    """Writing → dot voting → locked (and back, if the facilitator reopens it)."""
    require(actor, "board.facilitate", board)
    if status not in BoardStatus.values:
        raise ValidationError(_("Choose a phase."), code="status")
    if status == board.status and not board.is_locked:
        return board
    board.status = status
    fields = ["status", "updated_at"]
    if status != BoardStatus.LOCKED and board.lock_at_timer and board.timer_ran_out:
        # Reopening a board the timer locked: the spent timer goes with the lock.
        board.timer_ends_at, board.lock_at_timer = None, False
        fields += ["timer_ends_at", "lock_at_timer"]
    board.save(update_fields=fields)
    audit("innovation.board.phase_changed", actor=actor, target=board, status=status)
    _record(board, actor, BoardChangeKind.PHASE_CHANGED, what=status)
    return _board_changed(board)


@transaction.atomic
def board_set_timer(*, actor: Any, board: Board, minutes: int | None, lock: bool = False) -> Board:
    """A countdown everyone sees (None stops it); ``lock`` locks the board when it ends."""
    require(actor, "board.facilitate", board)
    if minutes is not None and not 1 <= minutes <= MAX_TIMER_MINUTES:
        raise ValidationError(_("Set between 1 and 240 minutes."), code="minutes")
    board.timer_ends_at = None if minutes is None else timezone.now() + timedelta(minutes=minutes)
    board.lock_at_timer = bool(lock and minutes)
    board.save(update_fields=["timer_ends_at", "lock_at_timer", "updated_at"])
    audit("innovation.board.timer_set", actor=actor, target=board, minutes=minutes, lock=lock)
    _record(board, actor, BoardChangeKind.TIMER_SET, what=str(minutes or ""))
    return _board_changed(board)


def _authors(notes: list[BoardNote]) -> list[Any]:
    """Who wrote the notes, the most dotted note's author first (the idea's lead)."""
    ordered = sorted(notes, key=lambda n: (-n.dot_total, n.created_at, n.pk))
    return [n.author for n in ordered if n.author is not None and n.author.is_active]


def _promote(
    *, actor: Any, board: Board, challenge: Challenge, text: IdeaText, notes: list[BoardNote]
) -> Idea:
    require(actor, "board.facilitate", board)
    if not can(actor, "challenge.view", challenge) or challenge.community_id != board.community_id:
        raise ValidationError(_("Choose a challenge of this community."), code="challenge")
    if challenge.phase == "closed":
        raise ValidationError(_("That challenge is closed."), code="challenge")
    authors = _authors(notes) or [actor]
    return idea_create(
        actor=actor,
        challenge=challenge,
        text=text,
        authors=authors,
        note=_("From the board “%(board)s”.") % {"board": board.title},
    )


@transaction.atomic
def note_to_idea(*, actor: Any, note: BoardNote, challenge: Challenge, text: IdeaText) -> Idea:
    """A facilitator turns a note into an idea in a challenge, credited to its author."""
    idea = _promote(actor=actor, board=note.board, challenge=challenge, text=text, notes=[note])
    promoted = _updated(note, idea=idea)
    audit("innovation.note.promoted", actor=actor, target=idea, board=note.board_id)
    _record(
        note.board,
        actor,
        BoardChangeKind.NOTE_PROMOTED,
        note=note,
        what=note.text,
        where=idea.title,
    )
    live.note_changed(promoted)
    return idea


@transaction.atomic
def cluster_to_idea(
    *, actor: Any, cluster: BoardCluster, challenge: Challenge, text: IdeaText
) -> Idea:
    """A facilitator turns a cluster into an idea, credited to the authors of its notes."""
    notes = list(
        BoardNote.objects.filter(cluster=cluster, removed_at=None).select_related("author")
    )
    idea = _promote(actor=actor, board=cluster.board, challenge=challenge, text=text, notes=notes)
    BoardCluster.objects.filter(pk=cluster.pk).update(idea=idea, version=F("version") + 1)
    cluster.refresh_from_db()
    audit("innovation.cluster.promoted", actor=actor, target=idea, board=cluster.board_id)
    _record(
        cluster.board,
        actor,
        BoardChangeKind.CLUSTER_PROMOTED,
        what=cluster.name,
        where=idea.title,
    )
    live.cluster_changed(cluster)
    return idea
