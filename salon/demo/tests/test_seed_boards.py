"""The demo's brainstorming boards: the last ideation workshop's finished board, whose
clusters became ideas, and a board open for the coming workshop."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.utils import timezone

from conftest import client_for
from salon.accounts.models import User
from salon.innovation.models import Board, BoardCluster, BoardDot, BoardNote, BoardParticipant


def test_the_lab_has_a_finished_board_and_an_open_one(db: Any) -> None:
    call_command("seed_demo")
    finished, live = Board.objects.filter(community__slug="innovation-lab").order_by("pk")

    assert finished.phase == "locked"
    assert finished.event is not None
    assert finished.event.starts_at < timezone.now()
    assert finished.event.format.slug == "brainstorm"
    clusters = BoardCluster.objects.filter(board=finished)
    assert clusters.count() >= 3
    assert clusters.filter(idea__isnull=False).count() == 2
    assert BoardNote.objects.filter(board=finished, cluster__isnull=True).exists()
    texts = list(BoardNote.objects.values_list("text", flat=True))
    assert len(texts) == len(set(texts))
    # Dots: within each person's budget, never on their own note, and the totals add up.
    assert not BoardParticipant.objects.filter(dots_spent__gt=finished.dot_budget).exists()
    for note in BoardNote.objects.filter(board=finished):
        assert note.dot_total == BoardDot.objects.filter(note=note).count()
        assert not BoardDot.objects.filter(note=note, user_id=note.author_id or 0).exists()

    assert live.phase == "open"
    assert live.event is not None
    assert live.event.starts_at > timezone.now()
    member = User.objects.get(email="member@salon.test")
    page = client_for(member).get(live.get_absolute_url())
    assert page.status_code == 200
    assert "Add note" in page.content.decode()
    old = client_for(member).get(finished.get_absolute_url()).content.decode()
    assert "Tickets that bounce" in old
    assert "Became an idea" in old
