"""Winners into the pipeline: once the results are announced, the organisers move the
winning teams' ideas to "experiment" through the stage's gate (who decided, a note), the
teams become co-authors, the authors are told, and it is audited."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import client_for
from salon.core.models import AuditEvent
from salon.innovation.models import Hackathon, IdeaAuthor, Stage, Team
from salon.innovation.services.hackathons import judge_add, results_publish, team_score
from salon.innovation.services.pipeline import idea_move
from salon.innovation.tests.hackathon_world import submitted_teams, whole_rubric
from salon.notifications.models import Notification


@pytest.fixture
def ranked(
    hackathon: Hackathon, people: list[Any], expert: Any, director: Any, make_idea: Any
) -> list[Team]:
    """Two submitted teams, each around an idea of the challenge, scored by one judge."""
    owls, birds = submitted_teams(hackathon, people[:4], ["Night Owls", "Early Birds"])
    for team, author, title in ((owls, people[4], "Usage alerts"), (birds, director, "Kiosk")):
        team.idea = make_idea(author, title=title)
        team.save(update_fields=["idea"])
    judge_add(actor=director, hackathon=hackathon, user=expert)
    team_score(actor=expert, team=owls, values=whole_rubric(hackathon, 5))
    team_score(actor=expert, team=birds, values=whole_rubric(hackathon, 2))
    return [owls, birds]


def test_the_director_moves_the_winners_idea_to_experiment_with_its_team(
    hackathon: Hackathon, ranked: list[Team], director: Any, people: list[Any]
) -> None:
    owls, birds = ranked
    results_publish(actor=director, hackathon=hackathon)
    client = client_for(director)
    url = f"/hackathons/{hackathon.pk}/winners/"
    page = client.get(url).content.decode()
    assert "1. Night Owls: Usage alerts" in page
    assert "2. Early Birds: Kiosk" in page

    response = client.post(url, {"teams": [owls.pk], "note": "Won the hackathon; test pricing."})

    assert response.status_code == 302
    idea = owls.idea
    assert idea is not None
    idea.refresh_from_db()
    assert idea.stage.key == "experiment"
    move = idea.moves.latest("moved_at")
    assert (move.decided_by, move.decided_as, move.note) == (
        director,
        "director",
        "Won the hackathon; test pricing.",
    )
    authors = set(IdeaAuthor.objects.filter(idea=idea).values_list("user_id", flat=True))
    assert authors == {people[4].pk, people[0].pk, people[1].pk}
    told = set(
        Notification.objects.filter(kind="innovation.idea_moved").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == authors
    event = AuditEvent.objects.get(action="innovation.hackathon.winners_moved")
    assert (event.actor, event.details["teams"]) == (director, [owls.pk])
    assert birds.idea is not None
    birds.idea.refresh_from_db()
    assert birds.idea.stage.key == "idea"
    # The moved idea is no longer offered.
    again = client.get(url).content.decode()
    assert "1. Night Owls" not in again
    assert "At this stage or beyond already" in again


def test_a_facilitator_is_not_named_by_the_experiment_gate(
    hackathon: Hackathon, ranked: list[Team], director: Any, facilitator: Any
) -> None:
    results_publish(actor=director, hackathon=hackathon)

    response = client_for(facilitator).post(
        f"/hackathons/{hackathon.pk}/winners/", {"teams": [ranked[0].pk], "note": "Go."}
    )

    assert response.status_code == 403
    assert ranked[0].idea is not None
    ranked[0].idea.refresh_from_db()
    assert ranked[0].idea.stage.key == "idea"
    assert not AuditEvent.objects.filter(action="innovation.hackathon.winners_moved").exists()


def test_nothing_moves_before_the_results_are_announced(
    hackathon: Hackathon, ranked: list[Team], director: Any
) -> None:
    client = client_for(director)
    url = f"/hackathons/{hackathon.pk}/winners/"

    page = client.get(url).content.decode()
    response = client.post(url, {"teams": [ranked[0].pk], "note": "Go."})

    assert "Announce the results first" in page
    assert response.status_code == 400
    assert ranked[0].idea is not None
    ranked[0].idea.refresh_from_db()
    assert ranked[0].idea.stage.key == "idea"


def test_an_idea_already_past_experiment_is_not_moved_back(
    hackathon: Hackathon, ranked: list[Team], director: Any, community: Any
) -> None:
    idea = ranked[0].idea
    assert idea is not None
    idea_move(
        actor=director,
        idea=idea,
        stage=Stage.objects.get(community=community, key="pilot"),
        note="Already piloting.",
    )
    results_publish(actor=director, hackathon=hackathon)

    page = client_for(director).get(f"/hackathons/{hackathon.pk}/winners/").content.decode()
    response = client_for(director).post(
        f"/hackathons/{hackathon.pk}/winners/", {"teams": [ranked[0].pk], "note": "Go."}
    )

    assert "At this stage or beyond already" in page
    assert "Night Owls" in page
    assert response.status_code == 400  # not a choice on the form
    idea.refresh_from_db()
    assert idea.stage.key == "pilot"
