"""Mentorships in the API: the pair reads and writes their space; everyone else, directors
included, gets a 404 with a JSON body."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conftest import client_for
from salon.mentoring.models import ActionItem, MentoringSession, MentorshipStatus
from salon.notifications.models import Notification


def test_my_mentorships_lists_both_sides(member: Any, mentor: Any, make_mentorship: Any) -> None:
    mentorship = make_mentorship()

    maya = client_for(member).get("/api/v1/me/mentorships").json()
    mona = client_for(mentor).get("/api/v1/me/mentorships").json()

    assert maya["count"] == 1
    assert maya["items"][0]["id"] == mentorship.pk
    assert maya["items"][0]["role"] == "mentee"
    assert maya["items"][0]["other"] == {"id": mentor.pk, "name": "Mona Mentor"}
    assert maya["items"][0]["next_session_by"] == "2027-02-10"
    assert mona["items"][0]["role"] == "mentor"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/mentorships/{id}"),
        ("patch", "/api/v1/mentorships/{id}/agreement"),
        ("get", "/api/v1/mentorships/{id}/sessions"),
        ("post", "/api/v1/mentorships/{id}/sessions"),
        ("post", "/api/v1/mentorships/{id}/action-items"),
        ("patch", "/api/v1/action-items/{item}"),
        ("post", "/api/v1/mentorships/{id}/end"),
    ],
)
def test_everyone_but_the_pair_gets_404(
    director: Any,
    facilitator: Any,
    outsider: Any,
    member: Any,
    mentor: Any,
    make_mentorship: Any,
    method: str,
    path: str,
) -> None:
    mentorship = make_mentorship()
    item = ActionItem.objects.create(mentorship=mentorship, text="Read", owner=member)
    url = path.format(id=mentorship.pk, item=item.pk)
    body = {
        "goals": "x",
        "held_on": "2026-11-01",
        "text": "Sneak",
        "done": True,
        "reason": "Because.",
    }

    for person in (director, facilitator, outsider):
        response = getattr(client_for(person), method)(url, body, content_type="application/json")
        assert response.status_code == 404, (person, method, url)
        assert response.json() == {"detail": "Not found."}
    assert client_for(director).get("/api/v1/me/mentorships").json()["count"] == 0
    mentorship.refresh_from_db()
    assert mentorship.status == MentorshipStatus.ACTIVE
    assert not MentoringSession.objects.exists()


def test_the_pair_writes_the_agreement_logs_sessions_and_ticks_actions(
    member: Any, mentor: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    maya, mona = client_for(member), client_for(mentor)

    agreed = maya.patch(
        f"/api/v1/mentorships/{mentorship.pk}/agreement",
        {"cadence": "Every three weeks"},
        content_type="application/json",
    )
    logged = mona.post(
        f"/api/v1/mentorships/{mentorship.pk}/sessions",
        {
            "held_on": "2026-11-12",
            "minutes": 45,
            "notes": "Stakeholder map.",
            "private_note": "Mona's own thoughts.",
            "action_items": [{"text": "Call the CFO", "owner": member.pk, "due_on": "2026-12-01"}],
        },
        content_type="application/json",
    )

    assert agreed.status_code == 200
    assert agreed.json()["agreement"]["cadence"] == "Every three weeks"
    assert agreed.json()["agreement"]["updated_by"]["id"] == member.pk
    assert logged.status_code == 201
    assert logged.json()["private_note"] == "Mona's own thoughts."
    assert Notification.objects.get(kind="mentoring.session_logged").recipient == member
    sessions = maya.get(f"/api/v1/mentorships/{mentorship.pk}/sessions").json()
    assert sessions["count"] == 1
    assert sessions["items"][0]["notes"] == "Stakeholder map."
    assert sessions["items"][0]["private_note"] == ""  # never Mona's
    detail = maya.get(f"/api/v1/mentorships/{mentorship.pk}").json()
    assert detail["last_session_on"] == "2026-11-12"
    assert detail["open_action_items"] == 1
    item = detail["action_items"][0]
    assert (item["text"], item["owner"]["id"], item["due_on"]) == (
        "Call the CFO",
        member.pk,
        "2026-12-01",
    )

    ticked = maya.patch(
        f"/api/v1/action-items/{item['id']}", {"done": True}, content_type="application/json"
    )
    added = mona.post(
        f"/api/v1/mentorships/{mentorship.pk}/action-items",
        {"text": "Send the reading list"},
        content_type="application/json",
    )

    assert ticked.status_code == 200
    assert ticked.json()["done"] is True
    assert ticked.json()["due_on"] == "2026-12-01"
    assert added.status_code == 201
    assert added.json()["owner"]["id"] == mentor.pk


def test_bad_input_gets_a_clear_4xx(member: Any, mentor: Any, make_mentorship: Any) -> None:
    mentorship = make_mentorship()
    client = client_for(member)

    future = client.post(
        f"/api/v1/mentorships/{mentorship.pk}/sessions",
        {"held_on": "2099-01-01"},
        content_type="application/json",
    )
    stranger = client.post(
        f"/api/v1/mentorships/{mentorship.pk}/action-items",
        {"text": "Do it", "owner": 999999},
        content_type="application/json",
    )
    blank = client.post(
        f"/api/v1/mentorships/{mentorship.pk}/end", {"reason": ""}, content_type="application/json"
    )
    item = client.post(
        f"/api/v1/mentorships/{mentorship.pk}/action-items",
        {"text": "Call the CFO"},
        content_type="application/json",
    ).json()
    null = client.patch(
        f"/api/v1/action-items/{item['id']}", {"done": None}, content_type="application/json"
    )

    assert future.status_code == 400
    assert "future" in future.json()["detail"]
    assert stranger.status_code == 400
    assert stranger.json() == {"detail": "An action belongs to the mentee or the mentor."}
    assert blank.status_code == 422
    assert null.status_code == 422  # done or not done; leave it out to keep it
    assert not MentoringSession.objects.exists()


def test_ending_early_through_the_api_tells_the_other_side_and_closes_writes(
    member: Any, mentor: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()

    ended = client_for(mentor).post(
        f"/api/v1/mentorships/{mentorship.pk}/end",
        {"reason": "I am moving to Singapore."},
        content_type="application/json",
    )

    assert ended.status_code == 200
    assert ended.json()["status"] == "ended_early"
    assert ended.json()["wants_rematch"] is True
    assert Notification.objects.get(kind="mentoring.ended_early").recipient == member
    again = client_for(member).post(
        f"/api/v1/mentorships/{mentorship.pk}/sessions",
        {"held_on": "2026-11-01"},
        content_type="application/json",
    )
    assert again.status_code == 403
    assert "detail" in again.json()
    assert client_for(member).get(f"/api/v1/mentorships/{mentorship.pk}").status_code == 200


def test_check_in_answers_never_leave_their_author_through_the_api(
    member: Any, mentor: Any, make_mentorship: Any
) -> None:
    from salon.mentoring.models import MentoringCheckIn

    mentorship = make_mentorship()
    MentoringCheckIn.objects.create(
        mentorship=mentorship,
        author=member,
        stage="mid",
        satisfaction=1,
        progress=1,
        comment="Kilimanjaro",
    )

    detail = client_for(mentor).get(f"/api/v1/mentorships/{mentorship.pk}")

    assert detail.json()["check_ins"][0] == {
        "stage": "mid",
        "opens": "2027-04-06",
        "answered_by_me": False,
        "answered_by_other": True,
    }
    assert "Kilimanjaro" not in detail.content.decode()
    assert date(2027, 4, 6) == mentorship.programme.midpoint
