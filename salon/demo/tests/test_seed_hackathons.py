"""The demo's hackathons: last month's with five teams, submissions, three judges' scores
and announced results; the coming one with teams forming."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

from conftest import client_for
from salon.accounts.models import User
from salon.innovation.models import Hackathon, Judge, TeamScorecard


def test_the_lab_has_a_judged_hackathon_and_one_forming_teams(db: Any) -> None:
    call_command("seed_demo")
    past, coming = Hackathon.objects.filter(community__slug="innovation-lab").order_by("pk")

    assert past.phase == "results"
    assert past.teams.count() == 5
    assert all(hasattr(t, "submission") for t in past.teams.all())
    assert Judge.objects.filter(hackathon=past).count() == 3
    # Three judges; a judge leaves out a team with someone from one of their circles.
    assert TeamScorecard.objects.filter(team__hackathon=past).count() >= 5
    assert coming.phase == "teams"
    assert coming.teams.count() == 2
    member = User.objects.get(email="member@salon.test")
    results = client_for(member).get(f"/hackathons/{past.pk}/results/")
    assert results.status_code == 200
    assert "How each judge scores" in results.content.decode()
    assert "Form a team" in client_for(member).get(coming.get_absolute_url()).content.decode()
