"""A community's network map: drawn in the background from real interactions, shown to its
directors and facilitators, named only as far as each may know, and as cheap to show for a
large community as for a small one."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import join, make_user
from salon.analytics.models import DailyTie
from salon.analytics.tasks import roll_up_outcomes
from salon.communities.models import Circle, CircleMembership, Role
from salon.network.models import NetworkMap
from salon.network.services.conversations import conversation_open
from salon.network.services.maps import network_map_draw
from salon.network.tasks import draw_network_maps

PAGE = "/c/acme/network/"
API = "/api/v1/communities/acme/network"


def _slot() -> str:
    return timezone.now().replace(minute=0, second=0, microsecond=0).isoformat()


def _people(community: Any, region: str, n: int, start: int = 0) -> list[Any]:
    people = []
    for i in range(start, start + n):
        person = make_user(f"{region}{i}@acme.test", f"{region.title()} Person {i}", region=region)
        join(person, community, Role.MEMBER)
        people.append(person)
    return people


def _talk(community: Any, a: Any, b: Any) -> None:
    conversation_open(
        community=community, people=[a.pk, b.pk], started_by_id=a.pk, first_message="Hello"
    )


def test_the_director_sees_the_ties_across_regions_and_who_bridges_them(
    as_user: Any, director: Any, member: Any, community: Any
) -> None:
    europe = _people(community, "emea", 4)  # with Diana, five in Europe
    asia = _people(community, "apac", 4)  # with Maya, five in Asia-Pacific
    _talk(community, director, member)
    _talk(community, europe[0], europe[1])
    _talk(community, asia[0], member)
    roll_up_outcomes.call(slot=_slot())
    assert draw_network_maps.call(slot=_slot()) == 1

    page = as_user(director).get(PAGE).content.decode()

    assert "Europe · 5" in page
    assert "Asia-Pacific · 5" in page
    assert "<svg" in page
    assert page.count('class="dot-across"') == 2
    # Every path between the two regions runs through Maya; nobody's runs through Diana.
    bridges = page.split('id="bridges-h"')[1]
    assert "Maya Member" in bridges
    assert "Diana Director" not in bridges
    inward = page.split('id="inward-h"')[1].split('id="bridges-h"')[0]
    assert "Introduce Emea Person 0" in inward
    assert "Introduce Apac Person 1" in inward
    assert "Maya Member" not in inward
    body = as_user(director).get(API).json()
    assert body["people"] == 10
    assert body["ties"] == 3
    assert body["ties_across"] == 1
    assert {r["region"]: r["with_tie_outside"] for r in body["regions"]} == {"emea": 1, "apac": 1}
    assert [b["person"]["name"] for b in body["bridges"]] == ["Maya Member"]


def test_a_facilitator_sees_only_their_circles_people_and_nobody_named_as_a_bridge(
    as_user: Any, director: Any, facilitator: Any, member: Any, community: Any
) -> None:
    europe = _people(community, "emea", 4)
    _people(community, "apac", 4)
    circle = Circle.objects.create(community=community, name="Cohort", slug="cohort")
    for person in (facilitator, europe[0], member):
        CircleMembership.objects.create(circle=circle, user=person)
    _talk(community, director, member)
    roll_up_outcomes.call(slot=_slot())
    network_map_draw(community)

    page = as_user(facilitator).get(PAGE).content.decode()

    inward = page.split('id="inward-h"')[1]
    assert "Emea Person 0" in inward
    assert "Emea Person 1" not in inward  # not in Fred's circles
    assert "Maya Member" not in inward  # tied across already
    assert "Who bridges the network" not in page
    body = as_user(facilitator).get(API).json()
    assert [p["name"] for p in body["without_outside_tie"]] == ["Emea Person 0"]
    assert body["bridges"] == []


def test_before_the_first_map_the_page_says_it_is_coming(as_user: Any, director: Any) -> None:
    page = as_user(director).get(PAGE).content.decode()

    assert "The first map is being drawn" in page
    assert as_user(director).get(API).json()["drawn_at"] is None


def test_the_map_costs_the_same_with_five_times_the_network(
    as_user: Any, director: Any, community: Any
) -> None:
    client = as_user(director)
    today = timezone.now().date()

    def grow(n: int, start: int) -> int:
        europe = _people(community, "emea", n, start)
        asia = _people(community, "apac", n, start)
        DailyTie.objects.bulk_create(
            DailyTie(
                community=community,
                day=today - timedelta(days=i % 30),
                low_id=min(a.pk, b.pk),
                high_id=max(a.pk, b.pk),
            )
            for i, (a, b) in enumerate(zip(europe, asia, strict=True))
        )
        network_map_draw(community)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
        return len(queries)

    small = grow(6, 0)
    large = grow(24, 6)

    assert NetworkMap.objects.get(community=community).drawing["people"] == 61
    # Session, user, memberships, the community and its tabs; the map; the named people.
    assert small == large
    assert large <= 12


def test_a_member_sees_whom_they_worked_with_and_in_which_regions(
    as_user: Any, director: Any, member: Any, community: Any
) -> None:
    asia = _people(community, "apac", 2)
    europe = _people(community, "emea", 2)
    _talk(community, director, member)
    _talk(community, asia[0], member)
    _talk(community, europe[0], europe[1])
    roll_up_outcomes.call(slot=_slot())

    mine = as_user(member).get("/network/").content.decode()
    theirs = as_user(europe[0]).get("/network/").content.decode()
    alone = as_user(asia[1]).get("/network/").content.decode()

    assert (
        "You worked with 2 people in your communities in the last year, 2 of them new this "
        "quarter." in mine
    )
    assert "They work in: Asia-Pacific, Europe" in mine
    assert "None of them outside your own region yet" in theirs
    assert "Once you reply to someone" in alone
