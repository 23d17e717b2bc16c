from __future__ import annotations

from typing import Any

from django.core.management import call_command

from conftest import client_for
from salon.accounts.models import User
from salon.network import selectors
from salon.network.models import Connection, Introduction, Participant
from salon.network.suggestions import suggestions_for


def test_the_demo_member_has_ties_across_regions_an_introduction_and_conversations(
    db: Any,
) -> None:
    call_command("seed_demo")
    member = User.objects.get(email="member@salon.test")

    contacts = selectors.connections_of(user=member)
    assert len({c.person.region for c in contacts}) >= 3
    waiting = Introduction.objects.get(first=member)
    assert waiting.first_answer == "waiting"
    assert waiting.second_answer == "accepted"
    assert waiting.second.region != member.region
    seats = Participant.objects.filter(user=member).select_related("conversation")
    regions = {
        p.user.region
        for seat in seats
        for p in Participant.objects.filter(conversation=seat.conversation).select_related("user")
    }
    assert len(regions) >= 4
    assert selectors.unread_conversation_count(user=member) >= 2
    cross = [
        c
        for c in Connection.objects.select_related("user_low", "user_high")
        if c.user_low.region != c.user_high.region
    ]
    assert len(cross) > Connection.objects.count() / 2
    suggested = suggestions_for(user=member)
    assert suggested
    assert all(s.reasons for s in suggested)

    client = client_for(member)
    page = client.get("/network/").content.decode()
    assert "would like you to meet" in page
    assert "People you should meet" in page
    assert client.get("/messages/").status_code == 200
