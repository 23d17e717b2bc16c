"""360° feedback through the API: opening a cycle, nominating, answering, and a report
whose hidden groups appear only by name."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from conftest import client_for
from salon.core.models import AuditEvent
from salon.feedback.models import Cycle, Nomination, Participant, Response
from salon.feedback.tests.conftest import answer, nominate_and_approve, open_cycle
from salon.goals.models import Behaviour, Competency


def test_a_facilitator_opens_a_cycle_rating_behaviours_through_the_api(
    facilitator: Any, member: Any, community: Any
) -> None:
    competency = Competency.objects.filter(community=community).first()
    assert competency is not None
    behaviour = Behaviour.objects.create(competency=competency, text="Names the trade-offs")
    today = date.today()

    response = client_for(facilitator).post(
        f"/api/v1/communities/{community.slug}/feedback-cycles",
        {
            "title": "API 360",
            "competencies": [competency.pk],
            "behaviours": [behaviour.pk],
            "questions": ["Keep?", "Change?"],
            "people": [member.pk],
            "opens_on": str(today),
            "nominations_close_on": str(today + timedelta(days=7)),
            "closes_on": str(today + timedelta(days=21)),
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert [i["name"] for i in body["items"]] == ["Names the trade-offs"]
    assert body["progress"][0]["raters"] == 0
    assert Cycle.objects.get().items.get().behaviour == behaviour


def test_a_cycle_with_two_questions_missing_is_refused_and_nothing_is_written(
    facilitator: Any, member: Any, community: Any
) -> None:
    competency = Competency.objects.filter(community=community).first()
    response = client_for(facilitator).post(
        f"/api/v1/communities/{community.slug}/feedback-cycles",
        {
            "title": "API 360",
            "competencies": [getattr(competency, "pk", 0)],
            "questions": ["Keep?", " "],
            "people": [member.pk],
            "opens_on": "2030-01-01",
            "nominations_close_on": "2030-01-08",
            "closes_on": "2030-01-22",
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "two or three" in response.json()["detail"]
    assert not Cycle.objects.exists()


def test_a_rater_answers_through_the_api_once(
    director: Any, member: Any, community: Any, peers: list[Any]
) -> None:
    cycle = open_cycle(director, community, [member])
    participant = Participant.objects.get(cycle=cycle)
    nominate_and_approve(director, participant, {"peers": peers[:3]})
    items = list(cycle.items.values_list("pk", flat=True))
    body = {"person": member.pk, "scores": {str(i): 4 for i in items}, "comments": ["Yes", ""]}
    client = client_for(peers[0])
    url = f"/api/v1/feedback-cycles/{cycle.pk}/responses"

    first = client.post(url, body, content_type="application/json")
    again = client.post(url, body, content_type="application/json")

    assert first.status_code == 201
    assert again.status_code == 403  # sent once: nothing more to send
    assert Response.objects.count() == 1
    assert Nomination.objects.get(rater=peers[0]).answered


def test_the_report_lists_shown_groups_and_names_hidden_ones_only(
    director: Any, member: Any, community: Any, peers: list[Any], facilitator: Any
) -> None:
    cycle = open_cycle(director, community, [member])
    participant = Participant.objects.get(cycle=cycle)
    nominate_and_approve(
        director, participant, {"manager": [facilitator], "peers": peers[:3], "others": [peers[3]]}
    )
    items = list(cycle.items.values_list("pk", flat=True))
    answer(member, participant, dict.fromkeys(items, 4))
    answer(facilitator, participant, dict.fromkeys(items, 3))
    for peer in peers[:3]:
        answer(peer, participant, dict.fromkeys(items, 2))
    answer(peers[3], participant, dict.fromkeys(items, 5), "Only other")
    client_for(director).post(f"/feedback/cycles/{cycle.pk}/close/")

    listed = client_for(member).get("/api/v1/me/feedback-reports").json()
    assert [r["id"] for r in listed["items"]] == [participant.pk]
    report = client_for(member).get(f"/api/v1/me/feedback-reports/{participant.pk}").json()

    groups = {g["group"]: g for g in report["groups"]}
    assert set(groups) == {"self", "manager", "peers"}
    assert groups["peers"]["responses"] == 3
    assert groups["peers"]["competencies"][0]["mean"] == 2.0
    assert report["hidden_groups"] == ["others"]
    # "All others" leaves the hidden group out: manager 3 and three peers at 2.
    assert report["competencies"][0]["others"] == 2.2
    assert "Only other" not in str(report)
    assert AuditEvent.objects.filter(action="feedback.report.opened", actor=member).count() == 1
    assert (
        client_for(director).get(f"/api/v1/me/feedback-reports/{participant.pk}").status_code == 404
    )
