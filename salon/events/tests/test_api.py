from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.test import Client

from conftest import client_for
from salon.events.models import Event


def test_a_director_plans_a_series_through_the_api(director: Any) -> None:
    response = client_for(director).post(
        "/api/v1/communities/acme/events",
        {
            "title": "Global trends webinar",
            "format": "webinar",
            "start_date": "2027-03-16",
            "start_time": "09:00",
            "timezone": "Europe/London",
            "duration_minutes": 60,
            "repeat": "weekly",
            "count": 4,
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["starts_at"].startswith("2027-03-16T09:00:00")
    assert body["series_uid"]
    assert Event.objects.count() == 4


def test_listing_answering_and_cancelling_through_the_api(
    director: Any, member: Any, plan_event: Any
) -> None:
    event = plan_event(start_local=datetime(2027, 2, 9, 9, 0), capacity=10)
    client = client_for(member)

    listing = client.get("/api/v1/communities/acme/events").json()
    answer = client.post(
        f"/api/v1/events/{event.pk}/rsvp", {"status": "going"}, content_type="application/json"
    )
    detail = client.get(f"/api/v1/events/{event.pk}").json()
    cancelled = client_for(director).delete(f"/api/v1/events/{event.pk}")

    assert [e["title"] for e in listing["items"]] == ["Strategy webinar"]
    assert answer.json() == {"event": event.pk, "status": "going"}
    assert detail["going"] == 1
    assert detail["my_status"] == "going"
    assert datetime.fromisoformat(detail["starts_at"]) == datetime(2027, 2, 9, 9, 0, tzinfo=UTC)
    assert cancelled.status_code == 204
    assert client.get(f"/api/v1/events/{event.pk}").json()["status"] == "cancelled"


def test_members_cannot_plan_or_cancel_and_outsiders_see_nothing(
    member: Any, outsider: Any, plan_event: Any
) -> None:
    event = plan_event()

    assert client_for(member).delete(f"/api/v1/events/{event.pk}").status_code == 403
    assert client_for(outsider).get(f"/api/v1/events/{event.pk}").status_code == 404
    assert client_for(outsider).get("/api/v1/communities/acme/events").status_code == 404


def test_bad_event_input_is_refused_with_a_reason(director: Any) -> None:
    response = client_for(director).post(
        "/api/v1/communities/acme/events",
        {
            "title": "X",
            "start_date": "2027-03-16",
            "start_time": "09:00",
            "timezone": "Mars/Olympus_Mons",
        },
        content_type="application/json",
    )

    # The zones are an enum in the schema, so an unknown one fails validation.
    assert response.status_code == 422
    assert "time zone" in str(response.json()["detail"])
    assert not Event.objects.exists()


def test_me_includes_a_working_calendar_feed_url(member: Any) -> None:
    url = client_for(member).get("/api/v1/me").json()["calendar_feed_url"]

    path = url.split("testserver", 1)[1]
    response = Client().get(path)
    assert response.status_code == 200
    assert response.content.startswith(b"BEGIN:VCALENDAR")
