"""A hackathon's pages cost the same number of queries with 6 teams as with ten times as
many (built with bulk inserts), for a member, a judge and the organisers."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import client_for
from salon.accounts.models import User
from salon.communities.models import Membership, Role
from salon.events.models import EventFormat
from salon.events.services import EventPlan, event_create
from salon.innovation.models import (
    Hackathon,
    HackathonCriterion,
    Judge,
    Submission,
    Team,
    TeamMember,
    TeamScorecard,
)
from salon.innovation.services.hackathons import HackathonPlan, hackathon_create


@pytest.fixture
def hackathon(director: Any, community: Any, facilitator: Any) -> Hackathon:
    event = event_create(
        actor=director,
        community=community,
        plan=EventPlan(
            title="Northwind Hackathon",
            format=EventFormat.objects.get(slug="hackathon"),
            timezone="Europe/London",
            start_local=datetime(2030, 3, 8, 9, 0),
            duration=timedelta(hours=30),
        ),
    )
    now = timezone.now()
    made = hackathon_create(
        actor=director,
        community=community,
        plan=HackathonPlan(
            event=event,
            teams_until=now - timedelta(days=2),
            submit_until=now - timedelta(days=1),
            judge_until=now + timedelta(days=1),
        ),
    )
    Judge.objects.create(hackathon=made, user=facilitator)
    return made


def _grow(hackathon: Hackathon, *, start: int, count: int) -> None:
    """``count`` more teams of three new people, each submitted and scored by the judge."""
    users = User.objects.bulk_create(
        User(email=f"t{n}@acme.test", name=f"Teammate {n:04d}")
        for n in range(start * 3, (start + count) * 3)
    )
    Membership.objects.bulk_create(
        Membership(community=hackathon.community, user=u, role=Role.MEMBER) for u in users
    )
    teams = Team.objects.bulk_create(
        Team(hackathon=hackathon, name=f"Team {n}", captain=users[3 * k])
        for k, n in enumerate(range(start, start + count))
    )
    TeamMember.objects.bulk_create(
        TeamMember(team=t, hackathon=hackathon, user=users[3 * k + j])
        for k, t in enumerate(teams)
        for j in range(3)
    )
    Submission.objects.bulk_create(Submission(team=t, pitch=f"Pitch of {t.name}") for t in teams)
    judge = Judge.objects.get(hackathon=hackathon)
    TeamScorecard.objects.bulk_create(
        TeamScorecard(team=t, judge=judge, total=1 + (k % 5)) for k, t in enumerate(teams)
    )
    assert HackathonCriterion.objects.filter(hackathon=hackathon).count() == 3


@pytest.mark.parametrize(
    ("persona", "path", "at_most"),
    [
        # Session, user, memberships, the bell; the hackathon; its teams with their idea,
        # captain and submission, and their members; its judges; the rubric.
        ("member", "/hackathons/{id}/", 14),
        # The same, and for the judge: their conflicts (members' circles, declarations),
        # the assignment's, and what they scored.
        ("facilitator", "/hackathons/{id}/", 20),
        # The scorecards, the teams with their members, the judges.
        ("director", "/hackathons/{id}/results/", 12),
        ("member", "/c/acme/hackathons/", 8),
        ("member", "/api/v1/hackathons/{id}/teams", 14),
        ("member", "/api/v1/hackathons/{id}/submissions", 14),
        ("director", "/api/v1/hackathons/{id}/scores", 12),
    ],
)
def test_hackathon_pages_stay_flat(
    request: Any,
    hackathon: Hackathon,
    persona: str,
    path: str,
    at_most: int,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(request.getfixturevalue(persona))
    url = path.format(id=hackathon.pk)
    _grow(hackathon, start=0, count=6)
    client.get(url)  # the session's first request also stamps it
    with django_assert_max_num_queries(at_most) as small:
        assert client.get(url).status_code == 200
    _grow(hackathon, start=6, count=54)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
