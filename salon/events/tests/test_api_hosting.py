"""Attendance, check-in and the fair planner through the API."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.utils import timezone

from conftest import client_for, join, make_user
from salon.communities.models import CircleMembership, Role
from salon.events.models import Attendance, Rsvp


def test_a_host_records_attendance_through_the_api(
    director: Any, member: Any, plan_event: Any
) -> None:
    event = plan_event()
    Rsvp.objects.create(event=event, user=member, status="going", requested_at=timezone.now())
    host = client_for(director)

    response = host.put(
        f"/api/v1/events/{event.pk}/attendance",
        {"present": [member.pk]},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json() == [
        {"id": member.pk, "name": member.display_name, "status": "going", "present": True}
    ]
    assert Attendance.objects.filter(event=event, user=member, by_host=True).exists()


def test_attendance_refuses_strangers_and_members(
    director: Any, member: Any, outsider: Any, plan_event: Any
) -> None:
    event = plan_event()
    url = f"/api/v1/events/{event.pk}/attendance"

    bad = client_for(director).put(url, {"present": [outsider.pk]}, content_type="application/json")
    assert bad.status_code == 400
    assert "answered" in bad.json()["detail"]
    assert client_for(member).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert not Attendance.objects.exists()


def test_a_member_checks_in_with_the_code(member: Any, plan_event: Any) -> None:
    event = plan_event()
    url = f"/api/v1/events/{event.pk}/check-in"
    client = client_for(member)

    wrong = client.post(url, {"code": "NOPE"}, content_type="application/json")
    right = client.post(url, {"code": event.check_in_code.lower()}, content_type="application/json")

    assert wrong.status_code == 400
    assert right.status_code == 204
    assert Attendance.objects.filter(event=event, user=member).count() == 1


def test_the_planner_api_keeps_a_global_circle_out_of_the_night(
    director: Any, community: Any, circle: Any
) -> None:
    for email, tz, region in (
        ("ldn@acme.test", "Europe/London", "emea"),
        ("nyc@acme.test", "America/New_York", "americas"),
        ("sgp@acme.test", "Asia/Singapore", "apac"),
    ):
        person = make_user(email, email, timezone=tz, region=region)
        join(person, community, Role.MEMBER)
        CircleMembership.objects.create(circle=circle, user=person)

    response = client_for(director).post(
        "/api/v1/communities/acme/planner",
        {"circle": "emea", "start_date": "2027-02-08", "days": 14, "duration_minutes": 60},
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["participants"] == 4  # the fixture's member is in the circle too
    best = body["proposals"][0]
    assert best["asleep"] == 0
    assert sum(r["asleep"] for r in best["by_region"].values()) == 0


def test_the_planner_api_rotates_a_series_and_reports_the_burden(
    director: Any, community: Any
) -> None:
    for i, tz in enumerate(("Europe/London", "America/Los_Angeles", "Asia/Tokyo") * 2):
        person = make_user(
            f"p{i}@acme.test", f"P{i}", timezone=tz, region=("emea", "americas", "apac")[i % 3]
        )
        person.work_start, person.work_end = time(9), time(17)
        person.save()
        join(person, community, Role.MEMBER)

    response = client_for(director).post(
        "/api/v1/communities/acme/planner",
        {"start_date": "2027-02-08", "days": 28, "sessions": 3},
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()
    assert len(body["proposals"]) == 3
    # London, Los Angeles and Tokyo share no working hour; 21:00 UTC is the one hour in
    # which nobody is asleep, so every session lands there and the report says who pays.
    assert [p["asleep"] for p in body["proposals"]] == [0, 0, 0]
    assert {r: (b["members"], b["out_of_hours_share"]) for r, b in body["regions"].items()} == {
        "Europe": (3, 1.0),  # the director is in London too
        "Americas": (2, 0.0),
        "Asia-Pacific": (2, 1.0),
    }


def test_the_planner_api_is_for_people_who_plan(member: Any, outsider: Any) -> None:
    payload = {"start_date": "2027-02-08"}

    assert (
        client_for(member)
        .post("/api/v1/communities/acme/planner", payload, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        client_for(outsider)
        .post("/api/v1/communities/acme/planner", payload, content_type="application/json")
        .status_code
        == 404
    )


def test_the_api_lists_a_circles_events(member: Any, circle: Any, plan_event: Any) -> None:
    plan_event(title="Everyone")
    plan_event(title="EMEA only", circle=circle)

    body = client_for(member).get("/api/v1/communities/acme/events?circle=emea").json()

    assert [e["title"] for e in body["items"]] == ["EMEA only"]
