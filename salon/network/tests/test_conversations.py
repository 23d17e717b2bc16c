"""Direct messages: who may write to whom, groups of up to eight, read state, Markdown,
rate limits, reports to the moderators, and the email for a message left unread."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import join, make_user
from salon.accounts.blocking import block_create
from salon.core.ratelimit import RateLimited
from salon.network import notifications as notices
from salon.network import selectors
from salon.network.models import (
    Conversation,
    ConversationReport,
    Message,
    MessagingSettings,
    Participant,
)
from salon.network.services.connections import connection_request_answer, connection_request_send
from salon.network.services.conversations import conversation_start, message_send
from salon.notifications.models import Notification, NotificationPreference


def _connect(a: Any, b: Any) -> None:
    connection_request_answer(
        actor=b, request=connection_request_send(actor=a, other=b), accept=True
    )


def test_a_member_writes_to_another_and_the_page_shows_it(
    as_user: Any, member: Any, director: Any
) -> None:
    response = as_user(member).post(
        f"/messages/new/?to={director.pk}", {"to": [director.pk], "body": "Coffee *Tuesday*?"}
    )

    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response.url == f"/messages/{conversation.pk}/"
    message = Message.objects.get()
    assert message.author == member
    assert "<em>Tuesday</em>" in message.body_html
    page = as_user(director).get(f"/messages/{conversation.pk}/").content.decode()
    assert "<em>Tuesday</em>" in page


def test_writing_to_the_same_person_again_goes_on_in_the_same_conversation(
    member: Any, director: Any
) -> None:
    first = conversation_start(actor=member, others=[director], body="One")
    again = conversation_start(actor=director, others=[member], body="Two")

    assert first.pk == again.pk
    assert Message.objects.filter(conversation=first).count() == 2


def test_a_group_has_at_most_eight_people(member: Any, community: Any) -> None:
    people = []
    for i in range(8):
        person = make_user(f"g{i}@acme.test", f"Group Person {i}")
        join(person, community)
        people.append(person)

    group = conversation_start(
        actor=member, others=people[:7], body="Hello all", title="Finance leads"
    )
    assert group.is_group
    assert Participant.objects.filter(conversation=group).count() == 8
    with pytest.raises(ValidationError):
        conversation_start(actor=member, others=people, body="Too many")


def test_scripts_and_raw_html_do_not_survive(member: Any, director: Any) -> None:
    conversation = conversation_start(
        actor=member, others=[director], body="<script>alert(1)</script> [x](javascript:alert(1))"
    )

    html = Message.objects.get(conversation=conversation).body_html
    assert "<script" not in html
    assert 'href="javascript' not in html


def test_a_guest_writes_only_to_people_they_are_connected_with(guest: Any, member: Any) -> None:
    with pytest.raises(PermissionDenied):
        conversation_start(actor=guest, others=[member], body="Hi")
    with pytest.raises(PermissionDenied):
        conversation_start(actor=member, others=[guest], body="Hi")

    _connect(member, guest)

    assert conversation_start(actor=guest, others=[member], body="Hi").pk


def test_the_community_can_keep_starting_conversations_to_its_stewards(
    member: Any, director: Any, facilitator: Any, community: Any
) -> None:
    MessagingSettings.objects.create(community=community, who_may_message="stewards")

    with pytest.raises(PermissionDenied):
        conversation_start(actor=member, others=[director], body="Hi")
    conversation = conversation_start(actor=facilitator, others=[member], body="How are you?")
    # The member answers in a conversation a steward started.
    assert message_send(actor=member, conversation=conversation, body="Well, thanks").pk


def test_the_director_sets_the_rule_and_others_may_not(
    as_user: Any, director: Any, facilitator: Any, community: Any
) -> None:
    assert (
        as_user(facilitator)
        .post("/c/acme/messaging/", {"who_may_message": "connections"})
        .status_code
        == 403
    )
    response = as_user(director).post("/c/acme/messaging/", {"who_may_message": "connections"})

    assert response.status_code == 302
    assert MessagingSettings.objects.get(community=community).who_may_message == "connections"


@pytest.mark.parametrize("who_blocks", ["writer", "reader"])
def test_a_block_either_way_stops_new_conversations_and_messages(
    member: Any, director: Any, who_blocks: str
) -> None:
    conversation = conversation_start(actor=member, others=[director], body="Before")
    if who_blocks == "writer":
        block_create(user=member, other=director)
    else:
        block_create(user=director, other=member)

    with pytest.raises(PermissionDenied):
        conversation_start(actor=member, others=[director], body="Again")
    with pytest.raises(PermissionDenied):
        message_send(actor=member, conversation=conversation, body="After")


def test_nobody_outside_a_conversation_learns_it_exists(
    as_user: Any, member: Any, director: Any, facilitator: Any, outsider: Any
) -> None:
    conversation = conversation_start(actor=member, others=[director], body="Private")

    for person in (facilitator, outsider):
        client = as_user(person)
        assert client.get(f"/messages/{conversation.pk}/").status_code == 404
        assert client.get(f"/api/v1/conversations/{conversation.pk}").status_code == 404
        assert client.get(f"/api/v1/conversations/{conversation.pk}/messages").status_code == 404
        assert client.post(f"/messages/{conversation.pk}/send/", {"body": "x"}).status_code == 404
        assert client.get("/api/v1/conversations").json()["items"] == []
    assert as_user(facilitator).get(f"/messages/{999_999}/").status_code == 404


def test_unread_counts_follow_what_each_person_has_read(
    as_user: Any, member: Any, director: Any
) -> None:
    conversation = conversation_start(actor=member, others=[director], body="One")

    assert selectors.unread_conversation_count(user=director) == 1
    assert selectors.unread_conversation_count(user=member) == 0
    assert "1 unread conversation" in as_user(director).get("/messages/unread/").content.decode()
    as_user(director).get(f"/messages/{conversation.pk}/")
    assert selectors.unread_conversation_count(user=director) == 0
    message_send(actor=member, conversation=conversation, body="Two")
    read = as_user(director).post(f"/api/v1/conversations/{conversation.pk}/read")
    assert read.json() == {"unread_conversations": 0}


def test_writing_fast_is_limited(settings: Any, member: Any, director: Any) -> None:
    settings.SALON_RATE_MESSAGES = "3/m"
    conversation = conversation_start(actor=member, others=[director], body="1")
    message_send(actor=member, conversation=conversation, body="2")
    message_send(actor=member, conversation=conversation, body="3")

    with pytest.raises(RateLimited):
        message_send(actor=member, conversation=conversation, body="4")


def test_the_api_answers_429_beyond_the_limit(
    settings: Any, as_user: Any, member: Any, director: Any
) -> None:
    settings.SALON_RATE_MESSAGES = "1/m"
    conversation = conversation_start(actor=member, others=[director], body="1")

    response = as_user(member).post(
        f"/api/v1/conversations/{conversation.pk}/messages",
        {"body": "2"},
        content_type="application/json",
    )

    assert response.status_code == 429
    assert "Retry-After" in response


def test_a_report_shows_the_moderators_only_the_chosen_messages(
    as_user: Any, member: Any, director: Any, facilitator: Any, committed: Any
) -> None:
    conversation = conversation_start(actor=director, others=[member], body="A private aside")
    rude = message_send(actor=director, conversation=conversation, body="Something rude")

    response = as_user(member).post(
        f"/messages/{conversation.pk}/report/", {"messages": [rude.pk], "reason": "Out of line."}
    )

    assert response.status_code == 302
    report = ConversationReport.objects.get()
    assert [m["body"] for m in report.excerpt] == ["Something rude"]
    told = set(
        Notification.objects.filter(kind="network.conversation_reported").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {facilitator.pk, director.pk}
    page = as_user(facilitator).get("/c/acme/message-reports/").content.decode()
    assert "Something rude" in page
    assert "Out of line." in page
    assert "A private aside" not in page
    # Moderating the report opens no door to the conversation.
    assert as_user(facilitator).get(f"/messages/{conversation.pk}/").status_code == 404
    assert as_user(member).get("/c/acme/message-reports/").status_code == 403
    assert as_user(facilitator).post(f"/message-reports/{report.pk}/resolve/").status_code == 302
    report.refresh_from_db()
    assert report.status == "resolved"


def _quiet(conversation: Conversation, minutes: int) -> None:
    then = timezone.now() - timedelta(minutes=minutes)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=then)


def test_a_message_left_unread_is_emailed_once(
    member: Any, director: Any, committed: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    conversation = conversation_start(actor=member, others=[director], body="Are you free?")
    _quiet(conversation, 45)

    told = committed(notices.unread_messages_due, now=timezone.now())
    again = committed(notices.unread_messages_due, now=timezone.now())

    assert (told, again) == (1, 0)
    notification = Notification.objects.get(kind="network.unread_messages")
    assert notification.recipient == director
    assert "Maya Member" in notification.data["actor"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [director.email]


def test_a_recent_or_read_message_is_not_emailed(member: Any, director: Any, as_user: Any) -> None:
    conversation = conversation_start(actor=member, others=[director], body="Just now")
    assert notices.unread_messages_due(now=timezone.now()) == 0
    _quiet(conversation, 45)
    as_user(director).get(f"/messages/{conversation.pk}/")

    assert notices.unread_messages_due(now=timezone.now()) == 0


def test_the_unread_email_follows_the_members_preference(
    member: Any, director: Any, committed: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    NotificationPreference.objects.create(
        user=director, kind="network.unread_messages", delivery="daily"
    )
    conversation = conversation_start(actor=member, others=[director], body="Digest me")
    _quiet(conversation, 45)

    committed(notices.unread_messages_due, now=timezone.now())

    assert Notification.objects.get(kind="network.unread_messages").email_status == "digest"
    assert mail.outbox == []


def test_the_api_starts_lists_and_writes(
    as_user: Any, member: Any, director: Any, facilitator: Any
) -> None:
    client = as_user(member)
    started = client.post(
        "/api/v1/conversations",
        {"to": [director.pk, facilitator.pk], "body": "Hello both", "title": "Three of us"},
        content_type="application/json",
    )
    assert started.status_code == 201
    body = started.json()
    assert body["is_group"]
    assert body["title"] == "Three of us"
    assert {p["name"] for p in body["people"]} == {
        "Maya Member",
        "Diana Director",
        "Fred Facilitator",
    }
    written = as_user(director).post(
        f"/api/v1/conversations/{body['id']}/messages",
        {"body": "Hi!"},
        content_type="application/json",
    )
    assert written.status_code == 201
    listed = client.get(f"/api/v1/conversations/{body['id']}/messages").json()
    assert [m["body"] for m in listed["items"]] == ["Hi!", "Hello both"]
    mine = client.get("/api/v1/conversations").json()["items"]
    assert mine[0]["unread"] is True
    assert mine[0]["last_message"] == "Hi!"


def test_messages_stay_for_the_other_side_from_a_former_member(
    as_user: Any, member: Any, director: Any
) -> None:
    conversation = conversation_start(actor=member, others=[director], body="Remember this")
    Message.objects.filter(author=member).update(author=None)

    page = as_user(director).get(f"/messages/{conversation.pk}/").content.decode()

    assert "Remember this" in page
    assert "Former member" in page


def test_a_guest_can_open_the_inbox_and_a_director_can_write_to_a_guest(
    as_user: Any, guest: Any, director: Any
) -> None:
    conversation = conversation_start(actor=director, others=[guest], body="Welcome!")

    assert as_user(guest).get("/messages/").status_code == 200
    assert "Welcome!" in as_user(guest).get(f"/messages/{conversation.pk}/").content.decode()
    assert message_send(actor=guest, conversation=conversation, body="Thanks").pk
