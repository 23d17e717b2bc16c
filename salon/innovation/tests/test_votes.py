"""Voting: simple support or a budget of votes, never for one's own idea, totals hidden
until voting closes, and a budget that concurrent votes cannot exceed."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from conftest import client_for
from salon.accounts.models import User
from salon.innovation.models import Idea, Vote, VoteBudget
from salon.innovation.services.votes import idea_vote


def test_a_member_supports_an_idea_once_and_can_take_it_back(facilitator: Any, idea: Any) -> None:
    client = client_for(facilitator)
    assert client.post(f"/ideas/{idea.pk}/vote/", {"votes": "1"}).status_code == 302
    idea.refresh_from_db()
    assert idea.vote_total == 1
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Supported" in page
    with pytest.raises(ValidationError, match="between 0 and 1 vote"):
        idea_vote(actor=facilitator, idea=idea, votes=2)
    client.post(f"/ideas/{idea.pk}/vote/", {"votes": "0"})
    idea.refresh_from_db()
    assert idea.vote_total == 0
    assert not Vote.objects.exists()


def test_nobody_votes_for_their_own_idea(member: Any, idea: Any) -> None:
    assert client_for(member).post(f"/ideas/{idea.pk}/vote/", {"votes": "1"}).status_code == 403
    response = client_for(member).post(
        f"/api/v1/ideas/{idea.pk}/votes", {"votes": 1}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Vote.objects.exists()
    assert "Your idea" in client_for(member).get(idea.get_absolute_url()).content.decode()


def test_a_budget_is_spread_across_ideas_and_refused_beyond_it(
    director: Any, member: Any, facilitator: Any, make_challenge: Any, make_idea: Any
) -> None:
    budgeted = make_challenge(voting="budget", vote_budget=5)
    first = make_idea(member, "Client portal", on=budgeted)
    second = make_idea(member, "Identity in a day", on=budgeted)
    client = client_for(facilitator)
    client.post(f"/ideas/{first.pk}/vote/", {"votes": "3"})
    response = client.post(
        f"/api/v1/ideas/{second.pk}/votes", {"votes": 3}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "You have 2 votes left in this challenge."}
    response = client.post(
        f"/api/v1/ideas/{second.pk}/votes", {"votes": 2}, content_type="application/json"
    )
    assert response.json() == {"idea": second.pk, "total": 2, "mine": 2, "left": 0}
    # Moving votes from one idea to another frees them first.
    idea_vote(actor=facilitator, idea=first, votes=1)
    idea_vote(actor=facilitator, idea=second, votes=4)
    assert VoteBudget.objects.get(user=facilitator).spent == 5
    assert [Idea.objects.get(pk=i.pk).vote_total for i in (first, second)] == [1, 4]


def test_a_vote_over_budget_in_the_page_says_how_many_are_left(
    facilitator: Any, member: Any, make_challenge: Any, make_idea: Any
) -> None:
    budgeted = make_challenge(voting="budget", vote_budget=3)
    idea = make_idea(member, on=budgeted)
    response = client_for(facilitator).post(
        f"/ideas/{idea.pk}/vote/", {"votes": "5"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Give between 0 and 3 votes." in response.content.decode()
    assert not Vote.objects.exists()


def test_hidden_totals_show_once_voting_closes(
    facilitator: Any, member: Any, make_challenge: Any, make_idea: Any
) -> None:
    hidden = make_challenge(hide_totals=True)
    idea = make_idea(member, on=hidden)
    idea_vote(actor=facilitator, idea=idea, votes=1)
    got = client_for(member).get(f"/api/v1/ideas/{idea.pk}/votes").json()
    assert got["total"] is None
    assert client_for(member).get(f"/api/v1/ideas/{idea.pk}").json()["votes"] is None
    today = timezone.localdate()
    hidden.refine_until = today - timedelta(days=1)
    hidden.submit_until = today - timedelta(days=2)
    hidden.opens_on = today - timedelta(days=5)
    hidden.save()
    assert client_for(member).get(f"/api/v1/ideas/{idea.pk}/votes").json()["total"] == 1


def test_voting_closes_with_the_refine_phase(
    facilitator: Any, member: Any, make_challenge: Any, make_idea: Any
) -> None:
    challenge = make_challenge()
    idea = make_idea(member, on=challenge)
    today = timezone.localdate()
    challenge.opens_on, challenge.submit_until = today - timedelta(9), today - timedelta(5)
    challenge.refine_until = today - timedelta(1)
    challenge.save()
    response = client_for(facilitator).post(f"/ideas/{idea.pk}/vote/", {"votes": "1"})
    assert response.status_code == 403


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_votes_never_exceed_the_budget(
    director: Any, member: Any, facilitator: Any, make_challenge: Any, make_idea: Any
) -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] == ":memory:":
        pytest.skip("needs a database file that several connections share")
    budgeted = make_challenge(voting="budget", vote_budget=5)
    ideas = [make_idea(member, f"Idea number {n}", on=budgeted).pk for n in range(12)]
    counted: list[int] = []
    refused: list[int] = []
    errors: list[BaseException] = []
    ready = threading.Barrier(len(ideas), timeout=60)

    def vote(idea_id: int) -> None:
        try:
            voter = User.objects.get(pk=facilitator.pk)
            idea = Idea.objects.select_related("challenge", "community").get(pk=idea_id)
            ready.wait()  # all twelve start together
            try:
                idea_vote(actor=voter, idea=idea, votes=1)
                counted.append(idea_id)
            except ValidationError:
                refused.append(idea_id)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(pk,)) for pk in ideas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert (len(counted), len(refused)) == (5, 7)
    assert VoteBudget.objects.get(user=facilitator).spent == 5
    assert Vote.objects.filter(user=facilitator).count() == 5
    assert sum(Idea.objects.filter(pk__in=ideas).values_list("vote_total", flat=True)) == 5
