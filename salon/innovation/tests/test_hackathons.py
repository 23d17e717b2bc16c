"""Hackathons: setting one up, teams within their size range, submissions until the
deadline (late work refused with why), judges who never score a team they have a
conflict with, and results ranked on scores normalised per judge, announced by the
organisers."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import client_for, join, make_user
from salon.communities.models import Circle, CircleMembership, Role
from salon.core.models import Attachment
from salon.events.models import EventFormat
from salon.events.services import EventPlan, event_create
from salon.innovation.models import Hackathon, HackathonCriterion, TeamMember
from salon.innovation.services.hackathons import (
    HackathonPlan,
    SubmissionText,
    conflicts_declare,
    hackathon_create,
    judge_add,
    results_publish,
    submission_save,
    team_create,
    team_join,
    team_leave,
    team_score,
)
from salon.innovation.tests.hackathon_world import (
    hackathon_event,
    set_phase,
    submitted_teams,
    whole_rubric,
)


def test_a_director_sets_one_up_with_the_default_rubric(hackathon: Hackathon) -> None:
    assert hackathon.phase == "teams"
    assert list(HackathonCriterion.objects.values_list("name", "weight")) == [
        ("Value to customers", 40),
        ("Working demo", 30),
        ("Originality", 30),
    ]


def test_only_an_event_of_the_hackathon_format_is_set_up(director: Any, community: Any) -> None:
    webinar = event_create(
        actor=director,
        community=community,
        plan=EventPlan(
            title="Webinar",
            format=EventFormat.objects.get_or_create(slug="webinar", defaults={"name": "W"})[0],
            timezone="Europe/London",
            start_local=datetime(2030, 3, 8, 9, 0),
            duration=timedelta(hours=1),
        ),
    )
    now = timezone.now()
    with pytest.raises(ValidationError):
        hackathon_create(
            actor=director,
            community=community,
            plan=HackathonPlan(
                event=webinar,
                teams_until=now,
                submit_until=now,
                judge_until=now,
            ),
        )


def test_a_member_cannot_set_one_up(member: Any, director: Any, community: Any) -> None:
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        hackathon_create(
            actor=member,
            community=community,
            plan=HackathonPlan(
                event=hackathon_event(director, community),
                teams_until=now,
                submit_until=now,
                judge_until=now,
            ),
        )


def test_teams_form_fill_up_and_refuse_a_fourth(hackathon: Hackathon, people: list[Any]) -> None:
    team = team_create(actor=people[0], hackathon=hackathon, name="Night Owls")
    team_join(actor=people[1], team=team)
    team_join(actor=people[2], team=team)

    with pytest.raises(ValidationError, match="full: 3 people at most"):
        team_join(actor=people[3], team=team)
    assert TeamMember.objects.filter(team=team).count() == 3
    assert team.captain == people[0]


def test_nobody_is_in_two_teams(hackathon: Hackathon, people: list[Any]) -> None:
    first = team_create(actor=people[0], hackathon=hackathon, name="Night Owls")
    team_create(actor=people[1], hackathon=hackathon, name="Early Birds")
    with pytest.raises(ValidationError, match="already in a team"):
        team_join(actor=people[1], team=first)
    with pytest.raises(ValidationError, match="already in a team"):
        team_create(actor=people[0], hackathon=hackathon, name="Third Team")


def test_the_captaincy_passes_on_and_an_empty_team_goes(
    hackathon: Hackathon, people: list[Any]
) -> None:
    team = team_create(actor=people[0], hackathon=hackathon, name="Night Owls")
    team_join(actor=people[1], team=team)

    kept = team_leave(actor=people[0], team=team)
    assert kept is not None
    assert kept.captain == people[1]
    assert team_leave(actor=people[1], team=kept) is None
    assert not hackathon.teams.exists()


def test_a_guest_cannot_form_a_team(hackathon: Hackathon, guest: Any) -> None:
    with pytest.raises(PermissionDenied):
        team_create(actor=guest, hackathon=hackathon, name="Spectators")


def test_teams_stop_changing_when_building_starts(hackathon: Hackathon, people: list[Any]) -> None:
    team = team_create(actor=people[0], hackathon=hackathon, name="Night Owls")
    set_phase(hackathon, "build")
    with pytest.raises(PermissionDenied):
        team_join(actor=people[1], team=team)


def test_a_team_submits_with_a_file_until_the_deadline(
    hackathon: Hackathon, people: list[Any], settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    team = team_create(actor=people[0], hackathon=hackathon, name="Night Owls")
    text = SubmissionText(pitch="Usage alerts before the invoice.", demo_url="https://x.test/")
    with pytest.raises(ValidationError, match="at least 2 people"):
        submission_save(actor=people[0], team=team, text=text)
    team_join(actor=people[1], team=team)
    set_phase(hackathon, "build")
    deck = SimpleUploadedFile("deck.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")

    submission = submission_save(actor=people[1], team=team, text=text, files=[deck])

    assert submission.pitch == "Usage alerts before the invoice."
    assert Attachment.objects.get().name == "deck.pdf"
    set_phase(hackathon, "judging")
    with pytest.raises(ValidationError, match="Submissions closed on"):
        submission_save(actor=people[0], team=team, text=text)


def test_late_work_is_refused_on_the_page_with_why(hackathon: Hackathon, people: list[Any]) -> None:
    team = team_create(actor=people[0], hackathon=hackathon, name="Night Owls")
    team_join(actor=people[1], team=team)
    set_phase(hackathon, "judging")
    response = client_for(people[0]).post(
        f"/teams/{team.pk}/submission/", {"pitch": "Too late, sadly."}
    )
    assert response.status_code == 400
    assert "Submissions closed on" in response.content.decode()
    assert not hasattr(team, "submission") or team.submission is None


def test_a_judge_never_scores_a_team_with_someone_they_declared(
    hackathon: Hackathon, people: list[Any], expert: Any, director: Any
) -> None:
    owls, birds = submitted_teams(hackathon, people, ["Night Owls", "Early Birds"])
    judge_add(actor=director, hackathon=hackathon, user=expert)
    conflicts_declare(actor=expert, hackathon=hackathon, people=[people[1]])

    with pytest.raises(PermissionDenied):
        team_score(actor=expert, team=owls, values=whole_rubric(hackathon, 4))
    card = team_score(actor=expert, team=birds, values=whole_rubric(hackathon, 4), comment="Clear.")
    assert card.total == 4


def test_a_judge_never_scores_a_team_with_someone_from_their_circle(
    hackathon: Hackathon, people: list[Any], expert: Any, director: Any, community: Any
) -> None:
    owls, birds = submitted_teams(hackathon, people, ["Night Owls", "Early Birds"])
    circle = Circle.objects.create(community=community, name="AI Products", slug="ai")
    CircleMembership.objects.create(circle=circle, user=expert)
    CircleMembership.objects.create(circle=circle, user=people[3])
    judge_add(actor=director, hackathon=hackathon, user=expert)

    with pytest.raises(PermissionDenied):
        team_score(actor=expert, team=birds, values=whole_rubric(hackathon, 4))
    team_score(actor=expert, team=owls, values=whole_rubric(hackathon, 3))


def test_only_experts_judge_and_members_cannot_score(
    hackathon: Hackathon, people: list[Any], director: Any, member: Any
) -> None:
    owls, _birds = submitted_teams(hackathon, people, ["Night Owls", "Early Birds"])
    with pytest.raises(ValidationError, match="experts"):
        judge_add(actor=director, hackathon=hackathon, user=member)
    with pytest.raises(PermissionDenied):
        team_score(actor=member, team=owls, values=whole_rubric(hackathon, 5))


def test_results_rank_on_scores_normalised_per_judge_once_announced(
    hackathon: Hackathon, people: list[Any], director: Any, community: Any, member: Any
) -> None:
    teams = submitted_teams(hackathon, people[:4], ["Night Owls", "Early Birds"])
    generous, harsh = (
        make_user("g@acme.test", "Gia Generous"),
        make_user("h@acme.test", "Hal Harsh"),
    )
    for judge in (generous, harsh):
        join(judge, community, Role.EXPERT)
        judge_add(actor=director, hackathon=hackathon, user=judge)
    # The generous judge barely separates them; the harsh one clearly prefers the Birds.
    team_score(actor=generous, team=teams[0], values=whole_rubric(hackathon, 5))
    team_score(actor=generous, team=teams[1], values=whole_rubric(hackathon, 4))
    team_score(actor=harsh, team=teams[0], values=whole_rubric(hackathon, 1))
    team_score(actor=harsh, team=teams[1], values=whole_rubric(hackathon, 3))
    results_url = f"/hackathons/{hackathon.pk}/results/"
    assert client_for(member).get(results_url).status_code == 403
    page = client_for(director).get(results_url).content.decode()
    assert "Only the organisers see this" in page

    response = client_for(director).post(f"/hackathons/{hackathon.pk}/publish/")

    assert response.status_code == 302
    hackathon.refresh_from_db()
    assert hackathon.phase == "results"
    scores = client_for(member).get(f"/api/v1/hackathons/{hackathon.pk}/scores").json()
    assert scores["published"] is True
    # Raw means: Owls 3.0, Birds 3.5; normalised both judges split them evenly → a tie
    # broken by key; what matters is that each judge's scale counts the same.
    assert {s["team_name"]: s["raw"] for s in scores["standings"]} == {
        "Night Owls": 3.0,
        "Early Birds": 3.5,
    }
    assert all(s["judges"] == 2 for s in scores["standings"])
    html = client_for(member).get(results_url).content.decode()
    assert "How each judge scores" in html
    assert "Gia Generous" in html


def test_results_cannot_be_announced_before_submissions_close(
    hackathon: Hackathon, director: Any
) -> None:
    with pytest.raises(ValidationError):
        results_publish(actor=director, hackathon=hackathon)


def test_the_hackathon_page_shows_teams_and_lets_a_member_join(
    hackathon: Hackathon, people: list[Any], member: Any
) -> None:
    team = team_create(actor=people[0], hackathon=hackathon, name="Night Owls")
    client = client_for(member)
    page = client.get(hackathon.get_absolute_url()).content.decode()
    assert "Night Owls" in page
    assert "Form a team" in page

    response = client.post(f"/teams/{team.pk}/join/")

    assert response.status_code == 302
    assert TeamMember.objects.filter(team=team, user=member).exists()


def test_the_api_forms_a_team_and_lists_it(hackathon: Hackathon, member: Any) -> None:
    client = client_for(member)
    created = client.post(
        f"/api/v1/hackathons/{hackathon.pk}/teams",
        {"name": "API Builders"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["members"] == ["Maya Member"]
    listed = client.get(f"/api/v1/hackathons/{hackathon.pk}/teams").json()
    assert [t["name"] for t in listed] == ["API Builders"]
