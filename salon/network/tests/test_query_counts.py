"""The conversation list, a conversation, the network page and the API's lists cost the
same number of queries with ten times the data."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import join, make_user
from salon.network.models import Conversation, Message, Participant
from salon.network.services.connections import connection_request_answer, connection_request_send
from salon.network.services.conversations import conversation_open


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _conversations(member: Any, community: Any, n: int, start: int) -> None:
    for i in range(n):
        other = make_user(f"c{start + i}@acme.test", f"Colleague {start + i}")
        join(other, community)
        conversation = conversation_open(
            community=community,
            people=[member.pk, other.pk],
            started_by_id=other.pk,
            first_message=f"Hello {i}",
        )
        assert conversation.pk


def test_the_conversation_list_costs_the_same_with_ten_times_the_conversations(
    as_user: Any, member: Any, community: Any
) -> None:
    client = as_user(member)
    _conversations(member, community, 5, 0)
    small = _count(client, "/messages/")
    api_small = _count(client, "/api/v1/conversations")
    _conversations(member, community, 45, 5)
    large = _count(client, "/messages/")
    api_large = _count(client, "/api/v1/conversations")

    # Session, user, memberships (header), the conversations with their last message and
    # the viewer's read state, their people, the bell.
    assert small == large
    assert large <= 10
    # The API: user (token or session), the count, the page, its people.
    assert api_small == api_large


def _messages(conversation: Conversation, authors: list[Any], n: int) -> None:
    made = Message.objects.bulk_create(
        [
            Message(
                conversation=conversation,
                author=authors[i % 2],
                body=f"Note {i}",
                body_html=f"<p>Note {i}</p>",
            )
            for i in range(n)
        ]
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_id=made[-1].pk)


def test_a_conversation_costs_the_same_with_ten_times_the_messages(
    as_user: Any, member: Any, director: Any, community: Any
) -> None:
    conversation = conversation_open(
        community=community, people=[member.pk, director.pk], started_by_id=member.pk
    )
    client = as_user(member)
    _messages(conversation, [member, director], 5)
    small = _count(client, f"/messages/{conversation.pk}/")
    api_small = _count(client, f"/api/v1/conversations/{conversation.pk}/messages")
    _messages(conversation, [member, director], 45)
    large = _count(client, f"/messages/{conversation.pk}/")
    api_large = _count(client, f"/api/v1/conversations/{conversation.pk}/messages")

    # Session, user, the conversation, its people's ids, the page's messages with their
    # authors, marking read, the seats with their people, blocks (may write), the header.
    assert small == large
    assert large <= 14
    assert api_small == api_large
    newest = conversation.messages.order_by("id").values_list("pk", flat=True).last()
    assert Participant.objects.get(conversation=conversation, user=member).read_up_to == newest


def test_the_network_page_costs_the_same_with_ten_times_the_connections(
    as_user: Any, member: Any, community: Any
) -> None:
    client = as_user(member)

    def grow(n: int, start: int) -> None:
        for i in range(n):
            other = make_user(f"n{start + i}@acme.test", f"Networker {start + i}")
            join(other, community)
            connection_request_answer(
                actor=member,
                request=connection_request_send(actor=other, other=member),
                accept=True,
            )

    grow(3, 0)
    small = _count(client, "/network/")
    api_small = _count(client, "/api/v1/me/connections")
    grow(27, 3)
    large = _count(client, "/network/")
    api_large = _count(client, "/api/v1/me/connections")

    assert small == large
    assert api_small == api_large
