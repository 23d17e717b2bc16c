"""Who hears what: watchers, mentions, announcements, accepted answers, and nobody outside
what the policy lets them see (a circle's topic, a Chatham House topic's author)."""

from __future__ import annotations

from typing import Any

from django.core import mail

from conftest import join, make_user
from salon.discussions import notifications as notices
from salon.discussions.categories import category_create
from salon.discussions.models import Post
from salon.discussions.services.posts import post_edit, post_reply
from salon.discussions.services.reading import subscription_set
from salon.discussions.services.topics import answer_accept, topic_create
from salon.notifications.models import Notification
from salon.notifications.selectors import describe


def _told(user: Any, kind: str | None = None) -> list[Notification]:
    qs = Notification.objects.filter(recipient=user).select_related("actor", "community")
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs)


def test_the_author_hears_of_replies_to_the_topic_they_watch(
    member: Any, facilitator: Any, director: Any, start: Any, committed: Any
) -> None:
    topic = start(member)

    committed(post_reply, actor=facilitator, topic=topic, body="Try a pre-mortem.")

    [told] = _told(member, notices.REPLY)
    assert describe(told) == "Fred Facilitator replied to “How do you run a strategy offsite?”."
    assert told.data["excerpt"] == "Try a pre-mortem."
    assert _told(director) == []  # not watching
    assert _told(facilitator) == []  # never about your own post


def test_muting_a_topic_silences_its_replies(
    member: Any, facilitator: Any, start: Any, committed: Any
) -> None:
    topic = start(member)
    subscription_set(user=member, topic=topic, level="mute")

    committed(post_reply, actor=facilitator, topic=topic, body="Anyone?")

    assert _told(member) == []


def test_watching_a_category_hears_of_its_new_topics_and_replies(
    member: Any, director: Any, general: Any, start: Any, committed: Any
) -> None:
    subscription_set(user=director, category=general, level="watch")

    topic = start(member, title="Hybrid work norms")
    committed(post_reply, actor=member, topic=topic, body="Adding a thought.")

    assert [n.kind for n in _told(director)] == [notices.REPLY, notices.NEW_TOPIC]


def test_a_mention_links_the_person_and_tells_them_once(
    member: Any, facilitator: Any, start: Any, committed: Any
) -> None:
    topic = start(facilitator)

    reply = committed(
        post_reply, actor=member, topic=topic, body="What do you think, @fred-facilitator?"
    )

    assert f'<a href="/people/{facilitator.pk}/" class="mention">@fred-facilitator</a>' in (
        reply.body_html
    )
    # Fred watches his own topic, but hears of the mention, not of the reply as well.
    assert [n.kind for n in _told(facilitator)] == [notices.MENTION]
    assert list(reply.mentions.all()) == [facilitator]


def test_mentions_in_code_are_not_mentions(member: Any, facilitator: Any, start: Any) -> None:
    topic = start(member, body="Use `@fred-facilitator` in the template\n\n    @fred-facilitator")

    assert _told(facilitator) == []
    assert 'class="mention"' not in Post.objects.get(topic=topic).body_html


def test_people_who_may_not_see_a_circle_topic_cannot_be_mentioned(
    director: Any,
    member: Any,
    guest: Any,
    facilitator: Any,
    emea_category: Any,
    board_category: Any,
    start: Any,
) -> None:
    # Maya is in EMEA but not in the private Board; Gus the guest is in neither.
    board = start(
        director, category=board_category, body="@maya-member @gus-guest @fred-facilitator"
    )
    emea = start(director, category=emea_category, body="@maya-member @gus-guest")

    board_post = Post.objects.get(topic=board)
    assert "/people/" in board_post.body_html  # Fred, a steward, may see it
    assert f"/people/{member.pk}/" not in board_post.body_html
    assert f"/people/{guest.pk}/" not in board_post.body_html
    assert [n.target_id for n in _told(member)] == [Post.objects.get(topic=emea).pk]
    assert _told(guest) == []
    assert [n.kind for n in _told(facilitator)] == [notices.MENTION]


def test_a_shared_handle_needs_the_id_to_name_one_person(
    member: Any, community: Any, director: Any, start: Any
) -> None:
    namesake = make_user("maya2@acme.test", "Maya Member")
    join(namesake, community)

    topic = start(director, body=f"@maya-member and @maya-member-{namesake.pk}")

    assert _told(member) == []
    assert len(_told(namesake, notices.MENTION)) == 1
    assert f"/people/{namesake.pk}/" in Post.objects.get(topic=topic).body_html


def test_an_edit_tells_only_the_people_it_newly_mentions(
    member: Any, facilitator: Any, director: Any, start: Any, committed: Any
) -> None:
    topic = start(member, body="Hello @fred-facilitator")
    post = Post.objects.get(topic=topic)
    post.topic = topic

    committed(
        post_edit,
        actor=member,
        post=post,
        body="Hello @fred-facilitator and @diana-director",
    )

    assert len(_told(facilitator, notices.MENTION)) == 1
    assert len(_told(director, notices.MENTION)) == 1


def test_an_announcement_reaches_everyone_who_may_see_it_by_email(
    director: Any, member: Any, guest: Any, facilitator: Any, outsider: Any, start: Any
) -> None:
    start(director, kind="announcement", title="Spring summit dates", body="Save the date.")

    told = set(
        Notification.objects.filter(kind=notices.ANNOUNCEMENT).values_list("recipient", flat=True)
    )
    assert told == {member.pk, guest.pk, facilitator.pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [member.email, guest.email, facilitator.email]
    )
    assert "Spring summit dates" in f"{mail.outbox[0].subject} {mail.outbox[0].body}"


def test_an_announcement_in_a_private_circle_reaches_only_its_people(
    director: Any, member: Any, guest: Any, facilitator: Any, board_category: Any, start: Any
) -> None:
    start(director, category=board_category, kind="announcement", title="Board minutes")

    told = set(
        Notification.objects.filter(kind=notices.ANNOUNCEMENT).values_list("recipient", flat=True)
    )
    assert told == {facilitator.pk}
    assert [m.to for m in mail.outbox] == [[facilitator.email]]


def test_the_answer_author_hears_their_answer_was_accepted(
    member: Any, facilitator: Any, start: Any, committed: Any
) -> None:
    topic = start(member, kind="question")
    answer = committed(post_reply, actor=facilitator, topic=topic, body="Do this.")

    committed(answer_accept, actor=member, topic=topic, post=answer)

    [told] = _told(facilitator, notices.ANSWER_ACCEPTED)
    assert (
        describe(told)
        == "Maya Member accepted your answer to “How do you run a strategy offsite?”."
    )


def test_under_the_chatham_house_rule_nobody_is_named(
    director: Any, member: Any, facilitator: Any, community: Any, committed: Any
) -> None:
    room = category_create(
        actor=director, community=community, name="Off the record", chatham_house=True
    )
    topic = committed(topic_create, actor=member, category=room, title="Candid views", body="…")

    committed(post_reply, actor=facilitator, topic=topic, body="@maya-member agreed")
    committed(post_reply, actor=director, topic=topic, body="Noted.")

    [mention] = _told(member, notices.MENTION)
    assert mention.actor_id is None
    assert describe(mention) == "Someone mentioned you in “Candid views”."
    # Fred replied and so watches: he hears of Diana's reply without her name.
    [reply] = _told(facilitator, notices.REPLY)
    assert reply.actor_id is None
    assert "Diana" not in describe(reply)
