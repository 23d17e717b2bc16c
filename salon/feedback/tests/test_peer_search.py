"""Search: a member finds only their own feedback (given or received), never someone
else's, not even as the director."""

from __future__ import annotations

from typing import Any

from conftest import join, make_user
from salon.communities.models import Role
from salon.core import search
from salon.feedback.models import PeerFeedback
from salon.feedback.services.peer import (
    feedback_request_create,
    peer_feedback_answer,
    peer_feedback_give,
)


def _titles(user: Any, text: str) -> set[str]:
    return {hit.title for hit in search.search(user=user, text=text)[0:100]}


def test_only_the_giver_and_the_receiver_find_feedback(
    member: Any, director: Any, community: Any
) -> None:
    peer = make_user("pia@acme.test", "Pia Peer")
    join(peer, community, Role.MEMBER)
    peer_feedback_give(
        actor=peer,
        community=community,
        receiver=member,
        situation="The zanzibar negotiation",
        behaviour="You paused.",
        impact="They moved.",
    )
    feedback_request_create(
        actor=member, community=community, recipients=[peer], situation="The quokka briefing"
    )
    assert _titles(member, "quokka") == set()  # not findable before it is answered

    peer_feedback_answer(
        actor=peer,
        feedback=PeerFeedback.objects.get(giver=peer, request__isnull=False),
        behaviour="Short.",
        impact="Clear.",
    )

    assert _titles(member, "zanzibar") == {"The zanzibar negotiation"}
    assert _titles(peer, "zanzibar") == {"The zanzibar negotiation"}
    assert _titles(director, "zanzibar") == set()
    assert _titles(member, "quokka") == {"The quokka briefing"}
    assert _titles(director, "quokka") == set()
