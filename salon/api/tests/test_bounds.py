"""Inputs that used to reach the database or an engine unchecked and answer 500 (found by
schemathesis): each is now a 4xx with a JSON ``detail``, and nothing is written."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from conftest import client_for
from salon.events.models import Event, EventFormat
from salon.events.services import EventPlan, event_create
from salon.mentoring.models import MatchRun, Programme, ProgrammeStatus

HUGE = "450903443154980672"

LISTS = [
    "/api/v1/me/goals",
    "/api/v1/me/mentorships",
    "/api/v1/notifications",
    "/api/v1/communities/acme/events",
    "/api/v1/communities/acme/flags",
    "/api/v1/communities/acme/objectives",
    "/api/v1/communities/acme/programmes",
    "/api/v1/programmes/{programme}/enrolments",
]


@pytest.fixture
def programme(community: Any, director: Any) -> Programme:
    return Programme.objects.create(
        community=community,
        name="Cross-regional mentoring",
        starts_on=date(2027, 1, 11),
        ends_on=date(2027, 6, 30),
        status=ProgrammeStatus.ENROLLING,
        created_by=director,
    )


@pytest.fixture
def event(director: Any, community: Any) -> Event:
    webinar = EventFormat.objects.get_or_create(slug="webinar", defaults={"name": "Webinar"})[0]
    return event_create(
        actor=director,
        community=community,
        plan=EventPlan(
            title="Strategy webinar",
            format=webinar,
            timezone="Europe/London",
            start_local=(datetime.now() + timedelta(days=7)).replace(hour=9, minute=0),
            duration=timedelta(hours=1),
        ),
    )


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("parameter", ["page", "page_size"])
def test_a_huge_page_or_page_size_is_a_422_not_a_500(
    director: Any, programme: Programme, path: str, parameter: str
) -> None:
    url = path.format(programme=programme.pk)

    response = client_for(director).get(url, {parameter: HUGE})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", parameter]


@pytest.mark.parametrize("path", LISTS)
def test_the_last_allowed_page_is_an_empty_page(
    director: Any, programme: Programme, path: str
) -> None:
    url = path.format(programme=programme.pk)

    response = client_for(director).get(url, {"page": "1000000", "page_size": "200"})

    assert response.status_code == 200
    assert response.json()["items"] == []


def test_patching_an_event_with_a_null_text_field_is_a_422_and_changes_nothing(
    director: Any, event: Event
) -> None:
    body = {
        "title": "0",
        "description": "",
        "venue": "",
        "capacity": 1,
        "recording_url": None,
        "scope": "this",
    }

    response = client_for(director).patch(
        f"/api/v1/events/{event.pk}", body, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "recording_url"]
    event.refresh_from_db()
    assert (event.title, event.capacity) == ("Strategy webinar", None)


def test_patching_an_event_with_minimal_values_changes_them(director: Any, event: Event) -> None:
    body = {"title": "0", "description": "", "venue": "", "capacity": 1, "recording_url": ""}

    response = client_for(director).patch(
        f"/api/v1/events/{event.pk}", body, content_type="application/json"
    )

    assert response.status_code == 200
    event.refresh_from_db()
    assert (event.title, event.capacity) == ("0", 1)


def test_patching_a_programme_with_minimal_values_changes_them(
    director: Any, programme: Programme
) -> None:
    body = {"target_share": 1, "response_days": 1, "default_capacity": 1, "suggestions": 1}

    response = client_for(director).patch(
        f"/api/v1/programmes/{programme.pk}", body, content_type="application/json"
    )

    assert response.status_code == 200
    programme.refresh_from_db()
    assert (programme.target_share, programme.response_days) == (1, 1)


@pytest.mark.parametrize(
    "body",
    [
        {"target_share": 1, "response_days": 1, "name": None},
        {"target_share": 1, "response_days": 1, "starts_on": None},
        {"target_share": 1, "response_days": 1, "mentee_roles": None},
        {"target_share": 1, "response_days": 1, "ends_on": "9999-12-31"},
        {"target_share": 1, "response_days": 1, "weights": {"goals": None}},
    ],
)
def test_patching_a_programme_with_a_null_or_out_of_range_setting_is_a_422(
    director: Any, programme: Programme, body: dict[str, Any]
) -> None:
    response = client_for(director).patch(
        f"/api/v1/programmes/{programme.pk}", body, content_type="application/json"
    )

    assert response.status_code == 422
    programme.refresh_from_db()
    assert (programme.target_share, programme.response_days) == (80, 7)


@pytest.mark.parametrize(
    "body",
    [
        {"start_date": "2027-03-01", "people": [2**64]},
        {"start_date": "2027-03-01", "people": [0]},
        {"start_date": "9999-12-30", "days": 90},
        {"start_date": "0001-01-01"},
    ],
)
def test_the_planner_refuses_out_of_range_people_and_dates_with_a_422(
    director: Any, member: Any, body: dict[str, Any]
) -> None:
    response = client_for(director).post(
        "/api/v1/communities/acme/planner", body, content_type="application/json"
    )

    assert response.status_code == 422
    assert "detail" in response.json()


def test_a_series_the_planner_cannot_fit_is_a_400_with_the_reason(
    director: Any, member: Any
) -> None:
    body = {"start_date": "2027-03-01", "days": 1, "sessions": 12, "duration_minutes": 480}

    response = client_for(director).post(
        "/api/v1/communities/acme/planner", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert "do not fit" in response.json()["detail"]


@pytest.mark.parametrize("raw", ["1", "null", '"go"', "[]", "apply_target=true"])
def test_a_matching_run_needs_a_json_object_body(
    director: Any, programme: Programme, raw: str
) -> None:
    response = client_for(director).post(
        f"/api/v1/programmes/{programme.pk}/runs", raw, content_type="application/json"
    )

    # Refused as a body before the programme is even looked at (an empty pool would be a
    # 400 of its own, naming nobody to match).
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}
    assert not MatchRun.objects.exists()


def test_a_date_given_as_a_number_is_a_422(director: Any, programme: Programme) -> None:
    response = client_for(director).patch(
        f"/api/v1/programmes/{programme.pk}", {"starts_on": 0}, content_type="application/json"
    )

    assert response.status_code == 422
    programme.refresh_from_db()
    assert programme.starts_on == date(2027, 1, 11)


@pytest.mark.parametrize("value", ["true", 1, "yes"])
def test_a_boolean_given_as_text_or_a_number_is_a_422(
    member: Any, event: Event, value: Any
) -> None:
    response = client_for(member).post(
        f"/api/v1/events/{event.pk}/rsvp",
        {"status": "going", "whole_series": value},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert not event.rsvps.exists()


def test_a_path_id_beyond_64_bits_is_a_404(director: Any, circle: Any, member: Any) -> None:
    response = client_for(director).delete(f"/api/v1/circles/{circle.pk}/members/{2**63}")

    # SQLite's driver refuses to bind the id (the global handler's "Not found."); PostgreSQL
    # looks it up and finds no such member. Either way a 404 with a reason, never a 500.
    assert response.status_code == 404
    assert response.json()["detail"]
    assert circle.circle_memberships.filter(user=member).exists()
