from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import client_for
from salon.core.safe_urls import SafeURLFormField, check_url, is_safe_url
from salon.events.models import Event, EventFormat
from salon.events.services import EventPlan, event_create, event_update

BAD = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "https:alert(1)",
]


@pytest.mark.parametrize("url", BAD)
def test_only_web_addresses_are_links(url: str) -> None:
    assert not is_safe_url(url)
    with pytest.raises(ValidationError):
        check_url(url)
    form_field = SafeURLFormField(required=False)
    with pytest.raises(ValidationError):
        form_field.clean(url)


def test_ordinary_links_pass() -> None:
    assert check_url(" https://meet.example.com/room ") == "https://meet.example.com/room"
    assert is_safe_url("http://intranet.example.com")
    assert is_safe_url("mailto:someone@example.com", schemes=("mailto",))


def _plan(director: Any, community: Any, **extra: Any) -> Event:
    fmt = EventFormat.objects.get_or_create(slug="webinar", defaults={"name": "Webinar"})[0]
    start = (timezone.now() + timedelta(days=7)).replace(tzinfo=None, microsecond=0)
    return event_create(
        actor=director,
        community=community,
        plan=EventPlan(
            title="Strategy webinar",
            format=fmt,
            timezone="Europe/London",
            start_local=start,
            duration=timedelta(hours=1),
            **extra,
        ),
    )


def test_the_api_refuses_a_javascript_video_link_and_writes_nothing(director: Any) -> None:
    EventFormat.objects.get_or_create(slug="webinar", defaults={"name": "Webinar"})
    response = client_for(director).post(
        "/api/v1/communities/acme/events",
        {
            "title": "Webinar",
            "format": "webinar",
            "start_date": "2027-03-16",
            "start_time": "09:00",
            "timezone": "Europe/London",
            "join_url": "javascript:alert(document.cookie)",
        },
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "https://" in str(response.json()["detail"])
    assert not Event.objects.exists()


def test_the_api_refuses_a_javascript_recording_and_keeps_the_old_one(
    director: Any, community: Any
) -> None:
    event = _plan(director, community, join_url="https://meet.example.com/a")

    response = client_for(director).patch(
        f"/api/v1/events/{event.pk}",
        {"recording_url": "javascript:alert(1)"},
        content_type="application/json",
    )

    assert response.status_code == 422
    event.refresh_from_db()
    assert event.recording_url == ""


def test_services_refuse_unsafe_addresses_whoever_calls_them(director: Any, community: Any) -> None:
    with pytest.raises(ValidationError):
        _plan(director, community, join_url="javascript:alert(1)")
    event = _plan(director, community, join_url="https://meet.example.com/a")
    with pytest.raises(ValidationError):
        event_update(actor=director, event=event, recording_url="javascript:alert(1)")


def test_a_stored_unsafe_address_is_never_rendered_as_a_link(director: Any, community: Any) -> None:
    event = _plan(director, community, join_url="https://meet.example.com/a")
    # Written before validation existed, or by a path that skipped it.
    Event.objects.filter(pk=event.pk).update(
        join_url="javascript:alert(1)", recording_url="javascript:alert(2)"
    )

    page = client_for(director).get(f"/events/{event.pk}/")

    assert page.status_code == 200
    assert "javascript:" not in page.content.decode()


def test_every_url_field_asks_the_one_rule() -> None:
    """House rule: models use ``SafeURLField``; forms ``SafeURLFormField``; schemas
    ``SafeURL`` (no pydantic URL types, which accept ``javascript:``)."""
    from pathlib import Path

    from django.apps import apps
    from django.db import models

    from salon.core.safe_urls import SafeURLField

    plain = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("salon.")
        for field in model._meta.get_fields()
        if isinstance(field, models.URLField) and not isinstance(field, SafeURLField)
    ]
    salon = Path(__file__).resolve().parents[2]
    sources = [
        f"{path.relative_to(salon.parent)}: {needle}"
        for path in salon.rglob("*.py")
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and path.name != "safe_urls.py"
        for needle in ("forms.URLField(", "HttpUrl", "AnyUrl")
        if needle in path.read_text()
    ]
    assert plain == []
    assert sources == []
