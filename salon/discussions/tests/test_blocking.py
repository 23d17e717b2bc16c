"""Blocking: Maya blocks Gus. His mentions, replies, new topics and accepted answers no
longer notify her; he is not told; unblocking restores it all. Announcements and
moderators' warnings still reach her."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from conftest import client_for
from salon.accounts.blocking import (
    block_create,
    block_remove,
    blocked_ids_of,
    blockers_among,
    is_blocked,
)
from salon.accounts.models import Block
from salon.core.models import AuditEvent
from salon.discussions import notifications as notices
from salon.discussions.services.posts import post_reply
from salon.discussions.services.reading import subscription_set
from salon.discussions.services.topics import answer_accept, topic_create
from salon.notifications.models import Notification


def _told(user: Any, kind: str | None = None) -> list[Notification]:
    qs = Notification.objects.filter(recipient=user)
    return list(qs.filter(kind=kind) if kind else qs)


@pytest.fixture
def blocked(member: Any, guest: Any) -> Any:
    """Maya has blocked Gus."""
    block_create(user=member, other=guest)
    return guest


def test_the_helpers_answer_who_blocked_whom(
    member: Any, blocked: Any, director: Any, django_assert_num_queries: Any
) -> None:
    assert is_blocked(member.pk, blocked.pk)
    assert not is_blocked(blocked.pk, member.pk)  # blocking goes one way
    assert blocked_ids_of(member) == {blocked.pk}
    with django_assert_num_queries(1):
        assert blockers_among(blocked.pk, [member.pk, director.pk]) == {member.pk}
    with django_assert_num_queries(0):
        assert blockers_among(None, [member.pk]) == set()


def test_a_blocked_person_s_mention_does_not_notify(
    member: Any, blocked: Any, director: Any, start: Any, committed: Any
) -> None:
    topic = start(director)

    committed(post_reply, actor=blocked, topic=topic, body="Thoughts, @maya-member?")

    assert _told(member) == []
    # The block is private: nobody else's notifications change, and Gus is told nothing.
    assert [n.kind for n in _told(director)] == [notices.REPLY]
    assert _told(blocked) == []


def test_a_blocked_person_s_mention_is_not_even_linked(
    member: Any, blocked: Any, director: Any, start: Any, committed: Any
) -> None:
    topic = start(director)

    reply = committed(
        post_reply, actor=blocked, topic=topic, body="@maya-member and @diana-director"
    )

    assert list(reply.mentions.values_list("pk", flat=True)) == [director.pk]
    assert f"/people/{member.pk}/" not in reply.body_html
    assert f"/people/{director.pk}/" in reply.body_html


def test_a_blocked_person_s_replies_do_not_reach_the_blocker_watching_the_topic(
    member: Any, blocked: Any, facilitator: Any, start: Any, committed: Any
) -> None:
    topic = start(member)  # Maya watches her own topic

    committed(post_reply, actor=blocked, topic=topic, body="I disagree.")
    committed(post_reply, actor=facilitator, topic=topic, body="Let's hear more.")

    assert [(n.kind, n.actor_id) for n in _told(member)] == [(notices.REPLY, facilitator.pk)]


def test_a_blocked_person_s_new_topic_in_a_watched_category_does_not_notify(
    member: Any, blocked: Any, general: Any, director: Any, committed: Any
) -> None:
    subscription_set(user=member, category=general, level="watch")
    subscription_set(user=blocked, category=general, level="watch")
    subscription_set(user=director, category=general, level="watch")
    # Guests do not start topics: the director's topic tells Maya; Gus's reply does not.
    topic = committed(topic_create, actor=director, category=general, title="T", body="B")
    committed(post_reply, actor=blocked, topic=topic, body="Reply")

    assert [n.kind for n in _told(member)] == [notices.NEW_TOPIC]


def test_announcements_still_reach_the_blocker(
    member: Any, director: Any, general: Any, committed: Any
) -> None:
    block_create(user=member, other=director)

    committed(
        topic_create,
        actor=director,
        category=general,
        title="Summit dates",
        body="Save the date.",
        kind="announcement",
    )

    assert [n.kind for n in _told(member)] == [notices.ANNOUNCEMENT]


def test_an_answer_accepted_by_a_blocked_asker_does_not_notify(
    member: Any, director: Any, start: Any, committed: Any
) -> None:
    question = start(director, kind="question", title="Who knows?")
    answer = post_reply(actor=member, topic=question, body="I do.")
    block_create(user=member, other=director)

    committed(answer_accept, actor=director, topic=question, post=answer)

    assert _told(member, notices.ANSWER_ACCEPTED) == []


def test_unblocking_restores_mentions(
    member: Any, blocked: Any, director: Any, start: Any, committed: Any
) -> None:
    # Maya wrote in the topic: a guest may mention only people who did.
    topic = start(member)
    block_remove(user=member, other=blocked)

    committed(post_reply, actor=blocked, topic=topic, body="@maya-member, agreed?")

    assert [n.kind for n in _told(member)] == [notices.MENTION]


def test_posts_of_a_blocked_person_stay_in_the_thread(
    member: Any, blocked: Any, director: Any, start: Any
) -> None:
    topic = start(director)
    post_reply(actor=blocked, topic=topic, body="Still readable")

    page = client_for(member).get(f"/t/{topic.pk}/?page=1").content.decode()

    assert "Still readable" in page


def test_a_member_blocks_from_a_profile_and_unblocks_in_settings(
    member: Any, director: Any
) -> None:
    client = client_for(member)
    profile = client.get(f"/people/{director.pk}/").content.decode()
    assert f'action="/people/{director.pk}/block/"' in profile

    response = client.post(f"/people/{director.pk}/block/")

    assert response.status_code == 302
    assert is_blocked(member.pk, director.pk)
    assert AuditEvent.objects.filter(action="accounts.block.created", actor=member).exists()
    assert "Unblock" in client.get(f"/people/{director.pk}/").content.decode()
    settings_page = client.get("/settings/blocked/").content.decode()
    assert "Diana Director" in settings_page
    assert 'href="/settings/blocked/" aria-current="page"' in settings_page
    assert client.post(f"/people/{director.pk}/unblock/").status_code == 302
    assert not is_blocked(member.pk, director.pk)
    assert "You have not blocked anyone" in client.get("/settings/blocked/").content.decode()


def test_the_blocked_person_sees_nothing_of_it(member: Any, director: Any) -> None:
    client_for(member).post(f"/people/{director.pk}/block/")

    profile = client_for(director).get(f"/people/{member.pk}/").content.decode()

    assert "blocked" not in profile.lower()
    assert _told(director) == []


def test_nobody_blocks_themselves_or_someone_they_may_not_see(member: Any, outsider: Any) -> None:
    with pytest.raises(ValidationError):
        block_create(user=member, other=member)
    client = client_for(member)

    assert client.post(f"/people/{outsider.pk}/block/").status_code == 404
    assert client.post(f"/people/{outsider.pk}/unblock/").status_code == 404  # no such block
    assert not Block.objects.exists()


def test_blocking_twice_is_one_block(member: Any, director: Any) -> None:
    block_create(user=member, other=director)
    block_create(user=member, other=director)

    assert Block.objects.filter(blocker=member).count() == 1


def test_erasing_an_account_removes_the_blocks_it_made(member: Any, director: Any) -> None:
    from salon.accounts.services import account_erase

    block_create(user=member, other=director)
    block_create(user=director, other=member)

    account_erase(user=member)

    # Hers are gone with her data; Diana's block of the erased shell is Diana's to keep.
    assert list(Block.objects.values_list("blocker_id", "blocked_id")) == [(director.pk, member.pk)]
