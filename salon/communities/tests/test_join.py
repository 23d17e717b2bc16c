from __future__ import annotations

from typing import Any

from conftest import PASSWORD, client_for
from salon.accounts.models import User
from salon.communities.models import JoinRequest, Membership


def _open(community: Any, **extra: Any) -> None:
    community.visibility = "open"
    for key, value in extra.items():
        setattr(community, key, value)
    community.save()


def test_an_outsider_asks_to_join_an_open_community_and_a_director_approves(
    community: Any, director: Any, outsider: Any
) -> None:
    _open(community)

    client_for(outsider).post("/c/acme/join/", {"message": "I lead strategy."})

    join_request = JoinRequest.objects.get()
    assert join_request.user == outsider
    assert "I lead strategy." in client_for(director).get("/c/acme/members/").content.decode()

    client_for(director).post(f"/c/acme/join-requests/{join_request.pk}/", {"decision": "approve"})

    assert Membership.objects.get(user=outsider, community=community).role == "member"
    assert client_for(outsider).get("/c/acme/people/").status_code == 200


def test_a_declined_request_does_not_make_a_member(
    community: Any, director: Any, outsider: Any
) -> None:
    _open(community)
    client_for(outsider).post("/c/acme/join/", {"message": ""})

    client_for(director).post(
        f"/c/acme/join-requests/{JoinRequest.objects.get().pk}/", {"decision": "decline"}
    )

    assert JoinRequest.objects.get().status == "declined"
    assert not Membership.objects.filter(user=outsider, community=community).exists()


def test_nobody_can_ask_to_join_a_private_community(community: Any, outsider: Any) -> None:
    response = client_for(outsider).post("/c/acme/join/", {"message": "let me in"})

    assert response.status_code == 404
    assert not JoinRequest.objects.exists()


def test_open_self_signup_creates_an_account_and_a_membership(community: Any) -> None:
    _open(community, self_signup=True)
    client = client_for(None)

    response = client.post(
        "/c/acme/signup/",
        {
            "name": "Ravi Kumar",
            "email": "ravi@example.com",
            "password": PASSWORD,
            "timezone": "Asia/Kolkata",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="ravi@example.com")
    assert Membership.objects.get(user=user, community=community).role == "member"
    assert client.get("/c/acme/").status_code == 200


def test_self_signup_refuses_an_address_that_already_has_an_account(
    community: Any, member: Any
) -> None:
    _open(community, self_signup=True)

    response = client_for(None).post(
        "/c/acme/signup/",
        {"name": "Maya", "email": member.email, "password": PASSWORD, "timezone": "UTC"},
    )

    assert response.status_code == 400
    assert "already an account" in response.content.decode()
