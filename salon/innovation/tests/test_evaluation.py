"""Expert evaluation: experts score ideas on the challenge's weighted scorecard, never an
idea they wrote; the decision meeting sees leniency and both rankings."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from conftest import client_for, join, make_user
from salon.communities.models import Role
from salon.innovation.models import Criterion, Scorecard
from salon.innovation.services.evaluation import idea_score
from salon.innovation.services.ideas import idea_join


@pytest.fixture
def experts(community: Any) -> list[Any]:
    people = []
    for name in ("Erin Expert", "Ezra Expert"):
        user = make_user(f"{name.split()[0].lower()}@acme.test", name)
        join(user, community, Role.EXPERT)
        people.append(user)
    return people


def _values(challenge: Any, *scores: int) -> dict[int, int]:
    criteria = Criterion.objects.filter(challenge=challenge).order_by("position")
    return {c.pk: s for c, s in zip(criteria, scores, strict=True)}


def test_a_challenge_gets_the_default_scorecard_or_its_own(make_challenge: Any) -> None:
    default = make_challenge()
    assert list(default.criteria.values_list("name", "weight")) == [
        ("Value to customers", 40),
        ("Feasibility", 30),
        ("Strategic fit", 30),
    ]
    own = make_challenge(criteria=[("Customer pain", 60), ("Cost", 40)])
    assert list(own.criteria.values_list("name", "weight")) == [("Customer pain", 60), ("Cost", 40)]


def test_an_expert_scores_an_idea_and_the_total_is_weighted(
    experts: Any, idea: Any, challenge: Any
) -> None:
    expert = experts[0]
    page = client_for(expert).get(idea.get_absolute_url()).content.decode()
    assert "Score this idea" in page
    fields = {f"c{pk}": v for pk, v in _values(challenge, 5, 3, 1).items()}
    response = client_for(expert).post(
        f"/ideas/{idea.pk}/score/", {**fields, "comment": "Customers asked for it."}
    )
    assert response.status_code == 302
    card = Scorecard.objects.get(expert=expert, idea=idea)
    assert card.total == pytest.approx(3.2)  # (5×40 + 3×30 + 1×30) / 100
    assert card.comment == "Customers asked for it."
    # Scoring again replaces the earlier scores.
    idea_score(actor=expert, idea=idea, values=_values(challenge, 4, 4, 4))
    card.refresh_from_db()
    assert (card.total, card.scores.count()) == (4.0, 3)


def test_every_criterion_must_be_scored_and_nothing_is_written_otherwise(
    experts: Any, idea: Any, challenge: Any
) -> None:
    values = _values(challenge, 5, 3, 1)
    values.popitem()
    with pytest.raises(ValidationError, match=r"Score every criterion: Strategic fit\."):
        idea_score(actor=experts[0], idea=idea, values=values)
    assert not Scorecard.objects.exists()


def test_a_co_author_may_not_score_the_idea(experts: Any, idea: Any, challenge: Any) -> None:
    idea_join(actor=experts[0], idea=idea)
    response = client_for(experts[0]).post(
        f"/api/v1/ideas/{idea.pk}/scores",
        {"scores": {"Value to customers": 5, "Feasibility": 5, "Strategic fit": 5}},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert (
        "Score this idea"
        not in client_for(experts[0]).get(idea.get_absolute_url()).content.decode()
    )
    assert not Scorecard.objects.exists()


def test_members_and_stewards_do_not_score(member: Any, director: Any, idea: Any) -> None:
    assert client_for(director).get(f"/ideas/{idea.pk}/score/").status_code == 403


def test_the_decision_meeting_sees_leniency_and_both_rankings(
    director: Any, member: Any, facilitator: Any, experts: Any, challenge: Any, make_idea: Any
) -> None:
    a = make_idea(member, "Idea Alpha")
    b = make_idea(facilitator, "Idea Beta")
    lenient, harsh = experts
    idea_score(actor=lenient, idea=a, values=_values(challenge, 5, 5, 5), comment="Bold.")
    idea_score(actor=lenient, idea=b, values=_values(challenge, 4, 4, 4))
    idea_score(actor=harsh, idea=a, values=_values(challenge, 2, 2, 2))
    idea_score(actor=harsh, idea=b, values=_values(challenge, 1, 1, 1))
    response = client_for(director).get(f"/challenges/{challenge.pk}/evaluation/")
    assert response.status_code == 200
    evaluation = response.context["evaluation"]
    assert [row.idea.title for row in evaluation.rows] == ["Idea Alpha", "Idea Beta"]
    assert [expert.name for expert, _e in evaluation.evaluators] == ["Erin Expert", "Ezra Expert"]
    assert evaluation.evaluators[0][1].leniency == pytest.approx(1.5)
    page = response.content.decode()
    assert "Bold." in page
    assert "+1.50" in page
    api = client_for(director).get(f"/api/v1/ideas/{a.pk}/scores").json()
    assert {card["expert"] for card in api["scorecards"]} == {"Erin Expert", "Ezra Expert"}
    mine = client_for(lenient).get(f"/api/v1/ideas/{a.pk}/scores").json()
    assert [card["expert"] for card in mine["scorecards"]] == ["Erin Expert"]
    assert client_for(member).get(f"/challenges/{challenge.pk}/evaluation/").status_code == 403


def test_the_scorecard_is_fixed_once_scoring_began(
    director: Any, experts: Any, idea: Any, challenge: Any, plan_of: Any
) -> None:
    from salon.innovation.services.challenges import challenge_update

    idea_score(actor=experts[0], idea=idea, values=_values(challenge, 3, 3, 3))
    with pytest.raises(ValidationError, match="can no longer change"):
        challenge_update(
            actor=director, challenge=challenge, plan=plan_of(criteria=[("Only this", 1)])
        )
