"""The growth timeline: praise, feedback received, goals set from feedback and mentoring
milestones, newest first. Only the member sees it, and whoever they shared it with."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import TestCase

from conftest import client_for, join, make_user
from salon.communities.models import Role
from salon.feedback.models import GrowthShare
from salon.feedback.services.peer import peer_feedback_give
from salon.feedback.services.praise import praise_give
from salon.goals.models import Competency


@pytest.fixture
def peer(community: Any) -> Any:
    user = make_user("pia@acme.test", "Pia Peer")
    join(user, community, Role.MEMBER)
    return user


def _give(giver: Any, receiver: Any, community: Any, n: int) -> None:
    trust = Competency.objects.get(community=community, name="Building trust")
    with TestCase.captureOnCommitCallbacks(execute=True):
        for i in range(n):
            praise_give(
                actor=giver,
                community=community,
                receiver=receiver,
                competency=trust,
                message=f"Praise number {i}",
            )
            peer_feedback_give(
                actor=giver,
                community=community,
                receiver=receiver,
                situation=f"Situation {i}",
                behaviour="You listened.",
                impact="We decided faster.",
                competency=trust,
            )


def test_my_growth_shows_praise_and_feedback_received(
    member: Any, peer: Any, community: Any
) -> None:
    _give(peer, member, community, 1)

    page = client_for(member).get("/me/growth/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "Pia Peer praised you" in text
    assert "Feedback from Pia Peer on “Situation 0”" in text


def test_nobody_else_sees_it_until_shared_and_then_only_what_was_shared(
    member: Any, peer: Any, director: Any, community: Any
) -> None:
    _give(peer, member, community, 1)
    assert client_for(director).get(f"/people/{member.pk}/growth/").status_code == 404

    response = client_for(member).post("/me/growth/", {"viewer": director.pk})

    assert response.status_code == 302
    assert GrowthShare.objects.filter(owner=member, viewer=director).exists()
    shared = client_for(director).get(f"/people/{member.pk}/growth/").content.decode()
    assert "Pia Peer praised you" in shared
    assert "Situation 0" not in shared  # feedback stays private unless shared with a mentor
    client_for(member).post(f"/me/growth/{director.pk}/unshare/")
    assert client_for(director).get(f"/people/{member.pk}/growth/").status_code == 404


def test_the_timeline_stays_flat(
    member: Any, peer: Any, community: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(member)
    _give(peer, member, community, 2)
    with django_assert_max_num_queries(30) as small:
        assert client.get("/me/growth/").status_code == 200
    _give(peer, member, community, 20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/me/growth/").status_code == 200
