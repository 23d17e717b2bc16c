"""What the communities app tells people, through its real pages and services."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.test import TestCase

from conftest import client_for
from salon.communities import services
from salon.communities.models import Invitation, JoinRequest, Membership
from salon.communities.notifications import (
    ADDED_TO_CIRCLE,
    INVITATION_ACCEPTED,
    JOIN_REQUEST_CREATED,
    JOIN_REQUEST_DECIDED,
    ROLE_CHANGED,
)
from salon.notifications.models import Notification
from salon.notifications.selectors import describe


def _open(community: Any) -> None:
    community.visibility = "open"
    community.save(update_fields=["visibility"])


def test_the_inviter_hears_that_their_invitation_was_accepted(
    director: Any, community: Any
) -> None:
    client_for(director).post("/c/acme/invite/", {"email": "ines@example.com", "role": "member"})
    token = Invitation.objects.get().token

    client_for(None).post(
        f"/invitations/{token}/",
        {
            "name": "Inês Costa",
            "password": "a long enough password 123",
            "password_confirm": "a long enough password 123",
            "timezone": "Europe/Lisbon",
        },
    )

    notification = Notification.objects.get(kind=INVITATION_ACCEPTED)
    assert notification.recipient == director
    assert describe(notification) == "Inês Costa accepted your invitation to Acme Leaders."
    assert notification.url == f"/people/{notification.actor_id}/"


def test_a_join_request_is_told_to_the_directors_and_facilitators_only(
    director: Any, facilitator: Any, member: Any, guest: Any, outsider: Any, community: Any
) -> None:
    _open(community)

    client_for(outsider).post("/c/acme/join/", {"message": "I lead our EMEA sales team."})

    told = Notification.objects.filter(kind=JOIN_REQUEST_CREATED)
    assert sorted(n.recipient.email for n in told) == [director.email, facilitator.email]
    notification = told.get(recipient=director)
    assert describe(notification) == "Olga Outsider asks to join Acme Leaders."
    assert notification.data["excerpt"] == "I lead our EMEA sales team."
    assert notification.url == "/c/acme/members/"
    assert sorted(m.to[0] for m in mail.outbox) == [director.email, facilitator.email]


def test_the_requester_hears_the_answer(director: Any, outsider: Any, community: Any) -> None:
    _open(community)
    client_for(outsider).post("/c/acme/join/", {"message": ""})
    request = JoinRequest.objects.get()

    client_for(director).post(f"/c/acme/join-requests/{request.pk}/", {"decision": "approve"})

    notification = Notification.objects.get(kind=JOIN_REQUEST_DECIDED)
    assert notification.recipient == outsider
    assert describe(notification) == "Your request to join Acme Leaders was approved. Welcome!"
    assert mail.outbox[-1].to == [outsider.email]


def test_a_declined_requester_hears_it_too(director: Any, outsider: Any, community: Any) -> None:
    _open(community)
    client_for(outsider).post("/c/acme/join/", {"message": ""})
    request = JoinRequest.objects.get()

    client_for(director).post(f"/c/acme/join-requests/{request.pk}/", {"decision": "decline"})

    notification = Notification.objects.get(kind=JOIN_REQUEST_DECIDED)
    assert describe(notification) == "Your request to join Acme Leaders was declined."


def test_a_member_hears_that_their_role_changed_once_per_change(
    director: Any, member: Any, community: Any
) -> None:
    membership = Membership.objects.get(user=member)
    client = client_for(director)

    client.post(f"/c/acme/members/{membership.pk}/role/", {"role": "mentor"})
    client.post(f"/c/acme/members/{membership.pk}/role/", {"role": "mentor"})  # no change
    client.post(f"/c/acme/members/{membership.pk}/role/", {"role": "facilitator"})

    told = Notification.objects.filter(kind=ROLE_CHANGED, recipient=member).order_by("pk")
    assert [describe(n) for n in told] == [
        "Diana Director changed your role in Acme Leaders to Mentor.",
        "Diana Director changed your role in Acme Leaders to Facilitator.",
    ]
    assert len(mail.outbox) == 2


def test_a_member_added_to_a_private_circle_by_a_steward_is_told(
    director: Any, member: Any, private_circle: Any
) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.circle_add_member(actor=director, circle=private_circle, user=member)

    notification = Notification.objects.get(kind=ADDED_TO_CIRCLE)
    assert notification.recipient == member
    assert describe(notification) == "Diana Director added you to Board in Acme Leaders."
    assert notification.url == "/c/acme/circles/board/"


def test_a_failing_notification_never_undoes_the_change(
    director: Any, member: Any, community: Any, monkeypatch: Any
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("notifications are down")

    monkeypatch.setattr("salon.communities.notifications.role_changed", broken)
    membership = Membership.objects.get(user=member)

    response = client_for(director).post(
        f"/c/acme/members/{membership.pk}/role/", {"role": "mentor"}
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "mentor"
    assert not Notification.objects.exists()
