"""A member's data export holds their side of the network: connections, what they wrote
when asking to connect, the messages they wrote, their coffee pairs and their "working with
me"; other people's messages and notes stay out."""

from __future__ import annotations

from datetime import date
from typing import Any

from conftest import join, make_user
from salon.accounts.services import personal_data_export
from salon.network.models import CoffeePair, CoffeeRound, Message, NetworkSettings
from salon.network.services.connections import connection_request_answer, connection_request_send
from salon.network.services.conversations import conversation_open


def test_the_export_holds_the_member_s_network_and_not_other_people_s_words(
    director: Any, member: Any, community: Any
) -> None:
    other = make_user("omar@acme.test", "Omar Other")
    join(other, community)
    asked = connection_request_send(actor=member, other=director, note="Pricing, over coffee?")
    connection_request_answer(actor=director, request=asked, accept=True)
    connection_request_send(actor=other, other=member, note="Omar's own words")
    chat = conversation_open(
        community=community,
        people=[member.pk, other.pk],
        started_by_id=member.pk,
        first_message="How did the Lagos launch go?",
    )
    Message.objects.create(conversation=chat, author=other, body="Omar's reply")
    coffee = CoffeeRound.objects.create(
        community=community, meet_by=date.today(), created_by=director, unpaired=0
    )
    CoffeePair.objects.create(round=coffee, first=other, second=member, second_met=True)
    NetworkSettings.objects.create(
        user=member, coffee_roulette=True, working_notes="Mornings, Tokyo time"
    )

    data = personal_data_export(user=member)

    assert [c["with"] for c in data["connections"]] == ["Diana Director"]
    notes = [r["note"] for r in data["connection_requests"]]
    assert "Pricing, over coffee?" in notes
    assert "Omar's own words" not in notes
    assert [m["body"] for m in data["messages_written"]] == ["How did the Lagos launch go?"]
    assert [c["id"] for c in data["conversations"]] == [chat.pk]
    assert data["coffee_roulette"]["taking_part"] is True
    assert data["coffee_roulette"]["pairs"][0]["with"] == "Omar Other"
    assert data["coffee_roulette"]["pairs"][0]["you_met"] is True
    assert data["working_with_me"]["notes"] == "Mornings, Tokyo time"
    assert "Omar's reply" not in str(data)
