"""The pipeline board, an idea's page and the funnel report cost the same number of
queries with 10 ideas as with ten times as many (built with bulk inserts)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import client_for
from salon.accounts.models import User
from salon.communities.models import Membership, Role
from salon.innovation.models import Idea, IdeaAuthor, Stage, StageMove, Vote

REGIONS = ["emea", "americas", "apac"]
FUNCTIONS = ["finance", "operations", "technology"]


def _grow(challenge: Any, *, start: int, count: int) -> None:
    """``count`` more ideas, each by a new member, spread over every stage, with a history
    of moves, a co-author and a vote."""
    community = challenge.community
    stages = list(Stage.objects.filter(community=community).order_by("position"))
    users = User.objects.bulk_create(
        User(
            email=f"i{n}@acme.test",
            name=f"Innovator {n:04d}",
            region=REGIONS[n % 3],
            function=FUNCTIONS[n % 3],
        )
        for n in range(start, start + count)
    )
    Membership.objects.bulk_create(
        Membership(community=community, user=u, role=Role.MEMBER) for u in users
    )
    now = timezone.now()
    ideas = Idea.objects.bulk_create(
        Idea(
            challenge=challenge,
            community=community,
            title=f"Idea {n}",
            problem="Slow.",
            proposal="Faster.",
            stage=stages[n % len(stages)],
            stage_entered_at=now - timedelta(days=n % 9),
            vote_total=1,
        )
        for n in range(start, start + count)
    )
    IdeaAuthor.objects.bulk_create(
        IdeaAuthor(idea=i, user=u, is_lead=True) for i, u in zip(ideas, users, strict=True)
    )
    IdeaAuthor.objects.bulk_create(
        IdeaAuthor(idea=i, user=users[(k + 1) % count]) for k, i in enumerate(ideas)
    )
    StageMove.objects.bulk_create(
        StageMove(
            idea=i,
            from_stage=stages[0] if i.stage_id != stages[0].pk else None,
            to_stage=i.stage,
            note="On.",
            seconds_in_stage=86400 * (k % 5 + 1),
        )
        for k, i in enumerate(ideas)
    )
    Vote.objects.bulk_create(
        Vote(idea=i, challenge=challenge, user=users[(k + 2) % count]) for k, i in enumerate(ideas)
    )


def _flat(client: Any, url: str, challenge: Any, at_most: int, assert_max: Any) -> None:
    _grow(challenge, start=0, count=10)
    with assert_max(at_most) as small:
        assert client.get(url).status_code == 200
    _grow(challenge, start=10, count=90)
    with assert_max(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_pipeline_board_stays_flat(
    member: Any, challenge: Any, django_assert_max_num_queries: Any
) -> None:
    # Session, user, memberships, the bell; the stages, counts per stage, each column's
    # latest ideas (one window query).
    _flat(client_for(member), "/c/acme/ideas/", challenge, 12, django_assert_max_num_queries)


def test_the_funnel_report_stays_flat(
    director: Any, challenge: Any, django_assert_max_num_queries: Any
) -> None:
    # Session, user, memberships, the bell; stages, ideas per stage, ever reached, time in
    # stage, by region, by function.
    url = "/c/acme/ideas/funnel/"
    _flat(client_for(director), url, challenge, 14, django_assert_max_num_queries)


def test_an_idea_page_stays_flat(
    facilitator: Any, member: Any, idea: Any, django_assert_max_num_queries: Any
) -> None:
    # Session, user, memberships, the bell; the idea (with its challenge, stage and topic),
    # its authors, its history, the viewer's vote, its files, the stages.
    url = idea.get_absolute_url()
    challenge = idea.challenge
    client = client_for(facilitator)
    _grow(challenge, start=0, count=10)
    IdeaAuthor.objects.bulk_create(
        IdeaAuthor(idea=idea, user=u) for u in User.objects.filter(email__startswith="i")[:5]
    )
    with django_assert_max_num_queries(16) as small:
        assert client.get(url).status_code == 200
    _grow(challenge, start=10, count=90)
    IdeaAuthor.objects.bulk_create(
        IdeaAuthor(idea=idea, user=u)
        for u in User.objects.filter(email__startswith="i").order_by("pk")[5:50]
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_challenge_page_stays_flat(
    facilitator: Any, challenge: Any, django_assert_max_num_queries: Any
) -> None:
    url = challenge.get_absolute_url()
    _flat(client_for(facilitator), url, challenge, 14, django_assert_max_num_queries)


def test_the_challenges_list_and_the_evaluation_stay_flat(
    member: Any, director: Any, challenge: Any, django_assert_max_num_queries: Any
) -> None:
    pages = [
        (client_for(member), "/c/acme/challenges/"),
        (client_for(director), f"/challenges/{challenge.pk}/evaluation/"),
    ]
    _grow(challenge, start=0, count=10)
    small = []
    for client, url in pages:
        client.get(url)  # the session's first request also stamps it
        # session, user, memberships, the challenges or the challenge, their ideas or the
        # scorecards and criteria, the bell
        with django_assert_max_num_queries(8) as queries:
            assert client.get(url).status_code == 200
        small.append(len(queries.captured_queries))
    _grow(challenge, start=10, count=90)
    for (client, url), before in zip(pages, small, strict=True):
        with django_assert_max_num_queries(before):
            assert client.get(url).status_code == 200
