"""The demo's mentoring: a matched cross-regional programme with the demo member as a
mentee, people waiting for the next run, and a reverse-mentoring programme where mentees
choose."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

from conftest import client_for
from salon.accounts.models import User
from salon.mentoring.models import MatchRun, Mentorship, Programme, RunStatus


def test_the_demo_network_has_a_matched_programme_and_people_waiting(db: Any) -> None:
    call_command("seed_demo")
    director = User.objects.get(email="director@salon.test")
    member = User.objects.get(email="member@salon.test")
    gen = Programme.objects.get(community__slug="global-executive-network")
    run = MatchRun.objects.get(programme=gen)
    assert run.status == RunStatus.PUBLISHED
    assert run.diagnostics["target"]["met"]
    assert Mentorship.objects.filter(programme=gen).count() >= 15
    daniel = Mentorship.objects.get(programme=gen, mentee=member)
    assert daniel.mentor.region != member.region
    assert daniel.sessions.count() == 2

    review = client_for(director).get(f"/c/global-executive-network/mentoring/{gen.pk}/review/")
    assert "5 mentees waiting for a mentor" in review.content.decode()
    assert len(review.context["waiting"]) == 5  # listed by name until the next run
    client_for(director).post(f"/c/global-executive-network/mentoring/{gen.pk}/run/")
    second = MatchRun.objects.get(programme=gen, number=2)
    assert second.diagnostics["mentees"] == 5
    assert second.diagnostics["matched"] >= 4
    assert member.pk not in {m["id"] for m in second.inputs["mentees"]}

    mine = client_for(member).get("/mentoring/").content.decode()
    assert daniel.mentor.name in mine
    lab = Programme.objects.get(community__slug="innovation-lab")
    choices = client_for(member).get(f"/c/innovation-lab/mentoring/{lab.pk}/suggestions/")
    assert choices.content.decode().count("Ask ") >= 3
