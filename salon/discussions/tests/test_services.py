from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from salon.core.models import AuditEvent
from salon.discussions.categories import category_create
from salon.discussions.models import (
    Level,
    Post,
    PostRevision,
    Reaction,
    Subscription,
    Topic,
    TopicKind,
    TopicRead,
)
from salon.discussions.services.posts import (
    post_delete,
    post_edit,
    post_hide,
    post_reply,
    quote_for,
    reaction_toggle,
)
from salon.discussions.services.reading import subscription_set, topic_mark_read
from salon.discussions.services.topics import answer_accept, topic_create, topic_moderate


def test_a_member_starts_a_topic_with_its_opening_post_and_watches_it(
    member: Any, start: Any
) -> None:
    topic = start(
        member, title="  Offsites   that work ", tags=["Strategy", "strategy", "AI Ethics"]
    )

    topic.refresh_from_db()
    assert topic.title == "Offsites that work"
    assert topic.post_count == 1
    assert topic.community.slug == "acme"
    opening = Post.objects.get(topic=topic)
    assert opening.number == 1
    assert opening.body_html == "<p>Looking for formats that worked.</p>\n"
    assert sorted(t.name for t in topic.tags.all()) == ["ai-ethics", "strategy"]
    assert Subscription.objects.get(user=member, topic=topic).level == Level.WATCH
    assert TopicRead.objects.get(user=member, topic=topic).last_read_number == 1
    assert AuditEvent.objects.filter(action="discussions.topic.created").count() == 1


def test_replies_are_numbered_in_order_and_move_the_topic_up(
    member: Any, facilitator: Any, director: Any, start: Any, committed: Any
) -> None:
    older = start(member, title="Older")
    topic = start(member, title="Newer")

    first = committed(post_reply, actor=facilitator, topic=older, body="One")
    second = committed(post_reply, actor=director, topic=older, body="Two")

    assert (first.number, second.number) == (2, 3)
    older.refresh_from_db()
    topic.refresh_from_db()
    assert older.post_count == 3
    assert older.last_activity_at > topic.last_activity_at
    # Replying makes you watch the conversation.
    assert Subscription.objects.get(user=director, topic=older).level == Level.WATCH


def test_a_reply_is_audited_like_every_other_change(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(member)

    reply = post_reply(actor=facilitator, topic=topic, body="Try a walking offsite.")

    event = AuditEvent.objects.get(action="discussions.post.created")
    assert event.actor == facilitator
    assert event.target_id == str(reply.pk)
    assert event.community_id == topic.community_id
    assert event.details == {"topic": topic.pk, "number": 2}


def test_an_empty_reply_is_refused_and_nothing_is_written(member: Any, start: Any) -> None:
    topic = start(member)

    with pytest.raises(ValidationError):
        post_reply(actor=member, topic=topic, body="   ")

    topic.refresh_from_db()
    assert topic.post_count == 1
    assert Post.objects.count() == 1


def test_guests_reply_but_do_not_start_topics(
    guest: Any, member: Any, general: Any, start: Any
) -> None:
    topic = start(member)

    post = post_reply(actor=guest, topic=topic, body="Thanks for having me.")

    assert post.number == 2
    with pytest.raises(PermissionDenied):
        topic_create(actor=guest, category=general, title="Mine", body="Hello")


def test_only_directors_and_facilitators_announce(
    member: Any, facilitator: Any, general: Any
) -> None:
    with pytest.raises(PermissionDenied):
        topic_create(
            actor=member, category=general, title="Big news", body="…", kind=TopicKind.ANNOUNCEMENT
        )

    topic = topic_create(
        actor=facilitator, category=general, title="Big news", body="…", kind="announcement"
    )

    assert topic.kind == TopicKind.ANNOUNCEMENT


def test_an_edit_keeps_the_earlier_text_as_a_revision(member: Any, start: Any) -> None:
    topic = start(member, body="First draft")
    post = Post.objects.get(topic=topic)
    post.topic = topic

    post_edit(actor=member, post=post, body="Second *draft*")

    post.refresh_from_db()
    assert post.body == "Second *draft*"
    assert "<em>draft</em>" in post.body_html
    assert post.edited_at is not None
    revision = PostRevision.objects.get(post=post)
    assert (revision.body, revision.edited_by) == ("First draft", member)
    assert AuditEvent.objects.filter(action="discussions.post.edited").exists()


def test_only_the_author_or_a_steward_edits_a_post(
    member: Any, facilitator: Any, guest: Any, start: Any
) -> None:
    topic = start(member)
    post = Post.objects.get(topic=topic)
    post.topic = topic

    with pytest.raises(PermissionDenied):
        post_edit(actor=guest, post=post, body="Vandalism")
    post_edit(actor=facilitator, post=post, body="Tidied up by a facilitator")

    post.refresh_from_db()
    assert post.body == "Tidied up by a facilitator"


def test_a_deleted_post_keeps_its_place_and_its_number(
    member: Any, facilitator: Any, start: Any, committed: Any
) -> None:
    topic = start(member)
    reply = committed(post_reply, actor=facilitator, topic=topic, body="Oops")
    later = committed(post_reply, actor=member, topic=topic, body="Later")

    post_delete(actor=facilitator, post=reply)

    reply.refresh_from_db()
    assert reply.deleted_at is not None
    assert reply.body == "Oops"  # kept, shown to nobody
    assert later.number == 3
    assert AuditEvent.objects.filter(action="discussions.post.deleted").exists()


def test_the_opening_post_is_not_deleted_but_the_topic_archived(member: Any, start: Any) -> None:
    topic = start(member)
    opening = Post.objects.get(topic=topic)
    opening.topic = topic

    with pytest.raises(PermissionDenied):
        post_delete(actor=member, post=opening)


def test_reactions_toggle_from_a_fixed_set(member: Any, facilitator: Any, start: Any) -> None:
    topic = start(member)
    post = Post.objects.get(topic=topic)
    post.topic = topic

    assert reaction_toggle(actor=facilitator, post=post, emoji="heart") is True
    assert reaction_toggle(actor=member, post=post, emoji="heart") is True
    assert reaction_toggle(actor=facilitator, post=post, emoji="heart") is False
    with pytest.raises(ValidationError):
        reaction_toggle(actor=member, post=post, emoji="poop")

    assert list(Reaction.objects.values_list("user", "emoji")) == [(member.pk, "heart")]


def test_the_asker_accepts_an_answer(
    member: Any, facilitator: Any, start: Any, committed: Any
) -> None:
    topic = start(member, kind="question")
    answer = committed(post_reply, actor=facilitator, topic=topic, body="Try this.")

    answer_accept(actor=member, topic=topic, post=answer)

    topic.refresh_from_db()
    assert topic.accepted_answer == answer
    assert AuditEvent.objects.filter(action="discussions.answer.accepted").exists()


def test_someone_else_may_not_accept_but_a_facilitator_may(
    member: Any, director: Any, facilitator: Any, guest: Any, start: Any, committed: Any
) -> None:
    topic = start(member, kind="question")
    answer = committed(post_reply, actor=guest, topic=topic, body="Here's how.")

    with pytest.raises(PermissionDenied):
        answer_accept(actor=guest, topic=topic, post=answer)
    answer_accept(actor=facilitator, topic=topic, post=answer)

    topic.refresh_from_db()
    assert topic.accepted_answer == answer


def test_only_questions_have_answers_and_only_replies_are_answers(
    member: Any, start: Any, committed: Any
) -> None:
    discussion = start(member)
    question = start(member, kind="question")
    opening = Post.objects.get(topic=question, number=1)
    reply = committed(post_reply, actor=member, topic=discussion, body="x")

    with pytest.raises(PermissionDenied):
        answer_accept(actor=member, topic=discussion, post=reply)
    with pytest.raises(ValidationError):
        answer_accept(actor=member, topic=question, post=opening)
    with pytest.raises(ValidationError):
        answer_accept(actor=member, topic=question, post=reply)


@pytest.mark.parametrize(
    ("action", "field"),
    [("pin", "pinned"), ("lock", "locked"), ("close", "closed"), ("archive", "archived")],
)
def test_stewards_moderate_and_every_change_is_audited(
    member: Any, facilitator: Any, start: Any, action: str, field: str
) -> None:
    topic = start(member)

    with pytest.raises(PermissionDenied):
        topic_moderate(actor=member, topic=topic, action=action)
    topic_moderate(actor=facilitator, topic=topic, action=action)

    topic.refresh_from_db()
    assert getattr(topic, field) is True
    event = AuditEvent.objects.get(action=f"discussions.topic.{field}")
    assert event.actor == facilitator
    assert event.community_id == topic.community_id


def test_a_closed_topic_takes_replies_from_stewards_only(
    member: Any, facilitator: Any, start: Any
) -> None:
    topic = start(member)
    topic_moderate(actor=facilitator, topic=topic, action="close")

    with pytest.raises(PermissionDenied):
        post_reply(actor=member, topic=topic, body="One more thing")
    post_reply(actor=facilitator, topic=topic, body="Summary for the record")


def test_an_archived_topic_is_read_only_for_everyone(
    member: Any, director: Any, start: Any
) -> None:
    topic = start(member)
    post = Post.objects.get(topic=topic)
    post.topic = topic
    topic_moderate(actor=director, topic=topic, action="archive")

    with pytest.raises(PermissionDenied):
        post_reply(actor=director, topic=topic, body="x")
    with pytest.raises(PermissionDenied):
        post_edit(actor=member, post=post, body="x")
    with pytest.raises(PermissionDenied):
        reaction_toggle(actor=member, post=post, emoji="heart")


def test_a_locked_topic_freezes_members_posts(member: Any, facilitator: Any, start: Any) -> None:
    topic = start(member)
    post = Post.objects.get(topic=topic)
    post.topic = topic
    topic_moderate(actor=facilitator, topic=topic, action="lock")

    with pytest.raises(PermissionDenied):
        post_edit(actor=member, post=post, body="Rewriting history")
    post_edit(actor=facilitator, post=post, body="Edited by the moderator")


def test_quote_reply_prefills_a_markdown_blockquote(member: Any, start: Any) -> None:
    topic = start(member, body="Line one\n\nLine two")
    post = Post.objects.select_related("author").get(topic=topic)

    quoted = quote_for(post, attribute=True)
    anonymous = quote_for(post, attribute=False)

    assert quoted == "> **Maya Member** wrote:\n>\n> Line one\n>\n> Line two\n\n"
    assert "Maya" not in anonymous
    assert anonymous.startswith("> Line one")


def test_read_positions_never_move_backwards(
    member: Any, director: Any, start: Any, committed: Any
) -> None:
    topic = start(member)
    for n in range(3):
        committed(post_reply, actor=member, topic=topic, body=f"Reply {n}")
    fresh = Topic.objects.get(pk=topic.pk)

    topic_mark_read(user=director, topic=fresh, number=3)
    topic_mark_read(user=director, topic=Topic.objects.get(pk=topic.pk), number=2)
    topic_mark_read(user=director, topic=Topic.objects.get(pk=topic.pk), number=99)

    assert TopicRead.objects.get(user=director, topic=topic).last_read_number == 4


def test_subscription_levels_are_saved_per_topic_and_per_category(
    member: Any, general: Any, start: Any
) -> None:
    topic = start(member)

    subscription_set(user=member, topic=topic, level="mute")
    subscription_set(user=member, category=general, level="watch")
    with pytest.raises(ValidationError):
        subscription_set(user=member, topic=topic, level="shout")

    assert Subscription.objects.get(user=member, topic=topic).level == Level.MUTE
    assert Subscription.objects.get(user=member, category=general).level == Level.WATCH


def test_categories_get_unique_slugs_and_only_stewards_make_them(
    director: Any, member: Any, community: Any
) -> None:
    first = category_create(actor=director, community=community, name="Strategy")
    second = category_create(actor=director, community=community, name="Strategy")

    assert (first.slug, second.slug) == ("strategy", "strategy-2")
    with pytest.raises(PermissionDenied):
        category_create(actor=member, community=community, name="Mine")


def test_too_many_tags_are_refused(member: Any, general: Any) -> None:
    with pytest.raises(ValidationError):
        topic_create(actor=member, category=general, title="T", body="B", tags=list("abcdef"))
    assert not Topic.objects.exists()


def test_a_steward_hides_a_post_and_shows_it_again_audited(
    member: Any, facilitator: Any, start: Any, committed: Any
) -> None:
    topic = start(member)
    reply = committed(post_reply, actor=member, topic=topic, body="Off-topic rant")

    with pytest.raises(PermissionDenied):
        post_hide(actor=member, post=reply)
    post_hide(actor=facilitator, post=reply)
    hidden_at = Post.objects.get(pk=reply.pk).hidden_at
    with pytest.raises(PermissionDenied):
        post_edit(actor=member, post=reply, body="Sneaky edit")
    post_hide(actor=facilitator, post=reply, hidden=False)

    assert hidden_at is not None
    assert Post.objects.get(pk=reply.pk).hidden_at is None
    assert list(
        AuditEvent.objects.filter(action__startswith="discussions.post.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["discussions.post.created", "discussions.post.hidden", "discussions.post.restored"]
