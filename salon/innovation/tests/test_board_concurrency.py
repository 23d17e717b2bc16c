"""Many people on one board at once lose nothing: every move and every dot counts, one
person's dots never exceed their budget, and concurrent moves of one note leave it whole
with one version per move (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from conftest import join, make_user
from salon.accounts.models import User
from salon.innovation.models import BoardCluster, BoardNote, BoardParticipant
from salon.innovation.services.boards import (
    BoardPlan,
    board_create,
    board_set_phase,
    cluster_add,
    note_add,
    note_dot,
    note_move,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PEOPLE = 8


@pytest.fixture(autouse=True)
def _shared_database() -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] == ":memory:":
        pytest.skip("needs a database file that several connections share")


def _together(jobs: list[Callable[[], None]]) -> list[BaseException]:
    """Run the jobs in threads that start at once; the errors they raised."""
    errors: list[BaseException] = []
    ready = threading.Barrier(len(jobs), timeout=60)

    def run(job: Callable[[], None]) -> None:
        try:
            ready.wait()
            job()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _people(community: Any) -> list[User]:
    people = []
    for n in range(PEOPLE):
        person = make_user(f"p{n}@acme.test", f"Person {n}")
        join(person, community)
        people.append(person)
    return people


def _fresh_note(pk: int) -> BoardNote:
    return BoardNote.objects.select_related("board", "author").get(pk=pk)


def test_every_move_of_many_people_counts(director: Any, community: Any) -> None:
    board = board_create(actor=director, community=community, plan=BoardPlan(title="Moves"))
    people = _people(community)
    clusters = [cluster_add(actor=director, board=board, name=f"Theme {n}") for n in range(2)]
    own = [note_add(actor=p, board=board, text=f"Note of {p.name}").pk for p in people]
    shared = note_add(actor=director, board=board, text="Everyone moves me").pk

    def move(
        person: User, note_id: int, cluster: BoardCluster, position: float
    ) -> Callable[[], None]:
        def job() -> None:
            actor = User.objects.get(pk=person.pk)
            note_move(
                actor=actor, note=_fresh_note(note_id), cluster_id=cluster.pk, position=position
            )

        return job

    jobs = [
        move(p, pk, clusters[0], float(n))
        for n, (p, pk) in enumerate(zip(people, own, strict=True))
    ]
    jobs += [move(p, shared, clusters[n % 2], float(n)) for n, p in enumerate(people)]
    assert _together(jobs) == []

    placed = BoardNote.objects.filter(pk__in=own)
    assert sorted(placed.values_list("cluster_id", flat=True)) == [clusters[0].pk] * PEOPLE
    assert sorted(placed.values_list("position", flat=True)) == [float(n) for n in range(PEOPLE)]
    note = BoardNote.objects.get(pk=shared)
    assert note.version == 1 + PEOPLE  # one version per move, none lost
    assert note.text == "Everyone moves me"
    assert note.cluster_id in {c.pk for c in clusters}


def test_dots_of_many_people_on_one_note_all_count(director: Any, community: Any) -> None:
    board = board_create(actor=director, community=community, plan=BoardPlan(title="Dots"))
    people = _people(community)
    note = note_add(actor=director, board=board, text="Pre-approved templates")
    board_set_phase(actor=director, board=board, status="voting")

    def dot(person: User) -> Callable[[], None]:
        def job() -> None:
            note_dot(actor=User.objects.get(pk=person.pk), note=_fresh_note(note.pk), change=1)

        return job

    assert _together([dot(p) for p in people]) == []

    assert BoardNote.objects.get(pk=note.pk).dot_total == PEOPLE


def test_one_persons_concurrent_dots_never_exceed_their_budget(
    director: Any, community: Any, member: Any
) -> None:
    board = board_create(
        actor=director, community=community, plan=BoardPlan(title="Budget", dot_budget=3)
    )
    notes = [note_add(actor=director, board=board, text=f"Option {n}").pk for n in range(PEOPLE)]
    board_set_phase(actor=director, board=board, status="voting")
    counted: list[int] = []
    refused: list[int] = []

    def dot(note_id: int) -> Callable[[], None]:
        def job() -> None:
            try:
                note_dot(actor=User.objects.get(pk=member.pk), note=_fresh_note(note_id), change=1)
                counted.append(note_id)
            except ValidationError:
                refused.append(note_id)

        return job

    assert _together([dot(pk) for pk in notes]) == []

    assert (len(counted), len(refused)) == (3, PEOPLE - 3)
    assert BoardParticipant.objects.get(board=board, user=member).dots_spent == 3
    assert sum(BoardNote.objects.filter(board=board).values_list("dot_total", flat=True)) == 3
