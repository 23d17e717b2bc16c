"""Errors reach the API through the global handlers in salon/api/main.py only: handlers
raise the domain's errors (ValidationError, Conflict, PermissionDenied, Http404) and the
answer is the right 4xx with ``{"detail": …}``."""

from __future__ import annotations

import ast
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import client_for
from salon.events.models import Event, EventFormat
from salon.events.services import EventPlan, event_create
from salon.mentoring.models import MatchingMode, MatchRun, Programme, ProgrammeStatus

SALON = Path(__file__).resolve().parents[2]


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


def _programme(community: Any, director: Any, **fields: Any) -> Programme:
    return Programme.objects.create(
        community=community,
        name="Mentoring",
        starts_on=date(2027, 1, 11),
        ends_on=date(2027, 6, 30),
        created_by=director,
        **fields,
    )


def test_a_refusal_by_a_service_is_a_400_with_its_sentence(member: Any, event: Event) -> None:
    response = client_for(member).post(
        f"/api/v1/events/{event.pk}/check-in", {"code": "WRONG"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "That check-in code is not right. Ask the host for it."}


def test_a_change_the_current_state_refuses_is_a_409(director: Any, community: Any) -> None:
    choice = _programme(
        community, director, status=ProgrammeStatus.ENROLLING, mode=MatchingMode.MENTEE_CHOICE
    )
    client = client_for(director)

    run = client.post(f"/api/v1/programmes/{choice.pk}/runs", {}, content_type="application/json")
    publish = client.post(f"/api/v1/programmes/{choice.pk}/publish")

    assert run.status_code == 409
    assert "mentees choose their mentor" in run.json()["detail"]
    assert publish.status_code == 409
    assert publish.json() == {"detail": "There is no run in review to publish."}
    assert not MatchRun.objects.exists()


def test_a_role_that_may_not_is_a_403_and_an_unknown_id_a_404(member: Any, event: Event) -> None:
    client = client_for(member)

    refused = client.patch(
        f"/api/v1/events/{event.pk}", {"title": "Mine"}, content_type="application/json"
    )
    unknown = client.get("/api/v1/events/999999")

    assert refused.status_code == 403
    assert refused.json() == {"detail": "You do not have permission to do this."}
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Not found."}
    event.refresh_from_db()
    assert event.title == "Strategy webinar"


def _api_modules() -> list[Path]:
    return sorted(
        path
        for path in SALON.rglob("*.py")
        if "tests" not in path.parts
        and (path.name in {"api.py", "moderation_api.py"} or path.parent.name == "api")
        and path.parent.name != "salon"
    )


def test_no_api_handler_converts_errors_by_hand() -> None:
    catching = [
        f"{path.relative_to(SALON.parent)}:{node.lineno}"
        for path in _api_modules()
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ExceptHandler)
    ]

    assert _api_modules(), "no API modules found"
    assert catching == []
