"""Introductions: a facilitator or mentor introduces two people; both accept, then they
are connected and a conversation opens with the note."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from salon.accounts.blocking import block_create
from salon.network import reach
from salon.network.models import Introduction, Message
from salon.network.services.introductions import introduction_answer, introduction_create
from salon.notifications.models import Notification


def _introduce(committed: Any, by: Any, community: Any, first: Any, second: Any) -> Introduction:
    return committed(
        introduction_create,
        actor=by,
        community=community,
        first=first,
        second=second,
        note="You both run finance teams across **three** regions.",
    )


def test_a_facilitator_introduces_two_members_and_both_are_asked(
    as_user: Any, facilitator: Any, member: Any, director: Any, community: Any
) -> None:
    response = as_user(facilitator).post(
        "/c/acme/introduce/",
        {"first": member.pk, "second": director.pk, "note": "You should compare notes."},
    )

    assert response.status_code == 302
    introduction = Introduction.objects.get()
    assert (introduction.first, introduction.second) == (member, director)
    told = set(
        Notification.objects.filter(kind="network.introduced").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {member.pk, director.pk}
    page = as_user(member).get("/network/").content.decode()
    assert "You should compare notes." in page
    assert "Fred Facilitator would like you to meet Diana Director" in page


def test_both_accepting_connects_them_and_opens_a_conversation(
    as_user: Any, facilitator: Any, member: Any, director: Any, community: Any, committed: Any
) -> None:
    introduction = _introduce(committed, facilitator, community, member, director)

    first = as_user(member).post(f"/introductions/{introduction.pk}/answer/", {"accept": "1"})
    assert first.status_code == 302
    assert not reach.are_connected(member.pk, director.pk)
    second = as_user(director).post(f"/introductions/{introduction.pk}/answer/", {"accept": "1"})

    introduction.refresh_from_db()
    assert reach.are_connected(member.pk, director.pk)
    assert introduction.conversation is not None
    assert second.url == f"/messages/{introduction.conversation_id}/"
    people = set(introduction.conversation.participants.values_list("user_id", flat=True))
    assert people == {member.pk, director.pk, facilitator.pk}
    opening = Message.objects.get(conversation=introduction.conversation)
    assert opening.author == facilitator
    assert "<strong>three</strong>" in opening.body_html
    assert Notification.objects.filter(kind="network.introduction_completed").count() == 3


def test_a_decline_tells_nobody_and_connects_nobody(
    facilitator: Any, member: Any, director: Any, community: Any, committed: Any
) -> None:
    introduction = _introduce(committed, facilitator, community, member, director)
    Notification.objects.all().delete()

    committed(introduction_answer, actor=member, introduction=introduction, accept=False)
    introduction.refresh_from_db()

    assert introduction.first_answer == "declined"
    assert not Notification.objects.exists()
    with pytest.raises(PermissionDenied):
        introduction_answer(actor=director, introduction=introduction, accept=True)
    assert not reach.are_connected(member.pk, director.pk)


def test_a_member_does_not_introduce(
    member: Any, director: Any, guest: Any, community: Any
) -> None:
    with pytest.raises(PermissionDenied):
        introduction_create(
            actor=member, community=community, first=director, second=guest, note="x"
        )


def test_a_blocked_pair_cannot_be_introduced_and_the_words_do_not_say_why(
    facilitator: Any, member: Any, director: Any, community: Any
) -> None:
    block_create(user=director, other=member)

    with pytest.raises(ValidationError) as refused:
        introduction_create(
            actor=facilitator, community=community, first=member, second=director, note="x"
        )

    assert "block" not in " ".join(refused.value.messages).lower()


def test_a_block_between_answers_stops_the_introduction(
    facilitator: Any, member: Any, director: Any, community: Any, committed: Any
) -> None:
    introduction = _introduce(committed, facilitator, community, member, director)
    introduction_answer(actor=member, introduction=introduction, accept=True)
    block_create(user=member, other=director)

    with pytest.raises(ValidationError):
        introduction_answer(actor=director, introduction=introduction, accept=True)
    assert not reach.are_connected(member.pk, director.pk)


def test_someone_outside_the_community_cannot_be_introduced(
    facilitator: Any, member: Any, outsider: Any, community: Any
) -> None:
    with pytest.raises(ValidationError):
        introduction_create(
            actor=facilitator, community=community, first=member, second=outsider, note="x"
        )


def test_only_the_two_answer_and_others_do_not_learn_of_it(
    as_user: Any,
    facilitator: Any,
    member: Any,
    director: Any,
    guest: Any,
    community: Any,
    committed: Any,
) -> None:
    introduction = _introduce(committed, facilitator, community, member, director)

    assert (
        as_user(guest)
        .post(f"/introductions/{introduction.pk}/answer/", {"accept": "1"})
        .status_code
        == 404
    )
    # The introducer knows of it but does not answer for them.
    assert (
        as_user(facilitator)
        .post(f"/introductions/{introduction.pk}/answer/", {"accept": "1"})
        .status_code
        == 403
    )


def test_the_api_introduces_and_answers(
    as_user: Any, facilitator: Any, member: Any, director: Any
) -> None:
    made = as_user(facilitator).post(
        "/api/v1/introductions",
        {"community": "acme", "first": member.pk, "second": director.pk, "note": "Meet."},
        content_type="application/json",
    )
    assert made.status_code == 201
    pk = made.json()["id"]
    for person in (member, director):
        answered = as_user(person).post(
            f"/api/v1/introductions/{pk}/answer", {"accept": True}, content_type="application/json"
        )
        assert answered.status_code == 200
    assert answered.json()["conversation"] is not None
    refused = as_user(member).post(
        "/api/v1/introductions",
        {"community": "acme", "first": facilitator.pk, "second": director.pk, "note": "Meet."},
        content_type="application/json",
    )
    assert refused.status_code == 403
