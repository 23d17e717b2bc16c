"""Posting is rate-limited per person (SALON_RATE_POST) and per address (ten people's
budget): beyond it, a clear 429 with Retry-After on pages and in the API, and nothing
written."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache

from conftest import client_for, join, make_user
from salon.discussions.models import Post, Topic


@pytest.fixture(autouse=True)
def _fresh_limits(monkeypatch: Any) -> None:
    cache.clear()
    # One fixed moment, 50 s before a minute ends: no test straddles two windows.
    monkeypatch.setattr("salon.core.ratelimit.time", SimpleNamespace(time=lambda: 6_000_010.0))


def test_replying_too_fast_gets_a_429_page_and_writes_nothing(
    member: Any, facilitator: Any, start: Any, settings: Any
) -> None:
    settings.SALON_RATE_POST = "2/m"
    topic = start(facilitator)
    client = client_for(member)

    statuses = [
        client.post(f"/t/{topic.pk}/reply/", {"body": f"Thought {n}"}).status_code for n in range(2)
    ]
    response = client.post(f"/t/{topic.pk}/reply/", {"body": "One too many"})

    assert statuses == [302, 302]
    assert response.status_code == 429
    assert response["Retry-After"] == "50"
    assert "a lot of requests" in response.content.decode()
    topic.refresh_from_db()
    assert topic.post_count == 3
    assert not Post.objects.filter(body="One too many").exists()


def test_starting_topics_shares_the_budget(member: Any, general: Any, settings: Any) -> None:
    settings.SALON_RATE_POST = "1/m"
    client = client_for(member)
    fields = {"category": general.pk, "kind": "discussion", "body": "?"}

    first = client.post("/c/acme/forum/new/", {**fields, "title": "First"})
    second = client.post("/c/acme/forum/new/", {**fields, "title": "Second"})

    assert first.status_code == 302
    assert second.status_code == 429
    assert second.has_header("Retry-After")
    assert list(Topic.objects.values_list("title", flat=True)) == ["First"]


def test_the_api_answers_429_with_retry_after_and_writes_nothing(
    member: Any, facilitator: Any, start: Any, settings: Any
) -> None:
    settings.SALON_RATE_POST = "1/m"
    topic = start(facilitator)
    client = client_for(member)
    url = f"/api/v1/topics/{topic.pk}/posts"

    first = client.post(url, {"body": "Once"}, content_type="application/json")
    second = client.post(url, {"body": "Twice"}, content_type="application/json")
    topic_attempt = client.post(
        "/api/v1/communities/acme/topics",
        {"category": "general", "title": "Also", "body": "No"},
        content_type="application/json",
    )

    assert first.status_code == 201
    assert second.status_code == 429
    assert int(second["Retry-After"]) > 0
    assert "try again in" in second.json()["detail"]
    assert topic_attempt.status_code == 429
    assert not Post.objects.filter(body__in=["Twice", "No"]).exists()


def test_each_person_has_their_own_budget(
    member: Any, director: Any, facilitator: Any, start: Any, settings: Any
) -> None:
    settings.SALON_RATE_POST = "1/m"
    topic = start(facilitator)

    mine = client_for(member).post(f"/t/{topic.pk}/reply/", {"body": "Mine"})
    theirs = client_for(director).post(f"/t/{topic.pk}/reply/", {"body": "Theirs"})

    assert (mine.status_code, theirs.status_code) == (302, 302)


def test_one_address_gets_ten_peoples_budget(
    community: Any, facilitator: Any, start: Any, settings: Any
) -> None:
    settings.SALON_RATE_POST = "1/m"
    topic = start(facilitator)
    people = [make_user(f"p{n}@acme.test", f"Person {n}") for n in range(11)]
    for person in people:
        join(person, community)

    statuses = [
        client_for(person)
        .post(f"/t/{topic.pk}/reply/", {"body": "From the workshop room"})
        .status_code
        for person in people
    ]

    assert statuses == [302] * 10 + [429]
    assert Post.objects.filter(body="From the workshop room").count() == 10
