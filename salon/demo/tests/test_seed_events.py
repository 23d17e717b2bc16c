from __future__ import annotations

from typing import Any

from django.core.management import call_command

from conftest import client_for
from salon.accounts.models import User
from salon.events.models import Event, Feedback


def test_the_demo_calendar_has_a_fair_series_feedback_and_a_follow_up_to_answer(
    db: Any,
) -> None:
    call_command("seed_demo")
    member = User.objects.get(email="member@salon.test")
    director = User.objects.get(email="director@salon.test")

    fair = Event.objects.filter(title__contains="fair rotation").order_by("starts_at")
    assert fair.count() == 4
    assert len({e.starts_at.hour for e in fair}) > 1  # the inconvenience rotates
    kick_off = Event.objects.get(title__startswith="Kick-off")
    assert Feedback.objects.filter(event=kick_off).count() >= 5
    assert Feedback.objects.exclude(applied="").exists()

    member_page = client_for(member).get(kick_off.get_absolute_url()).content.decode()
    assert "Two weeks on: did you apply what you took from it?" in member_page
    host_page = client_for(director).get(kick_off.get_absolute_url()).content.decode()
    assert "applied it" in host_page
