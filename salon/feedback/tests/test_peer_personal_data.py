"""A member's export holds the feedback they received and only the words they wrote of
what they gave (not the situation someone else asked about)."""

from __future__ import annotations

from typing import Any

from conftest import join, make_user
from salon.communities.models import Role
from salon.feedback.models import PeerFeedback
from salon.feedback.personal_data import export
from salon.feedback.services.peer import (
    feedback_request_create,
    peer_feedback_answer,
    peer_feedback_give,
)


def test_the_export_keeps_received_feedback_and_only_my_own_words(
    member: Any, community: Any
) -> None:
    peer = make_user("pia@acme.test", "Pia Peer")
    join(peer, community, Role.MEMBER)
    feedback_request_create(
        actor=peer, community=community, recipients=[member], situation="Pia's secret offsite"
    )
    ask = PeerFeedback.objects.get(giver=member)
    peer_feedback_answer(actor=member, feedback=ask, behaviour="My words.", impact="My impact.")
    peer_feedback_give(
        actor=peer,
        community=community,
        receiver=member,
        situation="The review",
        behaviour="You listened.",
        impact="We agreed.",
    )

    data = export(member)

    assert data["feedback_given"] == [
        {
            "community": "acme",
            "behaviour": "My words.",
            "impact": "My impact.",
            "given_at": data["feedback_given"][0]["given_at"],
        }
    ]
    assert "Pia's secret offsite" not in str(data["feedback_given"])
    assert data["feedback_received"][0]["behaviour"] == "You listened."
    assert data["feedback_received"][0]["from"] == "Pia Peer"
