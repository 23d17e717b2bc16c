"""Asking to connect, accepting, ignoring, removing; a block wins over all of it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from salon.accounts.blocking import block_create
from salon.core.models import AuditEvent
from salon.network import reach
from salon.network.models import ConnectionRequest
from salon.network.services.connections import (
    connection_remove,
    connection_request_answer,
    connection_request_send,
)
from salon.notifications.models import Notification


def test_a_member_asks_with_a_note_and_the_other_is_told(
    as_user: Any, member: Any, director: Any
) -> None:
    response = as_user(member).post(
        f"/people/{director.pk}/connect/", {"note": "We met in Lisbon."}
    )

    assert response.status_code == 302
    request = ConnectionRequest.objects.get()
    assert (request.sender, request.recipient, request.note) == (
        member,
        director,
        "We met in Lisbon.",
    )
    assert request.status == "pending"
    told = Notification.objects.get(kind="network.connection_requested")
    assert told.recipient == director
    assert AuditEvent.objects.filter(action="network.connection_request.sent").exists()
    page = as_user(director).get("/network/").content.decode()
    assert "We met in Lisbon." in page


def test_accepting_connects_both_and_tells_the_sender(
    as_user: Any, member: Any, director: Any, committed: Any
) -> None:
    request = committed(connection_request_send, actor=member, other=director, note="Hello")

    response = as_user(director).post(f"/network/requests/{request.pk}/answer/", {"accept": "1"})

    assert response.status_code == 302
    assert reach.are_connected(member.pk, director.pk)
    assert Notification.objects.filter(
        kind="network.connection_accepted", recipient=member
    ).exists()
    assert "Maya Member" in as_user(director).get("/network/").content.decode()


def test_ignoring_tells_nobody_and_can_be_undone(
    as_user: Any, member: Any, director: Any, committed: Any
) -> None:
    request = committed(connection_request_send, actor=member, other=director)

    as_user(director).post(f"/network/requests/{request.pk}/answer/", {"accept": "0"})

    request.refresh_from_db()
    assert request.status == "ignored"
    assert not reach.are_connected(member.pk, director.pk)
    assert not Notification.objects.filter(recipient=member).exists()
    # The sender still reads "waiting".
    assert (
        "waiting for an answer" in as_user(member).get(f"/people/{director.pk}/").content.decode()
    )
    connection_request_answer(actor=director, request=request, accept=True)
    assert reach.are_connected(member.pk, director.pk)


def test_asking_someone_who_already_asked_you_connects_you_both(
    member: Any, director: Any, committed: Any
) -> None:
    committed(connection_request_send, actor=member, other=director)

    theirs = committed(connection_request_send, actor=director, other=member)

    assert theirs.status == "accepted"
    assert reach.are_connected(member.pk, director.pk)
    assert ConnectionRequest.objects.count() == 1


def test_either_side_removes_a_connection(as_user: Any, member: Any, director: Any) -> None:
    request = connection_request_send(actor=member, other=director)
    connection_request_answer(actor=director, request=request, accept=True)

    response = as_user(member).post(f"/network/connections/{director.pk}/remove/")

    assert response.status_code == 302
    assert not reach.are_connected(member.pk, director.pk)
    assert as_user(member).post(f"/network/connections/{director.pk}/remove/").status_code == 404


def test_only_the_pair_removes_their_connection(
    member: Any, director: Any, facilitator: Any
) -> None:
    request = connection_request_send(actor=member, other=director)
    connection_request_answer(actor=director, request=request, accept=True)
    connection = reach.connection_between(member.pk, director.pk)
    assert connection is not None

    with pytest.raises(PermissionDenied):
        connection_remove(actor=facilitator, connection=connection)


@pytest.mark.parametrize("who_blocks", ["asker", "asked"])
def test_a_block_either_way_stops_a_request(member: Any, director: Any, who_blocks: str) -> None:
    if who_blocks == "asker":
        block_create(user=member, other=director)
    else:
        block_create(user=director, other=member)

    with pytest.raises(PermissionDenied):
        connection_request_send(actor=member, other=director)


def test_a_block_after_the_request_stops_accepting_it(member: Any, director: Any) -> None:
    request = connection_request_send(actor=member, other=director)
    block_create(user=member, other=director)

    with pytest.raises(ValidationError):
        connection_request_answer(actor=director, request=request, accept=True)
    assert not reach.are_connected(member.pk, director.pk)


def test_nobody_answers_a_request_sent_to_someone_else(
    as_user: Any, member: Any, director: Any, facilitator: Any, outsider: Any
) -> None:
    request = connection_request_send(actor=member, other=director)

    assert (
        as_user(facilitator)
        .post(f"/network/requests/{request.pk}/answer/", {"accept": "1"})
        .status_code
        == 404
    )
    assert (
        as_user(outsider)
        .post(f"/network/requests/{request.pk}/answer/", {"accept": "1"})
        .status_code
        == 404
    )
    # The sender knows of it, but answering is the recipient's.
    assert (
        as_user(member).post(f"/network/requests/{request.pk}/answer/", {"accept": "1"}).status_code
        == 403
    )


def test_an_outsider_cannot_ask_someone_they_do_not_share_a_community_with(
    as_user: Any, member: Any, outsider: Any
) -> None:
    assert as_user(outsider).get(f"/people/{member.pk}/connect/").status_code == 404
    assert (
        as_user(outsider).post(f"/people/{member.pk}/connect/", {"note": "Hi"}).status_code == 404
    )
    assert not ConnectionRequest.objects.exists()


def test_asking_twice_says_so(member: Any, director: Any) -> None:
    connection_request_send(actor=member, other=director)

    with pytest.raises(ValidationError):
        connection_request_send(actor=member, other=director)


def test_the_api_lists_asks_and_removes(as_user: Any, member: Any, director: Any) -> None:
    client = as_user(member)

    made = client.post(
        "/api/v1/me/connections",
        {"user": director.pk, "note": "Hi"},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["status"] == "pending"
    waiting = as_user(director).get("/api/v1/me/connection-requests").json()
    assert [r["sender"]["name"] for r in waiting["items"]] == ["Maya Member"]
    answered = as_user(director).post(
        f"/api/v1/connection-requests/{made.json()['id']}/answer",
        {"accept": True},
        content_type="application/json",
    )
    assert answered.status_code == 200
    listed = client.get("/api/v1/me/connections").json()
    assert [c["person"]["name"] for c in listed["items"]] == ["Diana Director"]
    assert client.delete(f"/api/v1/me/connections/{director.pk}").status_code == 204
    assert client.get("/api/v1/me/connections").json()["items"] == []
