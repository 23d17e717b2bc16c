"""The hackathon API's writes: a team submits its work (until the deadline, refused after
with why), and a judge scores a team on the rubric, under the same rules as the pages."""

from __future__ import annotations

from typing import Any

from conftest import client_for
from salon.accounts.models import User
from salon.communities.models import Membership, Role
from salon.innovation.models import Hackathon, Submission, TeamScorecard
from salon.innovation.services.hackathons import judge_add, team_create, team_join
from salon.innovation.tests.hackathon_world import set_phase, submitted_teams

RUBRIC = {"Value to customers": 5, "Working demo": 3, "Originality": 4}


def _post(user: Any, url: str, payload: dict[str, Any]) -> Any:
    return client_for(user).post(url, payload, content_type="application/json")


def test_a_team_member_submits_then_changes_the_work(
    hackathon: Hackathon, people: list[Any]
) -> None:
    team = team_create(actor=people[0], hackathon=hackathon, name="Night Owls")
    team_join(actor=people[1], team=team)
    set_phase(hackathon, "build")
    url = f"/api/v1/hackathons/{hackathon.pk}/submissions"

    first = _post(people[1], url, {"pitch": "Usage alerts.", "demo_url": "https://demo.test/"})
    again = _post(people[0], url, {"pitch": "Usage alerts, now by SMS."})

    assert first.status_code == 201
    assert first.json()["team_name"] == "Night Owls"
    assert again.status_code == 200
    submission = Submission.objects.get(team=team)
    assert submission.pitch == "Usage alerts, now by SMS."
    assert submission.demo_url == ""
    listed = client_for(people[2]).get(url).json()
    assert [s["pitch"] for s in listed] == ["Usage alerts, now by SMS."]


def test_late_work_and_unsafe_links_are_refused_with_why(
    hackathon: Hackathon, people: list[Any]
) -> None:
    team = team_create(actor=people[0], hackathon=hackathon, name="Night Owls")
    team_join(actor=people[1], team=team)
    set_phase(hackathon, "build")
    url = f"/api/v1/hackathons/{hackathon.pk}/submissions"

    unsafe = _post(people[0], url, {"pitch": "P", "video_url": "javascript:alert(1)"})
    set_phase(hackathon, "judging")
    late = _post(people[0], url, {"pitch": "Too late."})

    assert unsafe.status_code in (400, 422)
    assert late.status_code == 400
    assert "Submissions closed on" in late.json()["detail"]
    assert not Submission.objects.exists()


def test_someone_in_no_team_cannot_submit(hackathon: Hackathon, people: list[Any]) -> None:
    set_phase(hackathon, "build")

    response = _post(people[0], f"/api/v1/hackathons/{hackathon.pk}/submissions", {"pitch": "P"})

    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_a_judge_scores_a_team_by_rubric_line_names(
    hackathon: Hackathon, people: list[Any], expert: Any, director: Any
) -> None:
    judge_add(actor=director, hackathon=hackathon, user=expert)
    owls, _birds = submitted_teams(hackathon, people[:4], ["Night Owls", "Early Birds"])
    url = f"/api/v1/hackathons/{hackathon.pk}/scores"

    response = _post(expert, url, {"team": owls.pk, "scores": RUBRIC, "comment": "Solid."})

    assert response.status_code == 200
    body = response.json()
    assert body["scores"] == RUBRIC
    assert body["total"] == 4.1  # 5·40 + 3·30 + 4·30 over 100
    card = TeamScorecard.objects.get(team=owls)
    assert (card.judge.user, card.comment) == (expert, "Solid.")


def test_scores_out_of_range_or_incomplete_are_refused(
    hackathon: Hackathon, people: list[Any], expert: Any, director: Any
) -> None:
    judge_add(actor=director, hackathon=hackathon, user=expert)
    owls, _birds = submitted_teams(hackathon, people[:4], ["Night Owls", "Early Birds"])
    url = f"/api/v1/hackathons/{hackathon.pk}/scores"

    too_high = _post(expert, url, {"team": owls.pk, "scores": {**RUBRIC, "Originality": 6}})
    missing = _post(expert, url, {"team": owls.pk, "scores": {"Originality": 4}})
    unknown = _post(expert, url, {"team": owls.pk, "scores": {**RUBRIC, "Vibes": 5}})
    huge_team = _post(expert, url, {"team": 10**30, "scores": RUBRIC})

    assert too_high.status_code == 422
    assert missing.status_code == 400
    assert "Score every line" in missing.json()["detail"]
    assert unknown.status_code == 400
    assert huge_team.status_code == 422
    assert not TeamScorecard.objects.exists()


def test_a_team_member_cannot_score_and_a_conflicted_judge_cannot_either(
    hackathon: Hackathon, people: list[Any], director: Any
) -> None:
    owls, _birds = submitted_teams(hackathon, people[:4], ["Night Owls", "Early Birds"])
    url = f"/api/v1/hackathons/{hackathon.pk}/scores"
    Membership.objects.filter(user=people[0]).update(role=Role.EXPERT)
    judge_add(actor=director, hackathon=hackathon, user=User.objects.get(pk=people[0].pk))

    own_team = _post(people[0], url, {"team": owls.pk, "scores": RUBRIC})
    not_a_judge = _post(people[2], url, {"team": owls.pk, "scores": RUBRIC})

    assert own_team.status_code == 403
    assert not_a_judge.status_code == 403
    assert not TeamScorecard.objects.exists()
