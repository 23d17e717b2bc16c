"""Praise: public recognition tied to a competency, in a circle or the community. It shows
on the receiver's profile and, when the community allows it, on the community home; a
circle's praise stays in the circle. No counts, no leaderboard."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase

from conftest import client_for, join, make_user
from salon.communities.models import CircleMembership, Role
from salon.feedback.models import PeerSettings, Praise
from salon.feedback.services.praise import praise_give
from salon.goals.models import Competency


@pytest.fixture
def trust(community: Any) -> Competency:
    return Competency.objects.get(community=community, name="Building trust")


@pytest.fixture
def peer(community: Any, circle: Any) -> Any:
    user = make_user("pia@acme.test", "Pia Peer")
    join(user, community, Role.MEMBER)
    CircleMembership.objects.create(circle=circle, user=user)
    return user


def _praise(giver: Any, receiver: Any, competency: Any, **fields: Any) -> Praise:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return praise_give(
            actor=giver,
            community=competency.community,
            receiver=receiver,
            competency=competency,
            message=fields.pop("message", "You kept the board calm."),
            **fields,
        )


def test_a_member_praises_a_peer_who_is_told_and_it_shows_on_home_and_profile(
    member: Any, peer: Any, director: Any, trust: Any
) -> None:
    response = client_for(member).post(
        "/c/acme/praise/",
        {
            "receiver": peer.pk,
            "competency": trust.pk,
            "message": "You owned the delay in front of the client.",
            "on_home": "on",
        },
    )

    assert response.status_code == 302
    praise = Praise.objects.get()
    assert (praise.giver, praise.receiver, praise.on_home) == (member, peer, True)
    assert peer.notifications.filter(kind="feedback.praised").count() == 1
    home = client_for(director).get("/c/acme/").content.decode()
    assert "You owned the delay in front of the client." in home
    profile = client_for(director).get(f"/people/{peer.pk}/").content.decode()
    assert "Praise received" in profile
    assert "Building trust" in profile


def test_a_circles_praise_stays_in_the_circle(
    member: Any, peer: Any, circle: Any, director: Any, community: Any, trust: Any
) -> None:
    circle.is_private = True
    circle.save(update_fields=["is_private"])
    outside = make_user("olga@acme.test", "Olga Outside")
    join(outside, community, Role.MEMBER)

    _praise(member, peer, trust, circle=circle, message="Only for the circle.")

    assert "Only for the circle." in client_for(peer).get("/c/acme/praise/").content.decode()
    assert "Only for the circle." not in client_for(outside).get("/c/acme/praise/").content.decode()
    assert "Only for the circle." not in client_for(outside).get("/c/acme/").content.decode()
    api = client_for(outside).get("/api/v1/communities/acme/praise").json()
    assert api["items"] == []
    assert Praise.objects.get().on_home is False


def test_the_community_can_keep_praise_off_its_home(
    member: Any, peer: Any, director: Any, community: Any, trust: Any
) -> None:
    PeerSettings.objects.create(community=community, praise_on_home=False)

    _praise(member, peer, trust, message="Quietly great.")

    assert "Quietly great." not in client_for(director).get("/c/acme/").content.decode()
    assert "Quietly great." in client_for(director).get("/c/acme/praise/").content.decode()


def test_praise_needs_a_competency_of_the_community_and_someone_else(
    member: Any, peer: Any, trust: Any, other_community: Any
) -> None:
    foreign = Competency.objects.filter(community=other_community).first()

    with pytest.raises(ValidationError):
        _praise(member, member, trust)
    with pytest.raises(ValidationError):
        praise_give(
            actor=member, community=trust.community, receiver=peer, competency=foreign, message="x"
        )
    response = client_for(member).post(
        "/c/acme/praise/", {"receiver": peer.pk, "competency": trust.pk, "message": ""}
    )

    assert response.status_code == 400
    assert not Praise.objects.exists()


def test_guests_read_praise_but_do_not_give_it(guest: Any, peer: Any, trust: Any) -> None:
    response = client_for(guest).post(
        "/c/acme/praise/", {"receiver": peer.pk, "competency": trust.pk, "message": "Hi"}
    )

    assert response.status_code == 403
    assert not Praise.objects.exists()


def test_the_api_praises_and_lists(member: Any, peer: Any, trust: Any) -> None:
    client = client_for(member)

    created = client.post(
        "/api/v1/communities/acme/praise",
        json.dumps({"receiver": peer.pk, "competency": trust.pk, "message": "Thank you."}),
        content_type="application/json",
    )
    listed = client.get("/api/v1/communities/acme/praise").json()

    assert created.status_code == 201
    assert created.json()["competency"] == "Building trust"
    assert [p["message"] for p in listed["items"]] == ["Thank you."]


def test_the_praise_page_and_home_stay_flat(
    member: Any,
    peer: Any,
    director: Any,
    community: Any,
    trust: Any,
    circle: Any,
    django_assert_max_num_queries: Any,
) -> None:
    people = [make_user(f"p{n}@acme.test", f"P {n}") for n in range(10)]
    for person in people:
        join(person, community, Role.MEMBER)
        CircleMembership.objects.create(circle=circle, user=person)

    def fill(n: int) -> None:
        for i in range(n):
            _praise(people[i % 10], peer, trust, message=f"Praise {i}")
            _praise(member, people[i % 10], trust, circle=circle if i % 2 else None)

    client = client_for(member)
    fill(2)
    with django_assert_max_num_queries(40) as small:
        assert client.get("/c/acme/praise/").status_code == 200
    with django_assert_max_num_queries(60) as home:
        assert client.get("/c/acme/").status_code == 200
    fill(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/c/acme/praise/").status_code == 200
    with django_assert_max_num_queries(len(home.captured_queries)):
        assert client.get("/c/acme/").status_code == 200
    with django_assert_max_num_queries(40) as profile:
        assert client.get(f"/people/{peer.pk}/").status_code == 200
    fill(10)
    with django_assert_max_num_queries(len(profile.captured_queries)):
        assert client.get(f"/people/{peer.pk}/").status_code == 200
