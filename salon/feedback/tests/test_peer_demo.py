"""The demo has feedback requests after the last workshop and praise in the chapters."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

from conftest import client_for
from salon.accounts.models import User
from salon.feedback.models import PeerFeedback, Praise


def test_the_demo_member_has_feedback_to_read_and_answer_and_the_chapters_have_praise(
    db: Any,
) -> None:
    call_command("seed_demo")
    member = User.objects.get(email="member@salon.test")

    received = PeerFeedback.objects.filter(receiver=member, state="given")
    assert received.filter(request__isnull=False).count() == 2
    assert received.filter(request__isnull=True).count() == 1
    assert PeerFeedback.objects.filter(receiver=member, state="asked").count() == 1
    assert PeerFeedback.objects.filter(giver=member, state="asked").count() == 1
    chapters = set(
        Praise.objects.filter(circle__kind="chapter").values_list("circle__slug", flat=True)
    )
    assert len(chapters) >= 3
    assert Praise.objects.filter(community__slug="innovation-lab").exists()

    page = client_for(member).get("/me/feedback/").content.decode()
    assert "scenario planning" in page
    home = client_for(member).get("/c/global-executive-network/").content.decode()
    assert "Recent praise" in home
    growth = client_for(member).get("/me/growth/").content.decode()
    assert "praised you" in growth
