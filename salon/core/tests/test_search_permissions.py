"""Search shows each person exactly what the permission policy lets them see.

Visibility is a SQL filter (for speed); the policy's rules are the reference. These tests
ask ``can(user, …)`` about every hit, and about every document that was not a hit.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import client_for
from salon.accounts.models import User
from salon.core import search
from salon.core.models import SearchDocument
from salon.core.tests.search_world import World, allowed, build_world, key

PERSONAS = [
    "director",
    "facilitator",
    "member",
    "guest",
    "outsider",
    "expert",
    "mentor",
    "host",
    "nobody",
    "staff",
]
VOCABULARY = [
    "zebra",
    "acme",
    "agora",
    "board",
    "inner",
    "ring",
    "council",
    "chapter",
    "maya",
    "gus",
    "xena",
    "gone",
    "leaders",
    "corp",
    "ze",
    "zeb",
    "the",
]
NOISE = ['"', "-", "*", "AND", "OR", "NOT", "NEAR(", ")", "(", ":", "^", "\x00", "🦓", "''"]


@pytest.fixture
def world(
    community: Any,
    other_community: Any,
    director: Any,
    facilitator: Any,
    member: Any,
    guest: Any,
    outsider: Any,
    circle: Any,
    private_circle: Any,
) -> World:
    built = build_world(
        community,
        other_community,
        director,
        facilitator,
        member,
        guest,
        outsider,
        circle,
        private_circle,
    )
    # Fresh objects: nothing the policy remembered while the world was being built.
    built.people = {name: User.objects.get(pk=u.pk) for name, u in built.people.items()}
    return built


def _hits(user: User, text: str, **filters: str) -> list[SearchDocument]:
    results = search.search(user=user, text=text, **filters)
    return [hit.document for hit in results[0:1000]]


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_finds_exactly_what_the_policy_lets_them_see(world: World, persona: str) -> None:
    user = world.people[persona]
    everything = list(SearchDocument.objects.select_related("community", "circle"))

    found = {key(d) for d in _hits(user, "zebra")}

    expected = {key(d) for d in everything if allowed(user, d)}
    assert found == expected
    assert search.search(user=user, text="zebra").count() == len(expected)


def test_the_world_tells_the_personas_apart(world: World) -> None:
    """Guards the tests above: a world where everyone saw the same would prove nothing."""
    everything = list(SearchDocument.objects.select_related("community", "circle"))

    views = {
        persona: frozenset(key(d) for d in everything if allowed(world.people[persona], d))
        for persona in PERSONAS
    }

    # Stewards see the same; so do two people in no private community.
    assert len(set(views.values())) == len(PERSONAS) - 2
    assert views["facilitator"] == views["director"]
    assert views["nobody"] == views["staff"] != frozenset()  # the open community


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    persona=st.sampled_from(PERSONAS),
    text=st.one_of(
        st.lists(st.sampled_from(VOCABULARY + NOISE), max_size=8).map(" ".join),
        st.lists(st.sampled_from(VOCABULARY + NOISE), max_size=8).map("".join),
        st.text(max_size=60),
    ),
    kind=st.sampled_from(["", "person", "circle", "community"]),
    community=st.sampled_from(["", "acme", "agora", "elsewhere", "nope"]),
)
def test_no_hit_is_ever_outside_what_the_searcher_may_see(
    world: World, persona: str, text: str, kind: str, community: str
) -> None:
    user = world.people[persona]
    results = search.search(user=user, text=text, kind=kind, community=community)

    hits = results[0:100]

    assert results.count() == len(hits)
    for hit in hits:
        assert allowed(user, hit.document), (persona, text, hit.kind, hit.title)
        assert not kind or hit.kind == kind
        assert not community or hit.community_slug == community


def test_an_outsider_finds_nothing_of_a_private_community_not_even_a_count(
    world: World,
) -> None:
    outsider = world.people["outsider"]
    client = client_for(outsider)

    for text in ["acme", "Acme Leaders", "maya", "board", "inner ring", "zebra leaders"]:
        assert search.search(user=outsider, text=text, community="acme").count() == 0
        api = client.get("/api/v1/search", {"q": text, "community": "acme"}).json()
        assert api == {"items": [], "count": 0}
        nowhere = client.get("/api/v1/search", {"q": text, "community": "no-such-place"}).json()
        assert api == nowhere
    page = client.get("/search/", {"q": "acme"}).content.decode()
    assert "Acme" not in page.replace("acme", "")
    zebra = {h.community_slug for h in search.search(user=outsider, text="zebra")[0:100]}
    assert zebra == {"elsewhere", "agora"}


def test_a_guest_does_not_find_a_private_circle_or_the_people(world: World) -> None:
    guest = world.people["guest"]

    found = {(h.kind, h.title) for h in search.search(user=guest, text="zebra")[0:100]}

    assert ("circle", "Board") not in found
    assert ("circle", "Open Studio") not in found  # guests see only their own circles
    assert ("circle", "EMEA Chapter") in found
    assert ("circle", "Inner Ring") in found  # private, but the guest is in it
    assert not [kind for kind, _title in found if kind == "person"]


def test_a_member_does_not_find_the_board_but_a_facilitator_does(world: World) -> None:
    member_found = {h.title for h in search.search(user=world.people["member"], text="board")[0:9]}
    facilitator_found = {
        h.title for h in search.search(user=world.people["facilitator"], text="board")[0:9]
    }

    assert "Board" not in member_found
    assert "Board" in facilitator_found


def test_a_role_change_takes_effect_at_once_without_reindexing(world: World) -> None:
    from salon.communities.models import Membership, Role

    guest = world.people["guest"]
    assert search.search(user=guest, text="xena").count() == 0
    Membership.objects.filter(user=guest, community=world.acme).update(role=Role.MEMBER)

    promoted = User.objects.get(pk=guest.pk)

    assert [h.title for h in search.search(user=promoted, text="xena")[0:9]] == ["Xena Expert"]


def test_a_deactivated_person_is_not_found(world: World) -> None:
    director = world.people["director"]

    assert search.search(user=director, text="gone").count() == 0
    assert search.search(user=director, text="Maya").count() == 1


def test_nobody_signed_out_or_deactivated_finds_anything(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    director = world.people["director"]
    director.is_active = False

    assert search.search(user=AnonymousUser(), text="zebra").count() == 0
    assert search.search(user=director, text="zebra").count() == 0
