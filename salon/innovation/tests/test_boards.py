"""Brainstorming boards: opening one, notes, clusters, dots within a budget, phases and the
timer's lock, turning notes and clusters into ideas, and the exports."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import client_for
from salon.core.models import AuditEvent
from salon.innovation.models import BoardDot, BoardNote, BoardParticipant, IdeaAuthor
from salon.innovation.services.boards import (
    BoardPlan,
    board_create,
    board_set_phase,
    board_set_timer,
    cluster_add,
    cluster_remove,
    cluster_rename,
    cluster_to_idea,
    note_add,
    note_dot,
    note_edit,
    note_move,
    note_remove,
    note_to_idea,
)
from salon.innovation.services.ideas import IdeaText


@pytest.fixture
def board(director: Any, community: Any, challenge: Any) -> Any:
    return board_create(
        actor=director,
        community=community,
        plan=BoardPlan(title="What slows our launches?", challenge=challenge, dot_budget=3),
    )


def test_a_director_opens_a_board_for_a_challenge(board: Any, challenge: Any) -> None:
    assert board.challenge == challenge
    assert board.phase == "open"
    assert AuditEvent.objects.filter(action="innovation.board.created").count() == 1


def test_a_member_cannot_open_a_board(member: Any, community: Any) -> None:
    with pytest.raises(PermissionDenied):
        board_create(actor=member, community=community, plan=BoardPlan(title="Mine"))


def test_a_board_of_a_private_circle_is_unknown_outside_it(
    director: Any, community: Any, private_circle: Any, member: Any
) -> None:
    board = board_create(
        actor=director, community=community, plan=BoardPlan(title="Board", circle=private_circle)
    )
    assert client_for(member).get(board.get_absolute_url()).status_code == 404
    assert client_for(director).get(board.get_absolute_url()).status_code == 200


def test_members_add_notes_at_the_end_of_a_column(board: Any, member: Any) -> None:
    first = note_add(actor=member, board=board, text="Legal review takes weeks")
    second = note_add(actor=member, board=board, text="Three sign-offs", colour="pink")

    assert second.position > first.position
    assert second.colour == "pink"
    assert first.author == member


def test_an_empty_or_overlong_note_is_refused(board: Any, member: Any) -> None:
    with pytest.raises(ValidationError):
        note_add(actor=member, board=board, text="  ")
    with pytest.raises(ValidationError):
        note_add(actor=member, board=board, text="x" * 501)
    assert not BoardNote.objects.exists()


def test_a_guest_watches_but_does_not_write(board: Any, guest: Any) -> None:
    with pytest.raises(PermissionDenied):
        note_add(actor=guest, board=board, text="Hello")


def test_moves_raise_the_version_and_keep_the_other_fields(board: Any, member: Any) -> None:
    note = note_add(actor=member, board=board, text="Legal review takes weeks")
    cluster = cluster_add(actor=member, board=board, name="Process")

    moved = note_move(actor=member, note=note, cluster_id=cluster.pk, position=2.5)
    edited = note_edit(actor=member, note=note, colour="green")

    assert (moved.cluster_id, moved.position, moved.version) == (cluster.pk, 2.5, 2)
    assert (edited.cluster_id, edited.colour, edited.text, edited.version) == (
        cluster.pk,
        "green",
        "Legal review takes weeks",
        3,
    )


def test_a_move_into_a_cluster_of_another_board_is_refused(
    board: Any, member: Any, director: Any, community: Any
) -> None:
    other = board_create(actor=director, community=community, plan=BoardPlan(title="Other"))
    foreign = cluster_add(actor=director, board=other, name="Elsewhere")
    note = note_add(actor=member, board=board, text="Mine")
    with pytest.raises(ValidationError):
        note_move(actor=member, note=note, cluster_id=foreign.pk)


def test_only_the_author_or_a_facilitator_edits_a_note(
    board: Any, member: Any, facilitator: Any, director: Any, community: Any
) -> None:
    from conftest import join, make_user

    other = make_user("otto@acme.test", "Otto Other")
    join(other, community)
    note = note_add(actor=member, board=board, text="Mine")
    with pytest.raises(PermissionDenied):
        note_edit(actor=other, note=note, text="Theirs now")
    assert note_edit(actor=facilitator, note=note, text="Tidied").text == "Tidied"


def test_removing_a_cluster_keeps_its_notes_ungrouped(board: Any, member: Any) -> None:
    cluster = cluster_add(actor=member, board=board, name="Process")
    note = note_add(actor=member, board=board, text="Three sign-offs", cluster_id=cluster.pk)
    renamed = cluster_rename(actor=member, cluster=cluster, name="Approvals")
    assert (renamed.name, renamed.version) == ("Approvals", 2)

    cluster_remove(actor=member, cluster=cluster)

    note.refresh_from_db()
    assert note.cluster_id is None
    assert note.version == 2


def test_dots_stay_within_the_budget_and_come_back(board: Any, member: Any, director: Any) -> None:
    note = note_add(actor=director, board=board, text="Pre-approved templates")
    board_set_phase(actor=director, board=board, status="voting")
    for _ in range(3):
        dotted = note_dot(actor=member, note=note, change=1)
    assert (dotted.mine, dotted.left, dotted.note.dot_total) == (3, 0, 3)
    with pytest.raises(ValidationError, match="all 3 dots"):
        note_dot(actor=member, note=note, change=1)

    back = note_dot(actor=member, note=note, change=-1)

    assert (back.mine, back.left, back.note.dot_total) == (2, 1, 2)
    assert BoardParticipant.objects.get(user=member).dots_spent == 2


def test_dots_are_only_spent_while_voting(board: Any, member: Any, director: Any) -> None:
    note = note_add(actor=director, board=board, text="Pre-approved templates")
    with pytest.raises(PermissionDenied):
        note_dot(actor=member, note=note, change=1)


def test_removing_a_dotted_note_gives_the_dots_back(board: Any, member: Any, director: Any) -> None:
    note = note_add(actor=director, board=board, text="Pre-approved templates")
    board_set_phase(actor=director, board=board, status="voting")
    note_dot(actor=member, note=note, change=1)

    note_remove(actor=director, note=note)

    assert BoardParticipant.objects.get(user=member).dots_spent == 0
    assert not BoardDot.objects.exists()
    assert BoardNote.objects.get().removed_at is not None


def test_a_locked_board_takes_no_more_changes(board: Any, member: Any, director: Any) -> None:
    note = note_add(actor=member, board=board, text="Late thought")
    board_set_phase(actor=director, board=board, status="locked")
    with pytest.raises(PermissionDenied):
        note_add(actor=member, board=board, text="Later still")
    with pytest.raises(PermissionDenied):
        note_move(actor=member, note=note, cluster_id=None)


def test_the_timer_locks_the_board_when_it_runs_out(board: Any, member: Any, director: Any) -> None:
    board_set_timer(actor=director, board=board, minutes=10, lock=True)
    assert not board.is_locked
    board.timer_ends_at = timezone.now() - timedelta(seconds=1)
    board.save(update_fields=["timer_ends_at"])

    with pytest.raises(PermissionDenied):
        note_add(actor=member, board=board, text="Too late")
    assert board.phase == "locked"
    # Reopening it takes the spent timer away with the lock.
    board_set_phase(actor=director, board=board, status="open")
    assert board.phase == "open"
    assert board.timer_ends_at is None


def test_a_member_cannot_run_the_timer(board: Any, member: Any) -> None:
    with pytest.raises(PermissionDenied):
        board_set_timer(actor=member, board=board, minutes=5)


def test_a_cluster_becomes_an_idea_credited_to_its_authors(
    board: Any, member: Any, facilitator: Any, director: Any, challenge: Any
) -> None:
    cluster = cluster_add(actor=member, board=board, name="Approvals")
    note_add(actor=member, board=board, text="Three sign-offs", cluster_id=cluster.pk)
    note_add(actor=facilitator, board=board, text="One owner", cluster_id=cluster.pk)
    text = IdeaText(title="One approval owner", problem="Slow.", proposal="One owner.")

    idea = cluster_to_idea(actor=director, cluster=cluster, challenge=challenge, text=text)

    assert idea.challenge == challenge
    assert idea.stage.key == "idea"
    authors = set(IdeaAuthor.objects.filter(idea=idea).values_list("user__email", flat=True))
    assert authors == {member.email, facilitator.email}
    cluster.refresh_from_db()
    assert cluster.idea == idea
    assert "From the board" in idea.moves.get().note


def test_a_note_becomes_an_idea_even_after_the_board_locks(
    board: Any, member: Any, director: Any, challenge: Any
) -> None:
    note = note_add(actor=member, board=board, text="Pre-approved templates")
    board_set_phase(actor=director, board=board, status="locked")
    text = IdeaText(title="Pre-approved templates", problem="Slow.", proposal="Templates.")

    idea = note_to_idea(actor=director, note=note, challenge=challenge, text=text)

    assert IdeaAuthor.objects.get(idea=idea, is_lead=True).user == member
    note.refresh_from_db()
    assert note.idea == idea


def test_a_member_cannot_turn_a_note_into_an_idea(board: Any, member: Any, challenge: Any) -> None:
    note = note_add(actor=member, board=board, text="Pre-approved templates")
    with pytest.raises(PermissionDenied):
        note_to_idea(
            actor=member, note=note, challenge=challenge, text=IdeaText("T", "P", "Proposal")
        )


def test_an_anonymous_board_names_nobody(
    director: Any, community: Any, member: Any, facilitator: Any
) -> None:
    board = board_create(
        actor=director, community=community, plan=BoardPlan(title="Candid", anonymous=True)
    )
    note = note_add(actor=member, board=board, text="We avoid conflict")

    page = client_for(facilitator).get(board.get_absolute_url()).content.decode()
    csv = client_for(director).get(f"/boards/{board.pk}/export.csv").content.decode()
    state = client_for(facilitator).get(f"/boards/{board.pk}/state/").json()

    assert "We avoid conflict" in page
    assert "Maya Member" not in page
    assert "We avoid conflict" in csv
    assert "Maya" not in csv
    assert state["notes"][0]["author"] == ""
    assert "author_id" not in state["notes"][0]
    added = AuditEvent.objects.get(action="innovation.note.added", target_id=str(note.pk))
    assert added.actor is None


# Pages --------------------------------------------------------------------------------


def test_the_board_page_shows_columns_notes_and_the_forms_a_member_may_use(
    board: Any, member: Any
) -> None:
    cluster = cluster_add(actor=member, board=board, name="Approvals")
    note_add(actor=member, board=board, text="Three sign-offs", cluster_id=cluster.pk)

    response = client_for(member).get(board.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "Approvals" in html
    assert "Three sign-offs" in html
    assert "Add note" in html
    assert "Move" in html
    assert "Facilitate" not in html
    assert "Turn into an idea" not in html


def test_a_note_posted_without_javascript_comes_back_to_the_board(board: Any, member: Any) -> None:
    response = client_for(member).post(
        f"/boards/{board.pk}/notes/", {"text": "Legal review", "colour": "blue"}
    )
    note = BoardNote.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{board.get_absolute_url()}#note-{note.pk}"


def test_the_script_gets_the_changed_note_as_json(board: Any, member: Any) -> None:
    client = client_for(member)
    response = client.post(
        f"/boards/{board.pk}/notes/", {"text": "Legal review"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["kind"] == "note"
    assert data["note"]["text"] == "Legal review"
    assert data["note"]["mine"] is True
    assert data["note"]["editable"] is True


def test_a_refused_dot_says_why_in_json(board: Any, member: Any, director: Any) -> None:
    note = note_add(actor=director, board=board, text="Templates")
    board_set_phase(actor=director, board=board, status="voting")
    client = client_for(member)
    for _ in range(3):
        client.post(f"/notes/{note.pk}/dot/", {"change": "1"}, HTTP_ACCEPT="application/json")

    response = client.post(
        f"/notes/{note.pk}/dot/", {"change": "1"}, HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 200  # for the page's script, which shows why
    assert response.json() == {"kind": "refused", "detail": "You have used all 3 dots."}


def test_the_csv_and_svg_exports_hold_every_note(board: Any, member: Any) -> None:
    cluster = cluster_add(actor=member, board=board, name="Approvals")
    note_add(actor=member, board=board, text="=Three sign-offs", cluster_id=cluster.pk)
    client = client_for(member)

    csv = client.get(f"/boards/{board.pk}/export.csv")
    svg = client.get(f"/boards/{board.pk}/export.svg")

    assert csv["Content-Type"].startswith("text/csv")
    assert "Approvals,'=Three sign-offs,Yellow,0,Maya Member," in csv.content.decode()
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert "Approvals" in svg.content.decode()
    assert "=Three sign-offs" in svg.content.decode()


def test_the_facilitator_turns_a_cluster_into_an_idea_from_the_page(
    board: Any, member: Any, director: Any, challenge: Any
) -> None:
    cluster = cluster_add(actor=member, board=board, name="Approvals")
    note_add(actor=member, board=board, text="Three sign-offs", cluster_id=cluster.pk)
    client = client_for(director)
    form = client.get(f"/clusters/{cluster.pk}/idea/")
    assert form.status_code == 200
    assert "- Three sign-offs" in form.content.decode()

    response = client.post(
        f"/clusters/{cluster.pk}/idea/",
        {
            "challenge": challenge.pk,
            "title": "One approval owner",
            "problem": "Slow approvals.",
            "proposal": "One owner.",
        },
    )

    idea = challenge.ideas.get()
    assert response.status_code == 302
    assert response["Location"] == idea.get_absolute_url()
    assert IdeaAuthor.objects.get(idea=idea).user == member


def test_the_board_list_counts_notes(board: Any, member: Any) -> None:
    note_add(actor=member, board=board, text="One")
    note_add(actor=member, board=board, text="Two")
    html = client_for(member).get("/c/acme/boards/").content.decode()
    assert "What slows our launches?" in html
    assert "2 notes" in html


def test_a_director_opens_a_board_from_the_form(director: Any, challenge: Any) -> None:
    response = client_for(director).post(
        "/c/acme/boards/new/",
        {"title": "Launch friction", "challenge": challenge.pk, "dot_budget": 4},
    )
    board = challenge.boards.get()
    assert response.status_code == 302
    assert board.dot_budget == 4
    assert board.created_by == director
