"""Topics and replies are found in search, and the index follows every change."""

from __future__ import annotations

from typing import Any

from salon.core import search
from salon.core.models import SearchDocument
from salon.discussions.models import Post
from salon.discussions.services.posts import post_delete, post_edit, post_reply


def _found(user: Any, text: str) -> list[tuple[str, str]]:
    return [
        (h.kind, h.title) for h in search.search(user=user, text=text, kind="", community="")[0:20]
    ]


def test_a_topic_is_found_by_its_title_opening_post_and_tags(member: Any, start: Any) -> None:
    start(member, title="Offsite formats", body="The pre-mortem worked", tags=["facilitation"])

    assert _found(member, "offsite") == [("topic", "Offsite formats")]
    assert _found(member, "premortem") == []
    assert _found(member, "pre-mortem") == [("topic", "Offsite formats")]
    assert _found(member, "facilitation") == [("topic", "Offsite formats")]


def test_replies_are_found_and_follow_edits_and_deletes(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(member, title="Offsite formats")
    reply = post_reply(actor=facilitator, topic=topic, body="Try a walking meeting")

    assert _found(member, "walking") == [("post", "Offsite formats")]

    post_edit(actor=facilitator, post=reply, body="Try a silent start")
    assert _found(member, "walking") == []
    assert _found(member, "silent") == [("post", "Offsite formats")]

    post_delete(actor=facilitator, post=reply)
    assert _found(member, "silent") == []


def test_editing_the_opening_post_updates_the_topic(member: Any, start: Any) -> None:
    topic = start(member, body="First idea")
    opening = Post.objects.get(topic=topic)
    opening.topic = topic

    post_edit(actor=member, post=opening, body="Second idea")

    assert _found(member, "first") == []
    assert [kind for kind, _t in _found(member, "second")] == ["topic"]
    assert not SearchDocument.objects.filter(kind="post").exists()  # #1 is the topic


def test_reindex_rebuilds_the_same_documents(member: Any, facilitator: Any, start: Any) -> None:
    topic = start(member, title="Offsite formats", tags=["strategy"])
    post_reply(actor=facilitator, topic=topic, body="A reply")
    before = sorted(
        SearchDocument.objects.filter(kind__in=["topic", "post"]).values_list(
            "kind", "object_id", "title", "body", "tags", "circle_id", "url"
        )
    )

    counts = search.reindex(["topic", "post"])

    after = sorted(
        SearchDocument.objects.filter(kind__in=["topic", "post"]).values_list(
            "kind", "object_id", "title", "body", "tags", "circle_id", "url"
        )
    )
    assert counts == {"topic": 1, "post": 1}
    assert after == before
