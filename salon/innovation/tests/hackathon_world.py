"""A hackathon world for the tests: a hackathon-format event, moving a hackathon's phase,
teams that have submitted, and a whole rubric scored alike. The fixtures (``hackathon``,
``people``, ``expert``) are in this folder's conftest."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from salon.events.models import EventFormat
from salon.events.services import EventPlan, event_create
from salon.innovation.models import Hackathon
from salon.innovation.services.hackathons import (
    SubmissionText,
    submission_save,
    team_create,
    team_join,
)


def hackathon_event(director: Any, community: Any, title: str = "Northwind Hackathon") -> Any:
    return event_create(
        actor=director,
        community=community,
        plan=EventPlan(
            title=title,
            format=EventFormat.objects.get(slug="hackathon"),
            timezone="Europe/London",
            start_local=datetime(2030, 3, 8, 9, 0),
            duration=timedelta(hours=30),
        ),
    )


def set_phase(hackathon: Hackathon, phase: str) -> None:
    """Move the hackathon's dates so that ``phase`` is today."""
    now = timezone.now()
    offsets = {"build": (-1, 1, 2), "judging": (-2, -1, 1)}[phase]
    hackathon.teams_until, hackathon.submit_until, hackathon.judge_until = (
        now + timedelta(days=d) for d in offsets
    )
    hackathon.save()


def submitted_teams(hackathon: Hackathon, people: list[Any], names: list[str]) -> list[Any]:
    teams = []
    for n, name in enumerate(names):
        team = team_create(actor=people[2 * n], hackathon=hackathon, name=name)
        team_join(actor=people[2 * n + 1], team=team)
        teams.append(team)
    set_phase(hackathon, "build")
    for n, team in enumerate(teams):
        submission_save(actor=people[2 * n], team=team, text=SubmissionText(pitch=f"Pitch {n}"))
    set_phase(hackathon, "judging")
    return teams


def whole_rubric(hackathon: Hackathon, value: int) -> dict[int, int]:
    return {c.pk: value for c in hackathon.criteria.all()}
