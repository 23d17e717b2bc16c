"""Flags, the stewards' queue and what they do from it (hide, restore, lock, warn, move),
each audited; the automatic hide; the API.

Maya (member) is in the open EMEA circle, not in the private Board; Fred (facilitator) is
in no circle, and moderates them all, as he may read them all.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import client_for, join, make_user
from salon.core.models import AuditEvent
from salon.discussions import moderation
from salon.discussions import notifications as notices
from salon.discussions.categories import category_create
from salon.discussions.models import Flag, Post, Resolution, Topic
from salon.discussions.services.posts import post_reply
from salon.notifications.models import EmailStatus, Notification
from salon.notifications.selectors import describe


@pytest.fixture
def thread(member: Any, facilitator: Any, start: Any) -> dict[str, Any]:
    topic = start(facilitator, title="Offsite formats")
    reply = post_reply(actor=member, topic=topic, body="Our CFO is an idiot.")
    return {"topic": topic, "reply": reply}


def _flags(post: Post) -> list[Flag]:
    return list(Flag.objects.filter(post=post))


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


# Flagging --------------------------------------------------------------------------------


def test_a_member_flags_a_post_and_the_stewards_hear_of_it_in_their_digest(
    thread: dict[str, Any], director: Any, facilitator: Any, guest: Any, committed: Any
) -> None:
    reply = thread["reply"]

    flag = committed(
        moderation.flag_post, actor=guest, post=reply, reason="disrespectful", note="Name-calling"
    )

    assert (flag.reason, flag.note, flag.flagged_by, flag.resolved_at) == (
        "disrespectful",
        "Name-calling",
        guest,
        None,
    )
    assert "discussions.flag.created" in _actions()
    told = Notification.objects.filter(kind=notices.FLAGGED)
    assert sorted(n.recipient_id for n in told) == sorted([director.pk, facilitator.pk])
    assert {n.email_status for n in told} == {EmailStatus.DIGEST}  # daily digest by default
    sentence = describe(told[0])
    assert sentence == "A post in “Offsite formats” was flagged: Disrespectful."
    assert "Gus" not in sentence  # not who flagged it
    assert "Maya" not in sentence  # nor who wrote it
    assert told[0].url == "/c/acme/forum/moderation/"


def test_a_second_flag_on_the_same_post_does_not_tell_the_stewards_again(
    thread: dict[str, Any], guest: Any, director: Any, committed: Any
) -> None:
    committed(moderation.flag_post, actor=guest, post=thread["reply"], reason="spam")
    committed(moderation.flag_post, actor=director, post=thread["reply"], reason="off_topic")

    assert Notification.objects.filter(kind=notices.FLAGGED).count() == 2  # Fred and Diana


def test_nobody_flags_their_own_post_nor_the_same_post_twice_while_it_is_open(
    thread: dict[str, Any], member: Any, guest: Any
) -> None:
    with pytest.raises(PermissionDenied):
        moderation.flag_post(actor=member, post=thread["reply"], reason="spam")
    moderation.flag_post(actor=guest, post=thread["reply"], reason="spam")
    with pytest.raises(ValidationError):
        moderation.flag_post(actor=guest, post=thread["reply"], reason="other")
    with pytest.raises(ValidationError):
        moderation.flag_post(actor=guest, post=thread["topic"].posts.get(number=1), reason="x")

    assert len(_flags(thread["reply"])) == 1


def test_after_a_flag_is_resolved_the_same_person_may_flag_again(
    thread: dict[str, Any], guest: Any, director: Any
) -> None:
    moderation.flag_post(actor=guest, post=thread["reply"], reason="spam")
    moderation.flags_resolve(actor=director, post=thread["reply"], resolution="dismissed")

    moderation.flag_post(actor=guest, post=thread["reply"], reason="spam")

    assert len(_flags(thread["reply"])) == 2


def test_only_those_who_may_see_a_circle_topic_may_flag_its_posts(
    director: Any, member: Any, board_category: Any, start: Any
) -> None:
    board = start(director, category=board_category, title="Succession")
    opening = board.posts.get(number=1)

    response = client_for(member).post(f"/p/{opening.pk}/flag/", {"reason": "spam"})

    assert response.status_code == 404
    assert _flags(opening) == []


def test_each_post_carries_a_flag_form_but_not_the_readers_own(
    thread: dict[str, Any], member: Any
) -> None:
    page = client_for(member).get(f"/t/{thread['topic'].pk}/?page=1").content.decode()

    opening = thread["topic"].posts.get(number=1)
    assert f'action="/p/{opening.pk}/flag/"' in page  # Fred's post
    assert f'action="/p/{thread["reply"].pk}/flag/"' not in page  # her own
    assert "Disrespectful" in page


def test_flagging_in_place_with_htmx_answers_with_the_form_s_thanks(
    thread: dict[str, Any], guest: Any
) -> None:
    response = client_for(guest).post(
        f"/p/{thread['reply'].pk}/flag/",
        {"reason": "confidential", "note": "Names a client"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "Thank you" in response.content.decode()
    assert _flags(thread["reply"])[0].note == "Names a client"


def test_an_unknown_reason_is_refused_with_the_form(thread: dict[str, Any], guest: Any) -> None:
    response = client_for(guest).post(
        f"/p/{thread['reply'].pk}/flag/", {"reason": "boring"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 400
    assert _flags(thread["reply"]) == []


def test_enough_flags_hide_a_reply_until_a_steward_looks(
    thread: dict[str, Any], guest: Any, director: Any, facilitator: Any, committed: Any
) -> None:
    reply = thread["reply"]
    for person in (guest, director, facilitator):
        committed(moderation.flag_post, actor=person, post=reply, reason="disrespectful")

    reply.refresh_from_db()
    assert reply.hidden_at is not None
    hidden = AuditEvent.objects.get(action="discussions.post.hidden")
    assert hidden.actor is None
    assert hidden.details["automatic"] is True
    assert hidden.details["flags"] == 3
    # Diana hears of the first flag and of the hiding (Fred flagged last, so he is told of
    # the hiding he caused only through the page).
    told = Notification.objects.filter(recipient=director).order_by("pk")
    assert [describe(n) for n in told] == [
        "A post in “Offsite formats” was flagged: Disrespectful.",
        "A post in “Offsite formats” was hidden after 3 members flagged it.",
    ]


def test_the_opening_post_is_never_hidden_automatically(
    thread: dict[str, Any], guest: Any, director: Any, member: Any
) -> None:
    opening = thread["topic"].posts.get(number=1)
    for person in (guest, director, member):
        moderation.flag_post(actor=person, post=opening, reason="off_topic")

    opening.refresh_from_db()
    assert opening.hidden_at is None


# The queue -------------------------------------------------------------------------------


@pytest.fixture
def flagged(thread: dict[str, Any], guest: Any, director: Any) -> Post:
    reply = thread["reply"]
    moderation.flag_post(actor=guest, post=reply, reason="disrespectful", note="Unkind")
    moderation.flag_post(actor=director, post=reply, reason="disrespectful")
    return reply


def test_the_queue_shows_flagged_posts_to_stewards_with_counts_and_reasons(
    flagged: Post, facilitator: Any
) -> None:
    response = client_for(facilitator).get("/c/acme/forum/moderation/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Offsite formats · #2" in page
    assert "Our CFO is an idiot." in page
    assert "2 flags" in page
    assert "Disrespectful × 2" in page
    assert "Gus Guest" in page  # who flagged it
    assert "“Unkind”" in page  # and why


@pytest.mark.parametrize(
    ("persona", "status"), [("member", 403), ("guest", 403), ("outsider", 404)]
)
def test_the_queue_is_for_stewards_only(
    flagged: Post, request: pytest.FixtureRequest, persona: str, status: int
) -> None:
    response = client_for(request.getfixturevalue(persona)).get("/c/acme/forum/moderation/")

    assert response.status_code == status
    assert "Our CFO" not in response.content.decode()


def test_a_facilitator_outside_a_private_circle_moderates_its_posts(
    director: Any, facilitator: Any, board_category: Any, start: Any, committed: Any
) -> None:
    # The policy lets stewards read every circle's forum, so they moderate every one too.
    board = start(director, category=board_category, title="Board succession")
    reply = post_reply(actor=director, topic=board, body="Confidential numbers")
    boarder = make_user("bea@acme.test", "Bea Board")
    join(boarder, board.community)
    board.circle.circle_memberships.create(user=boarder)
    committed(moderation.flag_post, actor=boarder, post=reply, reason="confidential")
    client = client_for(facilitator)

    page = client.get("/c/acme/forum/moderation/").content.decode()
    response = client.post(f"/p/{reply.pk}/flags/resolve/", {"resolution": "hidden"})

    assert "Board succession" in page
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.hidden_at is not None
    assert Notification.objects.filter(recipient=facilitator, kind=notices.FLAGGED).exists()


def test_a_member_may_not_resolve_flags(flagged: Post, member: Any, guest: Any) -> None:
    response = client_for(guest).post(f"/p/{flagged.pk}/flags/resolve/", {"resolution": "hidden"})

    assert response.status_code == 403
    flagged.refresh_from_db()
    assert flagged.hidden_at is None
    assert all(f.resolved_at is None for f in _flags(flagged))


def test_hiding_from_the_queue_closes_every_flag_of_the_post_and_is_audited(
    flagged: Post, facilitator: Any
) -> None:
    response = client_for(facilitator).post(
        f"/p/{flagged.pk}/flags/resolve/", {"resolution": "hidden"}
    )

    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.hidden_at is not None
    assert {(f.resolution, f.resolved_by_id) for f in _flags(flagged)} == {
        (Resolution.HIDDEN, facilitator.pk)
    }
    resolved = AuditEvent.objects.get(action="discussions.flags.resolved")
    assert resolved.details["resolution"] == "hidden"
    assert resolved.details["flags"] == 2
    assert "discussions.post.hidden" in _actions()
    assert (
        "Our CFO" not in client_for(facilitator).get("/c/acme/forum/moderation/").content.decode()
    )


def test_restoring_a_hidden_post_shows_it_again_and_is_audited(
    flagged: Post, facilitator: Any, member: Any
) -> None:
    moderation.flag_post(actor=facilitator, post=flagged, reason="spam")  # the third: hidden
    flagged.refresh_from_db()
    assert flagged.hidden_at is not None

    client_for(facilitator).post(f"/p/{flagged.pk}/flags/resolve/", {"resolution": "restored"})

    flagged.refresh_from_db()
    assert flagged.hidden_at is None
    assert "discussions.post.restored" in _actions()
    page = client_for(member).get(f"/t/{flagged.topic_id}/?page=1").content.decode()
    assert "Our CFO is an idiot." in page


def test_locking_from_the_queue_locks_the_topic_and_is_audited(
    flagged: Post, director: Any
) -> None:
    client_for(director).post(f"/p/{flagged.pk}/flags/resolve/", {"resolution": "locked"})

    assert Topic.objects.get(pk=flagged.topic_id).locked
    assert "discussions.topic.locked" in _actions()
    assert {f.resolution for f in _flags(flagged)} == {Resolution.LOCKED}


def test_dismissing_changes_nothing_but_the_flags(flagged: Post, director: Any) -> None:
    client_for(director).post(f"/p/{flagged.pk}/flags/resolve/", {"resolution": "dismissed"})

    flagged.refresh_from_db()
    assert flagged.hidden_at is None
    assert {f.resolution for f in _flags(flagged)} == {Resolution.DISMISSED}
    assert AuditEvent.objects.filter(action="discussions.flags.resolved").count() == 1


def test_the_opening_post_is_not_hidden_from_the_queue(
    thread: dict[str, Any], guest: Any, director: Any
) -> None:
    opening = thread["topic"].posts.get(number=1)
    moderation.flag_post(actor=guest, post=opening, reason="off_topic")

    with pytest.raises(ValidationError):
        moderation.flags_resolve(actor=director, post=opening, resolution="hidden")

    assert all(f.resolved_at is None for f in _flags(opening))


def test_a_warning_reaches_the_author_at_once_and_is_audited(
    flagged: Post, facilitator: Any, member: Any
) -> None:
    response = client_for(facilitator).post(
        f"/p/{flagged.pk}/flags/resolve/",
        {"resolution": "warned", "message": "Please keep it respectful, Maya."},
    )

    assert response.status_code == 302
    warned = AuditEvent.objects.get(action="discussions.member.warned")
    assert warned.actor == facilitator
    assert warned.details["member"] == member.pk
    assert warned.details["message"] == "Please keep it respectful, Maya."
    [told] = Notification.objects.filter(recipient=member, kind=notices.WARNING)
    assert describe(told) == (
        "Fred Facilitator, moderating Acme Leaders, wrote to you about your post in "
        "“Offsite formats”."
    )
    assert told.data["excerpt"] == "Please keep it respectful, Maya."
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Please keep it respectful, Maya." in mail.outbox[0].body
    assert {f.resolution for f in _flags(flagged)} == {Resolution.WARNED}


def test_a_warning_needs_a_message(flagged: Post, facilitator: Any) -> None:
    with pytest.raises(ValidationError):
        moderation.flags_resolve(actor=facilitator, post=flagged, resolution="warned", message="")

    assert all(f.resolved_at is None for f in _flags(flagged))
    assert not AuditEvent.objects.filter(action="discussions.member.warned").exists()


def test_the_queue_s_query_count_stays_flat_as_flags_grow(
    thread: dict[str, Any],
    facilitator: Any,
    community: Any,
    start: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_max_num_queries: Any,
    django_assert_num_queries: Any,
) -> None:
    monkeypatch.setattr(moderation, "AUTO_HIDE_AFTER", 0)  # every post stays in place
    flaggers = [make_user(f"f{n}@acme.test", f"Flagger {n}") for n in range(12)]
    for person in flaggers:
        join(person, community)
    moderation.flag_post(actor=flaggers[0], post=thread["reply"], reason="spam")
    client = client_for(facilitator)
    client.get("/c/acme/forum/moderation/")
    # user, community, memberships (the policy), count, the page of posts (topic,
    # category, circle, author, flag counts), their open flags with who raised them,
    # the bell
    with django_assert_max_num_queries(7) as first:
        client.get("/c/acme/forum/moderation/")
    for n in range(10):
        topic = start(facilitator, title=f"Topic {n}")
        reply = post_reply(actor=flaggers[n], topic=topic, body=f"Reply {n}")
        for person in flaggers[: n + 2]:
            if person.pk != reply.author_id:
                moderation.flag_post(actor=person, post=reply, reason="off_topic")
    # Ten times the flagged posts, up to eleven flags each: the same queries.
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get("/c/acme/forum/moderation/").content.decode()
    assert page.count('class="card stack"') == 11


# Moving topics ---------------------------------------------------------------------------


def test_a_steward_moves_a_topic_to_another_category_and_it_is_audited(
    thread: dict[str, Any], director: Any, community: Any
) -> None:
    other = category_create(actor=director, community=community, name="Offsites")

    response = client_for(director).post(f"/t/{thread['topic'].pk}/move/", {"category": other.pk})

    assert response.status_code == 302
    topic = Topic.objects.get(pk=thread["topic"].pk)
    assert topic.category == other
    moved = AuditEvent.objects.get(action="discussions.topic.moved")
    assert moved.details["from_category"] == "general"
    assert moved.details["to_category"] == "offsites"
    assert moved.details["newly_visible_to"] == 0


def test_moving_a_circle_topic_where_more_people_see_it_asks_first(
    director: Any, member: Any, guest: Any, facilitator: Any, emea_category: Any, start: Any
) -> None:
    topic = start(member, category=emea_category, title="EMEA hiring")
    general = topic.community.forum_categories.get(slug="general")
    client = client_for(director)

    asked = client.post(f"/t/{topic.pk}/move/", {"category": general.pk})

    # Gus the guest is not in the EMEA circle; in the community-wide category he would be.
    assert asked.status_code == 400
    assert "shows this topic to 1 person who cannot see it now" in asked.content.decode()
    assert Topic.objects.get(pk=topic.pk).category == emea_category
    confirmed = client.post(
        f"/t/{topic.pk}/move/", {"category": general.pk, "widen": str(general.pk)}
    )
    assert confirmed.status_code == 302
    moved = Topic.objects.get(pk=topic.pk)
    assert (moved.category, moved.circle) == (general, None)
    assert AuditEvent.objects.get(action="discussions.topic.moved").details["newly_visible_to"] == 1


def test_moving_into_a_private_circle_narrows_the_audience_without_asking(
    director: Any, member: Any, board_category: Any, thread: dict[str, Any]
) -> None:
    moderation.topic_move(actor=director, topic=thread["topic"], category=board_category)

    assert client_for(member).get(f"/t/{thread['topic'].pk}/").status_code == 404


def test_a_topic_under_the_chatham_house_rule_keeps_it_when_moved_out(
    director: Any, community: Any, start: Any
) -> None:
    chatham = category_create(
        actor=director, community=community, name="Off the record", chatham_house=True
    )
    topic = start(director, category=chatham, title="Candid")
    general = community.forum_categories.get(slug="general")

    moderation.topic_move(actor=director, topic=topic, category=general)

    moved = Topic.objects.get(pk=topic.pk)
    assert moved.chatham_house is True
    assert moved.is_chatham_house


def test_a_topic_moves_only_within_its_community_and_only_by_stewards(
    thread: dict[str, Any], director: Any, member: Any, outsider: Any, other_community: Any
) -> None:
    elsewhere = category_create(actor=outsider, community=other_community, name="X")
    with pytest.raises(ValidationError):
        moderation.topic_move(actor=director, topic=thread["topic"], category=elsewhere)
    general = thread["topic"].category
    other = category_create(actor=director, community=general.community, name="Y")
    with pytest.raises(PermissionDenied):
        moderation.topic_move(actor=member, topic=thread["topic"], category=other)

    assert client_for(member).get(f"/t/{thread['topic'].pk}/move/").status_code == 403
    assert client_for(outsider).get(f"/t/{thread['topic'].pk}/move/").status_code == 404


def test_moving_from_the_queue_closes_the_post_s_flags(
    flagged: Post, director: Any, community: Any
) -> None:
    other = category_create(actor=director, community=community, name="Offsites")

    client_for(director).post(
        f"/t/{flagged.topic_id}/move/", {"category": other.pk, "post": flagged.pk}
    )

    assert {f.resolution for f in _flags(flagged)} == {Resolution.MOVED}


# The API ---------------------------------------------------------------------------------


def test_the_api_flags_a_post(thread: dict[str, Any], guest: Any, member: Any) -> None:
    url = f"/api/v1/posts/{thread['reply'].pk}/flags"

    created = client_for(guest).post(
        url, {"reason": "spam", "note": "Ad"}, content_type="application/json"
    )
    again = client_for(guest).post(url, {"reason": "spam"}, content_type="application/json")
    own = client_for(member).post(url, {"reason": "spam"}, content_type="application/json")

    assert created.status_code == 201
    assert created.json()["reason"] == "spam"
    assert created.json()["flagged_by"]["name"] == "Gus Guest"
    assert again.status_code == 409
    assert "already flagged" in again.json()["detail"]
    assert own.status_code == 403


def test_the_api_lists_flagged_posts_to_stewards_without_chatham_house_authors(
    director: Any, member: Any, guest: Any, community: Any, start: Any
) -> None:
    chatham = category_create(
        actor=director, community=community, name="Off the record", chatham_house=True
    )
    topic = start(director, category=chatham, title="Candid")
    reply = post_reply(actor=member, topic=topic, body="Something sharp")
    moderation.flag_post(actor=guest, post=reply, reason="confidential")

    response = client_for(director).get("/api/v1/communities/acme/flags")

    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["post"] == reply.pk
    assert item["author"] is None
    assert item["flag_count"] == 1
    assert item["reasons"] == [{"reason": "confidential", "count": 1}]
    assert item["flags"][0]["flagged_by"]["name"] == "Gus Guest"
    assert client_for(member).get("/api/v1/communities/acme/flags").status_code == 403


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_six_people_flagging_at_once_hide_the_reply_once(
    thread: dict[str, Any], community: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from django.db import connection

    from salon.accounts.models import User
    from salon.discussions.access import access_post

    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] == ":memory:":
        pytest.skip("needs a database file that several connections share")
    # The sixth flag hides it: counted one after another (the post's row is locked), the
    # flags see 1…6 and exactly one of them hides the post.
    monkeypatch.setattr(moderation, "AUTO_HIDE_AFTER", 6)
    people = [make_user(f"c{n}@acme.test", f"Concurrent {n}") for n in range(6)]
    for person in people:
        join(person, community)
    errors: list[BaseException] = []

    def flag(user_id: int) -> None:
        try:
            user = User.objects.get(pk=user_id)
            post = access_post(user, thread["reply"].pk)
            moderation.flag_post(actor=user, post=post, reason="spam")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=flag, args=(p.pk,)) for p in people]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert len(_flags(thread["reply"])) == 6
    assert AuditEvent.objects.filter(action="discussions.post.hidden").count() == 1


def test_the_topic_page_remembers_that_you_flagged_a_post(
    thread: dict[str, Any], guest: Any
) -> None:
    moderation.flag_post(actor=guest, post=thread["reply"], reason="spam")

    page = client_for(guest).get(thread["topic"].get_absolute_url()).content.decode()

    assert page.count("You flagged this; a facilitator will look.") == 1
