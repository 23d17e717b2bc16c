from __future__ import annotations

from typing import Any

from conftest import client_for
from salon.discussions.categories import category_create
from salon.discussions.models import Post, Reaction, Topic
from salon.discussions.services.posts import post_reply


def _json(client: Any, method: str, url: str, body: Any = None) -> Any:
    return getattr(client, method)(url, body, content_type="application/json")


def test_a_member_starts_a_topic_and_lists_it(member: Any, general: Any) -> None:
    client = client_for(member)

    created = _json(
        client,
        "post",
        "/api/v1/communities/acme/topics",
        {
            "category": "general",
            "kind": "question",
            "title": "Hiring a CTO?",
            "body": "Tips?",
            "tags": ["Hiring", "tech"],
        },
    )
    listed = client.get("/api/v1/communities/acme/topics").json()

    assert created.status_code == 201
    body = created.json()
    assert body["kind"] == "question"
    assert body["tags"] == ["hiring", "tech"]
    assert body["author"] == {"id": member.pk, "name": "Maya Member"}
    assert body["unread"] == 0
    assert listed["count"] == 1
    assert listed["items"][0]["title"] == "Hiring a CTO?"


def test_the_list_filters_and_paginates(member: Any, start: Any) -> None:
    for n in range(3):
        start(member, title=f"Discussion {n}")
    start(member, title="A question", kind="question")
    client = client_for(member)

    questions = client.get("/api/v1/communities/acme/topics?kind=question").json()
    page = client.get("/api/v1/communities/acme/topics?page=2&page_size=3").json()

    assert [t["title"] for t in questions["items"]] == ["A question"]
    assert page["count"] == 4
    assert len(page["items"]) == 1


def test_a_topic_comes_with_a_page_of_posts_and_is_marked_read(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(facilitator)
    for n in range(4):
        post_reply(actor=facilitator, topic=topic, body=f"Reply {n}")
    client = client_for(member)

    first = client.get(f"/api/v1/topics/{topic.pk}?page_size=2").json()
    last = client.get(f"/api/v1/topics/{topic.pk}?page=3&page_size=2").json()
    listed = client.get("/api/v1/communities/acme/topics").json()["items"][0]

    assert first["unread"] is None
    assert first["posts"]["count"] == 5
    assert first["posts"]["pages"] == 3
    assert [p["number"] for p in first["posts"]["items"]] == [1, 2]
    assert [p["number"] for p in last["posts"]["items"]] == [5]
    assert first["subscription"] == "track"
    assert listed["unread"] == 0


def test_reply_edit_react_and_delete(member: Any, facilitator: Any, start: Any) -> None:
    topic = start(facilitator)
    client = client_for(member)

    reply = _json(client, "post", f"/api/v1/topics/{topic.pk}/posts", {"body": "I'd *add* one"})
    post_id = reply.json()["id"]
    edited = _json(client, "patch", f"/api/v1/posts/{post_id}", {"body": "I'd add two"})
    reacted = _json(client, "post", f"/api/v1/posts/{post_id}/reactions", {"emoji": "clap"})
    deleted = client.delete(f"/api/v1/posts/{post_id}")
    after = client.get(f"/api/v1/topics/{topic.pk}").json()["posts"]["items"][1]

    assert reply.status_code == 201
    assert reply.json()["number"] == 2
    assert reply.json()["body_html"] == "<p>I'd <em>add</em> one</p>\n"
    assert edited.json()["body"] == "I'd add two"
    assert edited.json()["edited_at"] is not None
    clap = next(r for r in reacted.json()["reactions"] if r["emoji"] == "clap")
    assert (clap["symbol"], clap["count"], clap["mine"]) == ("👏", 1, True)
    assert deleted.status_code == 204
    assert after["deleted"] is True
    assert after["body"] is None
    assert after["body_html"] is None


def test_the_asker_accepts_and_unmarks_an_answer(member: Any, facilitator: Any, start: Any) -> None:
    topic = start(member, kind="question")
    answer = post_reply(actor=facilitator, topic=topic, body="Do this.")
    client = client_for(member)

    accepted = _json(client, "post", f"/api/v1/topics/{topic.pk}/accept", {"post": answer.pk})
    unmarked = _json(client, "post", f"/api/v1/topics/{topic.pk}/accept", {"post": None})

    assert accepted.json()["accepted_answer"] == answer.pk
    assert unmarked.json()["accepted_answer"] is None


def test_the_subscription_level_is_set(member: Any, start: Any) -> None:
    topic = start(member)

    response = _json(
        client_for(member), "put", f"/api/v1/topics/{topic.pk}/subscription", {"level": "mute"}
    )

    assert response.json() == {"topic": topic.pk, "level": "mute"}


def test_bad_input_gets_a_4xx_with_detail_and_writes_nothing(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(member, kind="question")
    other = start(member, title="Other")
    elsewhere = post_reply(actor=facilitator, topic=other, body="x")
    opening = Post.objects.get(topic=topic)
    client = client_for(member)

    responses = {
        "empty body": _json(client, "post", f"/api/v1/topics/{topic.pk}/posts", {"body": ""}),
        "blank body": _json(client, "post", f"/api/v1/topics/{topic.pk}/posts", {"body": "  "}),
        "not json": _json(client, "post", f"/api/v1/topics/{topic.pk}/posts", "{{"),
        "no category": _json(
            client,
            "post",
            "/api/v1/communities/acme/topics",
            {"category": "nope", "title": "T", "body": "B"},
        ),
        "six tags": _json(
            client,
            "post",
            "/api/v1/communities/acme/topics",
            {"category": "general", "title": "T", "body": "B", "tags": list("abcdef")},
        ),
        "bad kind": _json(
            client,
            "post",
            "/api/v1/communities/acme/topics",
            {"category": "general", "title": "T", "body": "B", "kind": "rant"},
        ),
        "bad emoji": _json(client, "post", f"/api/v1/posts/{opening.pk}/reactions", {"emoji": "x"}),
        "foreign answer": _json(
            client, "post", f"/api/v1/topics/{topic.pk}/accept", {"post": elsewhere.pk}
        ),
        "opening as answer": _json(
            client, "post", f"/api/v1/topics/{topic.pk}/accept", {"post": opening.pk}
        ),
        "bad level": _json(
            client, "put", f"/api/v1/topics/{topic.pk}/subscription", {"level": "loud"}
        ),
        "bad page": client.get(f"/api/v1/topics/{topic.pk}?page=0"),
        "unknown topic": client.get("/api/v1/topics/999999"),
    }

    expected = {
        "empty body": 422,
        "blank body": 400,
        "not json": 400,
        "no category": 404,
        "six tags": 422,
        "bad kind": 422,
        "bad emoji": 422,
        "foreign answer": 400,
        "opening as answer": 400,
        "bad level": 422,
        "bad page": 422,
        "unknown topic": 404,
    }
    got = {name: r.status_code for name, r in responses.items()}
    assert got == expected
    for name, response in responses.items():
        assert "detail" in response.json(), name
    assert Topic.objects.count() == 2
    assert Post.objects.count() == 3
    assert not Reaction.objects.exists()


def test_under_the_chatham_house_rule_the_api_names_no_author(
    director: Any, member: Any, community: Any, start: Any
) -> None:
    room = category_create(
        actor=director, community=community, name="Off the record", chatham_house=True
    )
    topic = start(director, category=room)
    post_reply(actor=member, topic=topic, body="Candidly…")
    client = client_for(member)

    detail = client.get(f"/api/v1/topics/{topic.pk}").json()

    assert detail["chatham_house"] is True
    assert detail["author"] is None
    assert [(p["author"], p["is_mine"]) for p in detail["posts"]["items"]] == [
        (None, False),
        (None, True),
    ]


def test_the_topic_list_query_count_stays_flat(
    member: Any, facilitator: Any, start: Any, django_assert_num_queries: Any
) -> None:
    for n in range(2):
        start(facilitator, title=f"T{n}", tags=["x"])
    client = client_for(member)
    client.get("/api/v1/communities/acme/topics")
    # user, memberships (the community comes with them), visible circles, count, the page
    # of topics (their tags are the topics' own ``tag_names``)
    with django_assert_num_queries(5):
        client.get("/api/v1/communities/acme/topics")
    for n in range(2, 25):
        start(facilitator, title=f"T{n}", tags=[f"t{n}"])
    with django_assert_num_queries(5):
        client.get("/api/v1/communities/acme/topics")
