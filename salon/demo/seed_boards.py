"""The Innovation Lab's brainstorming boards for the demo: the finished board of the last
ideation workshop (clusters, dot votes, two clusters that became ideas of the open
challenge, locked), and a board open for the coming workshop that anyone can try. The
words are in ``data/boards.toml``; dates are relative to the day of seeding."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from salon.communities.models import Community, Membership, Role
from salon.demo.content import load
from salon.events.models import Event, EventFormat
from salon.innovation.models import (
    Board,
    BoardCluster,
    BoardDot,
    BoardNote,
    BoardParticipant,
    BoardStatus,
    Challenge,
    Idea,
)
from salon.innovation.services.boards import BoardPlan, board_create, cluster_add, note_add

WORDS = load("boards")


def seed_boards(*, director: Any, member: Any) -> list[Board]:
    lab = Community.objects.get(slug="innovation-lab")
    challenge = Challenge.objects.filter(community=lab).order_by("pk").first()
    people = [
        m.user
        for m in Membership.objects.filter(community=lab)
        .exclude(role=Role.GUEST)
        .select_related("user")
        .order_by("user_id")
    ]
    return [
        _finished(lab, challenge, director, member, people),
        _live(lab, challenge, director, member, people),
    ]


def _finished(
    lab: Community, challenge: Any, director: Any, member: Any, people: list[Any]
) -> Board:
    words = WORDS["finished"]
    zone = ZoneInfo(words["event_timezone"])
    day = timezone.localdate() - timedelta(days=words["days_ago"])
    hour, minute = (int(x) for x in words["at"].split(":"))
    starts = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
    workshop = Event.objects.create(
        community=lab,
        title=words["event_title"],
        format=EventFormat.objects.get(slug="brainstorm"),
        timezone=words["event_timezone"],
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        created_by=director,
    )
    board = board_create(
        actor=director,
        community=lab,
        plan=BoardPlan(
            title=words["title"],
            prompt=words["prompt"],
            challenge=challenge,
            event=workshop,
            dot_budget=words["dot_budget"],
        ),
    )
    clusters = {
        spec["name"]: cluster_add(actor=director, board=board, name=spec["name"])
        for spec in words["clusters"]
    }
    writers = [p for p in people if p.pk != director.pk]
    notes = []
    for n, spec in enumerate(words["notes"]):
        author = member if n == 1 else writers[(n * 3) % len(writers)]
        cluster = clusters.get(spec.get("cluster", ""))
        note = note_add(
            actor=author,
            board=board,
            text=spec["text"],
            colour=spec["colour"],
            cluster_id=cluster.pk if cluster else None,
        )
        BoardNote.objects.filter(pk=note.pk).update(
            created_at=starts + timedelta(minutes=10 + 2 * n)
        )
        notes.append((note, spec["dots"]))
    _dots(board, notes, people)
    for spec in words["clusters"]:
        if "idea" in spec:
            idea = Idea.objects.get(challenge=challenge, title=spec["idea"])
            BoardCluster.objects.filter(pk=clusters[spec["name"]].pk).update(idea=idea)
    Board.objects.filter(pk=board.pk).update(
        status=BoardStatus.LOCKED, created_at=starts - timedelta(days=2)
    )
    return board


def _dots(board: Board, notes: list[tuple[BoardNote, int]], people: list[Any]) -> None:
    """Each note draws its dots from different people, none over their budget, none on
    their own note."""
    spent: Counter[int] = Counter()
    dots = []
    turn = 0
    for note, wanted in notes:
        given = 0
        for k in range(len(people)):
            if given == wanted:
                break
            person = people[(turn + k) % len(people)]
            if person.pk == note.author_id or spent[person.pk] >= board.dot_budget:
                continue
            dots.append(BoardDot(note=note, board=board, user=person, count=1))
            spent[person.pk] += 1
            given += 1
        turn += wanted
        BoardNote.objects.filter(pk=note.pk).update(dot_total=given)
    BoardDot.objects.bulk_create(dots)
    BoardParticipant.objects.bulk_create(
        BoardParticipant(board=board, user_id=pk, dots_spent=n) for pk, n in spent.items()
    )


def _live(lab: Community, challenge: Any, director: Any, member: Any, people: list[Any]) -> Board:
    words = WORDS["live"]
    workshop = (
        Event.objects.filter(community=lab, format__slug="brainstorm", starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    board = board_create(
        actor=director,
        community=lab,
        plan=BoardPlan(
            title=words["title"],
            prompt=words["prompt"],
            challenge=challenge,
            event=workshop,
            dot_budget=words["dot_budget"],
        ),
    )
    clusters = {
        name: cluster_add(actor=director, board=board, name=name) for name in words["clusters"]
    }
    writers = [p for p in people if p.pk not in (director.pk, member.pk)]
    for n, spec in enumerate(words["notes"]):
        cluster = clusters.get(spec.get("cluster", ""))
        note_add(
            actor=writers[(n * 5 + 1) % len(writers)],
            board=board,
            text=spec["text"],
            colour=spec["colour"],
            cluster_id=cluster.pk if cluster else None,
        )
    return board
