"""Feedback on request and given unasked, in the situation–behaviour–impact form: only the
giver and the receiver read it, and the receiver's mentor once shared; nobody receives
more than the community's weekly number of requests."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from conftest import client_for, join, make_user
from salon.communities.models import Role
from salon.core.models import AuditEvent
from salon.feedback.models import FeedbackRequest, PeerFeedback, PeerSettings
from salon.feedback.services.peer import (
    RequestCapReached,
    feedback_request_create,
    peer_feedback_answer,
    peer_feedback_give,
    peer_feedback_share,
)
from salon.goals.models import Competency, Goal


@pytest.fixture
def peers(community: Any) -> list[Any]:
    people = [make_user(f"peer{n}@acme.test", f"Peer {n}") for n in range(12)]
    for person in people:
        join(person, community, Role.MEMBER)
    return people


def _ask(asker: Any, community: Any, people: list[Any], situation: str = "The offsite") -> Any:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return feedback_request_create(
            actor=asker, community=community, recipients=people, situation=situation
        )


def test_a_member_asks_named_peers_and_each_is_told(
    member: Any, community: Any, peers: Any
) -> None:
    response = client_for(member).post(
        "/c/acme/feedback/ask/",
        {"recipients": [peers[0].pk, peers[1].pk], "situation": "The strategy offsite last week"},
    )

    assert response.status_code == 302
    request = FeedbackRequest.objects.get()
    assert request.requester == member
    assert sorted(request.asks.values_list("giver_id", flat=True)) == [peers[0].pk, peers[1].pk]
    assert peers[0].notifications.filter(kind="feedback.requested").count() == 1
    assert AuditEvent.objects.filter(action="feedback.request.created").count() == 1
    page = client_for(peers[0]).get("/me/feedback/").content.decode()
    assert "The strategy offsite last week" in page


def test_the_person_asked_answers_in_sbi_form_and_the_asker_reads_it(
    member: Any, community: Any, peers: Any
) -> None:
    _ask(member, community, [peers[0]])
    ask = PeerFeedback.objects.get()

    response = client_for(peers[0]).post(
        f"/me/feedback/{ask.pk}/",
        {"behaviour": "You opened with the numbers.", "impact": "The board relaxed."},
    )

    assert response.status_code == 302
    ask.refresh_from_db()
    assert ask.state == "given"
    assert ask.behaviour == "You opened with the numbers."
    page = client_for(member).get(f"/me/feedback/{ask.pk}/").content.decode()
    assert "The board relaxed." in page
    assert member.notifications.filter(kind="feedback.received").exists()


def test_nobody_else_reads_it_not_even_the_director(
    member: Any, director: Any, community: Any, peers: Any
) -> None:
    _ask(member, community, [peers[0]])
    ask = PeerFeedback.objects.get()

    for someone in (director, peers[1]):
        assert client_for(someone).get(f"/me/feedback/{ask.pk}/").status_code == 404


def test_the_cap_refuses_kindly_and_writes_nothing(member: Any, community: Any, peers: Any) -> None:
    busy = peers[0]
    for asker in peers[1:4]:
        _ask(asker, community, [busy])

    response = client_for(member).post(
        "/c/acme/feedback/ask/", {"recipients": [busy.pk, peers[5].pk], "situation": "Town hall"}
    )

    assert response.status_code == 400
    assert "Please wait and ask again" in response.content.decode()
    assert "Peer 0" in response.content.decode()
    assert not FeedbackRequest.objects.filter(requester=member).exists()
    assert not PeerFeedback.objects.filter(giver=peers[5]).exists()


def test_the_cap_is_a_community_setting_and_counts_a_rolling_week(
    member: Any, director: Any, community: Any, peers: Any
) -> None:
    busy = peers[0]
    client_for(director).post(
        "/c/acme/feedback/requests-settings/", {"requests_per_week": "1", "praise_on_home": "on"}
    )
    assert PeerSettings.objects.get(community=community).requests_per_week == 1
    _ask(peers[1], community, [busy])

    with pytest.raises(RequestCapReached):
        _ask(member, community, [busy])
    week_ago = PeerFeedback.objects.get().created_at - timedelta(days=8)
    PeerFeedback.objects.update(created_at=week_ago)
    _ask(member, community, [busy])

    assert PeerFeedback.objects.filter(giver=busy).count() == 2


def test_unsolicited_feedback_counts_towards_no_cap(
    member: Any, community: Any, peers: Any
) -> None:
    busy = peers[0]
    for asker in peers[1:4]:
        _ask(asker, community, [busy])

    with TestCase.captureOnCommitCallbacks(execute=True):
        peer_feedback_give(
            actor=member,
            community=community,
            receiver=busy,
            situation="The client call",
            behaviour="You summarised their worry first.",
            impact="They signed.",
        )

    assert busy.notifications.filter(kind="feedback.received").count() == 1


def test_people_outside_the_community_cannot_be_asked(
    member: Any, community: Any, outsider: Any
) -> None:
    with pytest.raises(ValidationError):
        _ask(member, community, [outsider])

    assert not FeedbackRequest.objects.exists()


def test_the_receiver_shares_with_their_mentor_and_only_then_the_mentor_reads_it(
    member: Any, community: Any, peers: Any
) -> None:
    from salon.mentoring.models import Mentorship, Programme

    mentor = peers[5]
    programme = Programme.objects.create(
        community=community,
        name="Mentoring 2026",
        starts_on="2026-01-01",
        ends_on="2026-12-31",
    )
    Mentorship.objects.create(
        programme=programme, mentee=member, mentor=mentor, started_at="2026-01-10T09:00Z"
    )
    _ask(member, community, [peers[0]])
    ask = PeerFeedback.objects.get()
    peer_feedback_answer(actor=peers[0], feedback=ask, behaviour="Clear.", impact="Calm.")
    assert client_for(mentor).get(f"/me/feedback/{ask.pk}/").status_code == 404

    client_for(member).post(f"/me/feedback/{ask.pk}/share/", {"shared": "1"})

    assert client_for(mentor).get(f"/me/feedback/{ask.pk}/").status_code == 200
    assert "Calm." in client_for(mentor).get("/me/feedback/").content.decode()
    assert client_for(peers[1]).get(f"/me/feedback/{ask.pk}/").status_code == 404
    client_for(member).post(f"/me/feedback/{ask.pk}/share/", {"shared": "0"})
    assert client_for(mentor).get(f"/me/feedback/{ask.pk}/").status_code == 404


def test_only_the_receiver_decides_about_sharing(member: Any, community: Any, peers: Any) -> None:
    _ask(member, community, [peers[0]])
    ask = PeerFeedback.objects.get()
    peer_feedback_answer(actor=peers[0], feedback=ask, behaviour="Clear.", impact="Calm.")

    with pytest.raises(PermissionDenied):
        peer_feedback_share(actor=peers[0], feedback=ask, shared=True)
    response = client_for(peers[0]).post(f"/me/feedback/{ask.pk}/share/", {"shared": "1"})

    assert response.status_code == 403
    ask.refresh_from_db()
    assert ask.shared_with_mentor_at is None


def test_feedback_on_a_competency_becomes_a_goal(member: Any, community: Any, peers: Any) -> None:
    competency = Competency.objects.get(community=community, name="Communicating with impact")
    with TestCase.captureOnCommitCallbacks(execute=True):
        feedback = peer_feedback_give(
            actor=peers[0],
            community=community,
            receiver=member,
            situation="Quarterly review",
            behaviour="Forty slides.",
            impact="We lost the thread.",
            competency=competency,
        )

    response = client_for(member).post(f"/me/feedback/{feedback.pk}/goal/")

    goal = Goal.objects.get(owner=member, competency=competency)
    assert response.status_code == 302
    assert response["Location"] == goal.get_absolute_url()
    feedback.refresh_from_db()
    assert feedback.goal == goal
    timeline = client_for(member).get("/me/growth/").content.decode()
    assert "Goal set from feedback" in timeline


def test_answering_twice_is_refused(member: Any, community: Any, peers: Any) -> None:
    _ask(member, community, [peers[0]])
    ask = PeerFeedback.objects.get()
    peer_feedback_answer(actor=peers[0], feedback=ask, behaviour="One.", impact="Two.")

    response = client_for(peers[0]).post(
        f"/me/feedback/{ask.pk}/", {"behaviour": "Other.", "impact": "Else."}
    )

    assert response.status_code == 403
    ask.refresh_from_db()
    assert ask.behaviour == "One."


def test_the_api_asks_and_lists_requests(member: Any, community: Any, peers: Any) -> None:
    client = client_for(member)

    created = client.post(
        "/api/v1/me/feedback-requests",
        json.dumps({"community": "acme", "recipients": [peers[0].pk], "situation": "Offsite"}),
        content_type="application/json",
    )
    listed = client.get("/api/v1/me/feedback-requests")

    assert created.status_code == 201
    assert created.json()["asked"][0]["person"]["id"] == peers[0].pk
    assert created.json()["asked"][0]["state"] == "asked"
    assert [r["situation"] for r in listed.json()["items"]] == ["Offsite"]


def test_the_api_answers_409_with_a_kind_message_at_the_cap(
    member: Any, community: Any, peers: Any
) -> None:
    for asker in peers[1:4]:
        _ask(asker, community, [peers[0]])

    response = client_for(member).post(
        "/api/v1/me/feedback-requests",
        json.dumps({"community": "acme", "recipients": [peers[0].pk], "situation": "Offsite"}),
        content_type="application/json",
    )

    assert response.status_code == 409
    assert "ask again" in response.json()["detail"]
    assert not FeedbackRequest.objects.filter(requester=member).exists()


def test_the_feedback_page_stays_flat(
    member: Any, community: Any, peers: Any, django_assert_max_num_queries: Any
) -> None:
    def fill(n: int) -> None:
        for i in range(n):
            asker = peers[i % 12]
            _ask(member, community, [asker], situation=f"Meeting {i}")
            PeerFeedback.objects.filter(giver=asker).update(created_at="2020-01-01T00:00Z")
            _ask(asker, community, [member], situation=f"Their meeting {i}")
            PeerFeedback.objects.filter(giver=member).update(created_at="2020-01-01T00:00Z")
        for ask in PeerFeedback.objects.filter(giver=member, state="asked")[: n // 2]:
            peer_feedback_answer(actor=member, feedback=ask, behaviour="b", impact="i")
        for ask in PeerFeedback.objects.filter(receiver=member, state="asked")[: n // 2]:
            peer_feedback_answer(actor=ask.giver, feedback=ask, behaviour="b", impact="i")

    client = client_for(member)
    fill(2)
    # Session and user, memberships, then one query each for: to answer, received, my
    # requests (+ the people asked), given, shared with me, communities; the unread count.
    with django_assert_max_num_queries(14) as small:
        assert client.get("/me/feedback/").status_code == 200
    fill(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/me/feedback/").status_code == 200
