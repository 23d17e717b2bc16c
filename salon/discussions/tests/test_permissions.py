"""Every forum route, every persona; and circle topics invisible outside their circle in
pages, the API, search, mentions and notifications.

Maya (member) is in the open EMEA circle, not in the private Board; Gus (guest) is in
neither. Statuses: 302 = sent to sign in, 404 = may not know it exists, 403 = knows it
exists but their role does not allow this.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import client_for
from salon.communities.models import CircleMembership
from salon.core import search
from salon.core.permissions import can
from salon.discussions import notifications as notices
from salon.discussions.models import Post, Topic
from salon.discussions.services.posts import post_reply
from salon.discussions.services.reading import subscription_set
from salon.notifications.models import Notification

PERSONAS = ["anonymous", "outsider", "guest", "member", "facilitator", "director"]


@pytest.fixture
def world(
    director: Any,
    facilitator: Any,
    member: Any,
    guest: Any,
    outsider: Any,
    emea_category: Any,
    board_category: Any,
    start: Any,
) -> dict[str, Any]:
    open_topic = start(director, title="Open strategy zebra")
    question = start(member, title="Open question zebra", kind="question")
    emea = start(director, category=emea_category, title="EMEA zebra plans")
    board = start(director, category=board_category, title="Board zebra succession")
    reply = post_reply(actor=member, topic=open_topic, body="Member's zebra reply")
    answer = post_reply(actor=facilitator, topic=question, body="An answer")
    board_reply = post_reply(actor=facilitator, topic=board, body="Secret zebra reply")
    return {
        "anonymous": None,
        "outsider": outsider,
        "guest": guest,
        "member": member,
        "facilitator": facilitator,
        "director": director,
        "open": open_topic.pk,
        "question": question.pk,
        "emea": emea.pk,
        "board": board.pk,
        "reply": reply.pk,
        "answer": answer.pk,
        "opening": Post.objects.get(topic=open_topic, number=1).pk,
        "board_reply": board_reply.pk,
    }


PAGES: list[tuple[str, tuple[int, ...]]] = [
    ("/c/acme/forum/", (302, 404, 200, 200, 200, 200)),
    ("/c/acme/forum/new/", (302, 404, 403, 200, 200, 200)),
    ("/c/acme/forum/unanswered/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/forum/categories/new/", (302, 404, 403, 403, 200, 200)),
    ("/c/acme/forum/circles/emea/", (302, 404, 404, 200, 200, 200)),
    ("/c/acme/forum/circles/board/", (302, 404, 404, 404, 200, 200)),
    ("/t/{open}/", (302, 404, 200, 200, 200, 200)),
    ("/t/{emea}/", (302, 404, 404, 200, 200, 200)),
    ("/t/{board}/", (302, 404, 404, 404, 200, 200)),
    ("/p/{reply}/edit/", (302, 404, 403, 200, 200, 200)),
    ("/p/{board_reply}/edit/", (302, 404, 404, 404, 200, 200)),
    ("/p/{board_reply}/history/", (302, 404, 404, 404, 200, 200)),
]


@pytest.mark.parametrize(("path", "expected"), PAGES)
def test_every_page_answers_each_persona_as_the_policy_says(
    world: dict[str, Any], path: str, expected: tuple[int, ...]
) -> None:
    url = path.format(**world)
    got = tuple(client_for(world[p]).get(url).status_code for p in PERSONAS)
    assert got == expected, f"{url}: {dict(zip(PERSONAS, got, strict=True))}"


API: list[tuple[str, str, dict[str, Any] | None, tuple[int, ...]]] = [
    ("GET", "/api/v1/communities/acme/topics", None, (401, 404, 200, 200, 200, 200)),
    ("GET", "/api/v1/topics/{open}", None, (401, 404, 200, 200, 200, 200)),
    ("GET", "/api/v1/topics/{emea}", None, (401, 404, 404, 200, 200, 200)),
    ("GET", "/api/v1/topics/{board}", None, (401, 404, 404, 404, 200, 200)),
    ("POST", "/api/v1/topics/{open}/posts", {"body": "Hi"}, (401, 404, 201, 201, 201, 201)),
    ("POST", "/api/v1/topics/{board}/posts", {"body": "Hi"}, (401, 404, 404, 404, 201, 201)),
    (
        "POST",
        "/api/v1/communities/acme/topics",
        {"category": "general", "title": "T", "body": "B"},
        (401, 404, 403, 201, 201, 201),
    ),
    (
        "POST",
        "/api/v1/communities/acme/topics",
        {"category": "board-room", "title": "T", "body": "B"},
        (401, 404, 403, 404, 201, 201),
    ),
    (
        "POST",
        "/api/v1/communities/acme/topics",
        {"category": "general", "title": "T", "body": "B", "kind": "announcement"},
        (401, 404, 403, 403, 201, 201),
    ),
    ("PATCH", "/api/v1/posts/{reply}", {"body": "Better"}, (401, 404, 403, 200, 200, 200)),
    ("PATCH", "/api/v1/posts/{board_reply}", {"body": "X"}, (401, 404, 404, 404, 200, 200)),
    (
        "POST",
        "/api/v1/posts/{opening}/reactions",
        {"emoji": "clap"},
        (401, 404, 200, 200, 200, 200),
    ),
    (
        "POST",
        "/api/v1/topics/{question}/accept",
        {"post": "{answer}"},
        (401, 404, 403, 200, 200, 200),
    ),
    (
        "PUT",
        "/api/v1/topics/{emea}/subscription",
        {"level": "watch"},
        (401, 404, 404, 200, 200, 200),
    ),
]


@pytest.mark.parametrize(("method", "path", "payload", "expected"), API)
def test_every_api_route_answers_each_persona_as_the_policy_says(
    world: dict[str, Any],
    method: str,
    path: str,
    payload: dict[str, Any] | None,
    expected: tuple[int, ...],
) -> None:
    url = path.format(**world)
    body = {k: int(v.format(**world)) if v == "{answer}" else v for k, v in (payload or {}).items()}
    got = []
    for persona in PERSONAS:
        client = client_for(world[persona])
        if method == "GET":
            response = client.get(url)
        else:
            response = getattr(client, method.lower())(url, body, content_type="application/json")
        got.append(response.status_code)
        if response.status_code >= 400:
            assert "detail" in response.json(), f"{persona} {method} {url}: {response.content!r}"
    assert tuple(got) == expected, f"{method} {url}: {dict(zip(PERSONAS, got, strict=True))}"


def test_circle_topics_are_missing_from_the_lists_of_those_outside(
    world: dict[str, Any],
) -> None:
    seen = {}
    for persona in ["guest", "member", "facilitator"]:
        client = client_for(world[persona])
        page = client.get("/c/acme/forum/").content.decode()
        api = " ".join(
            t["title"] for t in client.get("/api/v1/communities/acme/topics").json()["items"]
        )
        seen[persona] = (
            "EMEA zebra" in page,
            "Board zebra" in page,
            "EMEA zebra" in api,
            "Board zebra" in api,
        )

    assert seen["guest"] == (False, False, False, False)
    assert seen["member"] == (True, False, True, False)
    assert seen["facilitator"] == (True, True, True, True)


def test_circle_forums_are_listed_only_for_those_who_see_the_circle(
    world: dict[str, Any],
) -> None:
    member_page = client_for(world["member"]).get("/c/acme/forum/").content.decode()
    guest_page = client_for(world["guest"]).get("/c/acme/forum/").content.decode()

    assert "/c/acme/forum/circles/emea/" in member_page
    assert "Board" not in member_page
    assert "EMEA" not in guest_page


def test_search_finds_exactly_what_the_policy_lets_each_person_see(
    world: dict[str, Any],
) -> None:
    for persona in PERSONAS[1:]:
        user = world[persona]
        hits = list(search.search(user=user, text="zebra", kind="", community="")[0:100])
        found = {(h.kind, h.document.object_id) for h in hits if h.kind in {"topic", "post"}}
        allowed = {("topic", t.pk) for t in Topic.objects.all() if can(user, "topic.view", t)}
        allowed |= {
            ("post", p.pk)
            for p in Post.objects.select_related("topic").filter(number__gt=1)
            # A reply's document carries its topic's title.
            if "zebra" in (p.body + p.topic.title).lower() and can(user, "topic.view", p.topic)
        }
        assert found == allowed, persona
    member_hits = search.search(user=world["member"], text="succession", kind="", community="")
    assert member_hits.count() == 0


def test_the_api_leaks_nothing_of_a_private_circle_topic(world: dict[str, Any]) -> None:
    client = client_for(world["member"])

    hidden = client.get(f"/api/v1/topics/{world['board']}")
    missing = client.get("/api/v1/topics/999999")

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_someone_removed_from_a_circle_hears_no_more_of_its_topics(
    world: dict[str, Any], private_circle: Any, member: Any, facilitator: Any, committed: Any
) -> None:
    CircleMembership.objects.create(circle=private_circle, user=member)
    board = Topic.objects.get(pk=world["board"])
    subscription_set(user=member, topic=board, level="watch")
    CircleMembership.objects.filter(circle=private_circle, user=member).delete()
    fresh = Topic.objects.select_related("category", "community", "circle").get(pk=board.pk)

    committed(post_reply, actor=facilitator, topic=fresh, body="@maya-member see this")

    assert not Notification.objects.filter(recipient=member).exists()
    assert not Notification.objects.filter(kind=notices.MENTION).exists()


def test_signed_out_visitors_are_sent_to_sign_in_and_the_api_answers_401(
    world: dict[str, Any],
) -> None:
    assert Client().get(f"/t/{world['open']}/").status_code == 302
    assert Client().post("/forum/preview/", {"body": "x"}).status_code == 302
    assert Client().get("/api/v1/communities/acme/topics").status_code == 401
