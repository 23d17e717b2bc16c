"""The stage pipeline: gates name who decides, each move keeps a note and the time spent
in the stage left, the authors are told, and the board and funnel show where ideas are."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import client_for, join, make_user
from salon.core.errors import Conflict
from salon.innovation.models import Idea, Stage, StageMove
from salon.innovation.services.pipeline import idea_move
from salon.notifications.models import Notification


def _stage(community: Any, key: str) -> Stage:
    return Stage.objects.get(community=community, key=key)


def test_a_community_gets_the_default_pipeline_with_its_first_challenge(
    community: Any, challenge: Any
) -> None:
    keys = list(Stage.objects.filter(community=community).values_list("key", flat=True))
    assert keys == ["idea", "shortlisted", "experiment", "pilot", "scaling", "in_market", "parked"]
    assert _stage(community, "parked").is_parked


def test_a_facilitator_shortlists_an_idea_and_its_author_is_told(
    facilitator: Any, member: Any, community: Any, idea: Any
) -> None:
    Idea.objects.filter(pk=idea.pk).update(stage_entered_at=timezone.now() - timedelta(days=3))
    idea.refresh_from_db()
    shortlisted = _stage(community, "shortlisted")
    response = client_for(facilitator).post(
        f"/ideas/{idea.pk}/stage/", {"stage": shortlisted.pk, "note": "Strong member support."}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.stage == shortlisted
    move = idea.moves.latest("moved_at")
    assert (move.from_stage.key, move.decided_by, move.decided_as) == (
        "idea",
        facilitator,
        "facilitator",
    )
    assert move.criteria.startswith("A clear problem")
    assert move.days_in_stage == 3.0
    notice = Notification.objects.get(recipient=member, kind="innovation.idea_moved")
    assert notice.url == idea.get_absolute_url()
    page = client_for(member).get(idea.get_absolute_url()).content.decode()
    assert "Strong member support." in page
    assert "after 3.0 days" in page


def test_a_gate_refuses_those_it_does_not_name(facilitator: Any, community: Any, idea: Any) -> None:
    with pytest.raises(PermissionDenied):
        idea_move(actor=facilitator, idea=idea, stage=_stage(community, "scaling"), note="Go.")
    page = client_for(facilitator).get(f"/ideas/{idea.pk}/stage/").content.decode()
    assert "Shortlisted" in page
    assert f'value="{_stage(community, "scaling").pk}"' not in page
    assert idea.moves.count() == 1


def test_the_sponsor_decides_at_the_gates_that_name_the_sponsor(
    community: Any, member: Any, make_challenge: Any, make_idea: Any
) -> None:
    sponsor = make_user("sam@acme.test", "Sam Sponsor")
    join(sponsor, community)
    sponsored = make_challenge(sponsor=sponsor)
    idea = make_idea(member, on=sponsored)
    idea_move(actor=sponsor, idea=idea, stage=_stage(community, "experiment"), note="Fund it.")
    assert idea.moves.latest("moved_at").decided_as == "sponsor"
    with pytest.raises(PermissionDenied):
        idea_move(actor=sponsor, idea=idea, stage=_stage(community, "scaling"), note="Go.")


def test_a_move_needs_a_note_and_nothing_is_written_without_one(
    director: Any, community: Any, idea: Any
) -> None:
    with pytest.raises(ValidationError, match="note"):
        idea_move(actor=director, idea=idea, stage=_stage(community, "pilot"), note="  ")
    idea.refresh_from_db()
    assert idea.stage.key == "idea"
    assert idea.moves.count() == 1


def test_two_people_moving_one_idea_at_once_do_not_both_win(
    director: Any, facilitator: Any, community: Any, idea: Any
) -> None:
    stale = Idea.objects.select_related("challenge", "stage").get(pk=idea.pk)
    idea_move(actor=director, idea=idea, stage=_stage(community, "shortlisted"), note="Yes.")
    with pytest.raises(Conflict):
        idea_move(actor=facilitator, idea=stale, stage=_stage(community, "parked"), note="No.")
    assert StageMove.objects.filter(idea=idea).count() == 2


def test_the_api_moves_an_idea_by_stage_key_and_shows_the_history(director: Any, idea: Any) -> None:
    client = client_for(director)
    response = client.post(
        f"/api/v1/ideas/{idea.pk}/stage",
        {"stage": "pilot", "note": "Straight to a pilot."},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["stage"] == "pilot"
    assert [m["to_stage"] for m in body["history"]] == ["idea", "pilot"]
    wrong = client.post(
        f"/api/v1/ideas/{idea.pk}/stage",
        {"stage": "moon", "note": "?"},
        content_type="application/json",
    )
    assert wrong.status_code == 400
    assert "There is no stage “moon”" in wrong.json()["detail"]
    ideas = client.get(f"/api/v1/challenges/{idea.challenge_id}/ideas").json()
    assert ideas["items"][0]["stage"] == "pilot"


def test_the_board_shows_a_column_per_stage(
    director: Any, member: Any, community: Any, idea: Any, make_idea: Any
) -> None:
    parked = make_idea(member, "A rooftop garden")
    idea_move(actor=director, idea=parked, stage=_stage(community, "parked"), note="Not now.")
    page = client_for(member).get("/c/acme/ideas/").content.decode()
    for name in ("Idea", "Shortlisted", "Experiment", "Pilot", "Scaling", "In market", "Parked"):
        assert f">{name} <span" in page
    assert "Digital identity checks in a day" in page
    assert "A rooftop garden" in page


def test_the_board_is_empty_with_a_pointer_to_the_challenges(member: Any, challenge: Any) -> None:
    page = client_for(member).get("/c/acme/ideas/").content.decode()
    assert "No ideas in the pipeline yet." in page


def test_the_funnel_counts_conversion_and_median_time(
    director: Any, member: Any, community: Any, make_idea: Any
) -> None:
    ideas = [make_idea(member, f"Idea {n}") for n in range(4)]
    for n, idea in enumerate(ideas[:2]):
        Idea.objects.filter(pk=idea.pk).update(
            stage_entered_at=timezone.now() - timedelta(days=2 + 2 * n)
        )
        idea.refresh_from_db()
        idea_move(actor=director, idea=idea, stage=_stage(community, "shortlisted"), note="Y.")
    response = client_for(director).get("/c/acme/ideas/funnel/")
    report = response.context["report"]
    rows = {row.stage.key: row for row in report.rows}
    assert (rows["idea"].reached, rows["idea"].now) == (4, 2)
    assert (rows["shortlisted"].reached, rows["shortlisted"].conversion) == (2, 50.0)
    assert rows["idea"].median_days == 3.0
    assert report.by_region == [("apac", 4)]
    assert "50.0%" in response.content.decode()


def test_a_director_changes_a_gate_and_the_next_move_follows_it(
    director: Any, facilitator: Any, community: Any, idea: Any
) -> None:
    shortlisted = _stage(community, "shortlisted")
    prefix = f"s{shortlisted.pk}"
    response = client_for(director).post(
        "/c/acme/ideas/stages/",
        {
            "stage": shortlisted.pk,
            f"{prefix}-name": "Worth a look",
            f"{prefix}-deciders": ["director"],
            f"{prefix}-criteria": "Two members back it.",
        },
    )
    assert response.status_code == 302
    shortlisted.refresh_from_db()
    assert (shortlisted.name, shortlisted.deciders) == ("Worth a look", ["director"])
    with pytest.raises(PermissionDenied):
        idea_move(actor=facilitator, idea=idea, stage=shortlisted, note="Yes.")
    assert client_for(facilitator).get("/c/acme/ideas/stages/").status_code == 403


def test_a_stage_without_a_name_is_refused(director: Any, community: Any, challenge: Any) -> None:
    stage = _stage(community, "pilot")
    response = client_for(director).post(
        "/c/acme/ideas/stages/", {"stage": stage.pk, f"s{stage.pk}-name": " "}
    )
    assert response.status_code == 400
    stage.refresh_from_db()
    assert stage.name == "Pilot"
