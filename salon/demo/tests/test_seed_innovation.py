"""The demo's Innovation Lab pipeline: an open challenge with ideas at every stage, votes,
stage history, two in market, a few parked, and the demo member's idea in the pipeline."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.db.models import F

from conftest import client_for
from salon.accounts.models import User
from salon.innovation.models import Challenge, Idea, StageMove, Vote, VoteBudget


def test_the_lab_has_a_living_pipeline(db: Any) -> None:
    call_command("seed_demo")
    challenge = Challenge.objects.get(community__slug="innovation-lab")
    assert challenge.is_accepting_ideas
    ideas = Idea.objects.filter(challenge=challenge)
    assert 20 <= ideas.count() <= 30
    stages = set(ideas.values_list("stage__key", flat=True))
    every = {"idea", "shortlisted", "experiment", "pilot", "scaling", "in_market", "parked"}
    assert stages == every
    assert ideas.filter(stage__key="in_market").count() == 2
    assert ideas.filter(stage__key="parked").count() >= 2
    assert len(set(ideas.values_list("title", flat=True))) == ideas.count()
    assert StageMove.objects.filter(idea__challenge=challenge, from_stage__isnull=False).exists()
    assert Vote.objects.filter(challenge=challenge).exists()
    # Nobody voted for their own idea, nor beyond the budget.
    assert not Vote.objects.filter(idea__authorships__user=F("user")).exists()
    assert not VoteBudget.objects.filter(spent__gt=challenge.vote_budget).exists()
    member = User.objects.get(email="member@salon.test")
    mine = ideas.get(authorships__user=member, authorships__is_lead=True)
    assert mine.stage.key == "experiment"
    page = client_for(member).get("/c/innovation-lab/ideas/").content.decode()
    assert mine.title in page
    home = client_for(member).get("/c/innovation-lab/").content.decode()
    assert 'href="/c/innovation-lab/challenges/"' in home


def test_the_lab_has_expert_scores_to_calibrate(db: Any) -> None:
    from salon.innovation.models import Scorecard

    call_command("seed_demo")
    challenge = Challenge.objects.get(community__slug="innovation-lab")
    cards = Scorecard.objects.filter(idea__challenge=challenge)
    assert cards.values("expert").distinct().count() >= 3
    assert not cards.filter(idea__authorships__user=F("expert")).exists()
    director = User.objects.get(email="director@salon.test")
    page = client_for(director).get(f"/challenges/{challenge.pk}/evaluation/")
    assert page.status_code == 200
    assert "How each expert scores" in page.content.decode()
