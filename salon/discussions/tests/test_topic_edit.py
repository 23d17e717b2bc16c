"""Changing a topic's title and tags: from the opening post's edit page and
``PATCH /api/v1/topics/{id}``, for its author while the topic is open and for stewards."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import client_for, join, make_user
from salon.core import search
from salon.core.models import AuditEvent
from salon.discussions.models import Post, PostRevision, Topic
from salon.discussions.services.posts import post_reply
from salon.discussions.services.topics import topic_moderate


@pytest.fixture
def other_member(community: Any) -> Any:
    user = make_user("omar@acme.test", "Omar Other")
    join(user, community)
    return user


@pytest.fixture
def topic(member: Any, start: Any) -> Topic:
    return start(member, title="Offsite formats", body="What worked?", tags=["strategy"])


def _opening(topic: Topic) -> Post:
    return Post.objects.get(topic=topic, number=1)


def _edit(user: Any, topic: Topic, **fields: str) -> Any:
    data = {"title": "Offsite formats", "body": "What worked?", "tags": "strategy"} | fields
    return client_for(user).post(f"/p/{_opening(topic).pk}/edit/", data)


def _patch(user: Any, topic: Topic, body: dict[str, Any]) -> Any:
    return client_for(user).patch(
        f"/api/v1/topics/{topic.pk}", body, content_type="application/json"
    )


def _found(user: Any, text: str) -> list[tuple[str, str]]:
    return [
        (h.kind, h.title) for h in search.search(user=user, text=text, kind="", community="")[0:20]
    ]


def test_the_author_changes_the_title_and_tags_and_the_pages_show_them(
    member: Any, topic: Topic
) -> None:
    form = client_for(member).get(f"/p/{_opening(topic).pk}/edit/").content.decode()

    response = _edit(
        member, topic, title="Offsite formats that worked", body="Which ones?", tags="Offsite, AI"
    )

    assert 'name="title"' in form
    assert 'value="strategy"' in form
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.title == "Offsite formats that worked"
    assert topic.tag_names == ["ai", "offsite"]
    assert sorted(t.name for t in topic.tags.all()) == ["ai", "offsite"]
    assert PostRevision.objects.get().body == "What worked?"
    event = AuditEvent.objects.get(action="discussions.topic.edited")
    assert event.actor == member
    assert event.details["title"] == ["Offsite formats", "Offsite formats that worked"]
    assert event.details["tags"] == [["strategy"], ["ai", "offsite"]]
    assert event.details["by_author"] is True
    page = client_for(member).get(f"/t/{topic.pk}/").content.decode()
    forum = client_for(member).get("/c/acme/forum/").content.decode()
    assert "Offsite formats that worked" in page
    assert "#offsite" in page
    assert "#strategy" not in page
    assert "Offsite formats that worked" in forum


def test_changing_only_the_title_keeps_the_text_without_a_revision(
    member: Any, topic: Topic
) -> None:
    response = _edit(member, topic, title="A better title")

    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.title == "A better title"
    assert topic.tag_names == ["strategy"]
    assert not PostRevision.objects.exists()
    assert "tags" not in AuditEvent.objects.get(action="discussions.topic.edited").details


def test_a_facilitator_changes_a_member_s_topic_and_it_is_audited(
    facilitator: Any, topic: Topic
) -> None:
    response = _edit(facilitator, topic, title="Offsite formats (moved from chat)", tags="")

    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.title == "Offsite formats (moved from chat)"
    assert topic.tag_names == []
    assert not topic.tags.exists()
    event = AuditEvent.objects.get(action="discussions.topic.edited")
    assert event.actor == facilitator
    assert event.details["by_author"] is False


def test_a_director_renames_a_locked_topic_but_its_author_cannot(
    member: Any, director: Any, topic: Topic
) -> None:
    topic_moderate(actor=director, topic=topic, action="lock")

    refused = _patch(member, topic, {"title": "Mine again"})
    renamed = _patch(director, topic, {"title": "Offsite formats (locked)"})

    assert refused.status_code == 403
    assert renamed.status_code == 200
    assert renamed.json()["title"] == "Offsite formats (locked)"


def test_another_member_gets_403_from_the_page_and_the_api(other_member: Any, topic: Topic) -> None:
    page = client_for(other_member).get(f"/p/{_opening(topic).pk}/edit/")
    posted = _edit(other_member, topic, title="Hijacked")
    patched = _patch(other_member, topic, {"title": "Hijacked", "tags": ["spam"]})

    assert page.status_code == 403
    assert posted.status_code == 403
    assert patched.status_code == 403
    assert patched.json() == {"detail": "You do not have permission to do this."}
    topic.refresh_from_db()
    assert topic.title == "Offsite formats"
    assert topic.tag_names == ["strategy"]
    assert not AuditEvent.objects.filter(action="discussions.topic.edited").exists()


def test_an_outsider_gets_404_from_the_page_and_the_api(outsider: Any, topic: Topic) -> None:
    page = client_for(outsider).get(f"/p/{_opening(topic).pk}/edit/")
    patched = _patch(outsider, topic, {"title": "Hijacked"})

    assert page.status_code == 404
    assert patched.status_code == 404
    topic.refresh_from_db()
    assert topic.title == "Offsite formats"


def test_a_member_outside_a_private_circle_gets_404(
    member: Any, director: Any, board_category: Any, start: Any
) -> None:
    board = start(director, category=board_category, title="Board only")

    assert _patch(member, board, {"title": "Seen"}).status_code == 404


def test_search_finds_the_new_title_and_not_the_old(
    member: Any, facilitator: Any, topic: Topic
) -> None:
    post_reply(actor=facilitator, topic=topic, body="Try a walking meeting")

    _edit(member, topic, title="Retreat agendas", tags="planning")

    assert _found(member, "offsite") == []
    assert sorted(_found(member, "retreat")) == [
        ("post", "Retreat agendas"),
        ("topic", "Retreat agendas"),
    ]
    assert _found(member, "planning") == [("topic", "Retreat agendas")]
    assert _found(member, "strategy") == []


def test_an_empty_title_is_refused_by_its_field_and_nothing_is_written(
    member: Any, topic: Topic
) -> None:
    response = _edit(member, topic, title="   ", body="A new text", tags="new-tag")

    assert response.status_code == 400
    topic.refresh_from_db()
    assert topic.title == "Offsite formats"
    assert topic.tag_names == ["strategy"]
    assert _opening(topic).body == "What worked?"
    assert not PostRevision.objects.exists()
    assert not AuditEvent.objects.filter(action="discussions.topic.edited").exists()
    page = response.content.decode()
    title_field = page[page.index('<div class="field has-error">') :]
    assert title_field.index("This field is required.") < title_field.index('name="title"')


def test_a_too_long_tag_is_refused_by_its_field_and_nothing_is_written(
    member: Any, topic: Topic
) -> None:
    response = _edit(member, topic, title="A new title", body="A new text", tags="x" * 41)

    assert response.status_code == 400
    topic.refresh_from_db()
    assert topic.title == "Offsite formats"
    assert _opening(topic).body == "What worked?"
    assert not PostRevision.objects.exists()
    page = response.content.decode()
    tags_field = page[page.index('<div class="field has-error">') :]
    assert "a tag has at most 40 characters" in tags_field
    assert tags_field.index("at most 40 characters") < tags_field.index('name="tags"')
    assert 'name="title"' not in tags_field  # the title's field comes before, error-free


def test_tags_that_lose_characters_are_named_in_the_success_message(
    member: Any, topic: Topic
) -> None:
    client = client_for(member)
    client.post(
        f"/p/{_opening(topic).pk}/edit/",
        {"title": "Offsite formats", "body": "What worked?", "tags": "a&b, AI Ethics, !!"},
    )

    page = client.get(f"/t/{topic.pk}/").content.decode()

    topic.refresh_from_db()
    assert topic.tag_names == ["ab", "ai-ethics"]
    assert "Your changes are saved" in page
    assert "“a&amp;b” became “ab”" in page
    assert "“!!” was left out" in page
    assert "AI Ethics" not in page  # only lower case and a hyphen: not a change


def test_starting_a_topic_names_the_tags_that_lost_characters(member: Any, general: Any) -> None:
    client = client_for(member)
    client.post(
        "/c/acme/forum/new/",
        {
            "category": general.pk,
            "kind": "discussion",
            "title": "C tips",
            "body": "Hi",
            "tags": "C++",
        },
    )

    page = client.get(Topic.objects.get().get_absolute_url()).content.decode()

    assert "“C++” became “c”" in page


def test_editing_a_reply_offers_no_title(member: Any, facilitator: Any, topic: Topic) -> None:
    reply = post_reply(actor=member, topic=topic, body="Me too")

    form = client_for(member).get(f"/p/{reply.pk}/edit/").content.decode()

    assert 'name="title"' not in form
    assert 'name="body"' in form


def test_the_api_changes_the_title_and_cleans_the_tags(member: Any, topic: Topic) -> None:
    response = _patch(member, topic, {"tags": ["Retreats", "a&b"]})

    assert response.status_code == 200
    assert response.json()["title"] == "Offsite formats"
    assert response.json()["tags"] == ["ab", "retreats"]
    topic.refresh_from_db()
    assert topic.tag_names == ["ab", "retreats"]


def test_the_api_refuses_a_blank_title_and_writes_nothing(member: Any, topic: Topic) -> None:
    blank = _patch(member, topic, {"title": "   ", "tags": ["new"]})
    long_tag = _patch(member, topic, {"tags": ["y" * 41]})

    assert blank.status_code == 400
    assert blank.json() == {"detail": "Give the topic a title."}
    assert long_tag.status_code == 400
    topic.refresh_from_db()
    assert topic.title == "Offsite formats"
    assert topic.tag_names == ["strategy"]
    assert not AuditEvent.objects.filter(action="discussions.topic.edited").exists()


def test_a_blank_title_and_a_too_long_tag_are_both_shown_by_their_fields(
    member: Any, topic: Topic
) -> None:
    response = _edit(member, topic, title="", tags="z" * 41)

    page = response.content.decode()
    assert response.status_code == 400
    assert page.count('<div class="field has-error">') == 2
    assert "This field is required." in page
    assert "a tag has at most 40 characters" in page
