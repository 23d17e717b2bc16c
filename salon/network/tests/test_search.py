"""Messages are found in search by the people in their conversation, and by nobody else."""

from __future__ import annotations

from typing import Any

from salon.network.services.conversations import conversation_open


def test_people_in_a_conversation_find_its_messages_and_nobody_else_does(
    as_user: Any, director: Any, member: Any, facilitator: Any, community: Any
) -> None:
    chat = conversation_open(
        community=community,
        people=[member.pk, director.pk],
        started_by_id=member.pk,
        first_message="Shall we compare notes on the Lagos launch?",
    )

    found = as_user(member).get("/api/v1/search", {"q": "lagos"}).json()
    page = as_user(director).get("/search/", {"q": "lagos launch"}).content.decode()
    elsewhere = as_user(facilitator).get("/api/v1/search", {"q": "lagos"}).json()

    assert [hit["kind"] for hit in found["items"]] == ["message"]
    assert found["items"][0]["url"].endswith(
        f"/messages/{chat.pk}/?before={chat.last_message_id + 1}#m{chat.last_message_id}"
    )
    assert "Message from Maya Member" in page
    assert elsewhere["items"] == []
