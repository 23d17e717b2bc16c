"""Coffee roulette: pairs across regions, never twice, never people already connected;
a fair time for each pair; both told; each says whether they met."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from conftest import join, make_user
from salon.communities.models import Role
from salon.core import working_time
from salon.core.models import AuditEvent
from salon.network import roulette
from salon.network.models import CoffeePair, CoffeeRound, NetworkSettings
from salon.network.services.connections import connection_request_answer, connection_request_send
from salon.network.services.roulette import coffee_round_start
from salon.notifications.models import Notification

REGIONS = ["emea", "americas", "apac", "mea"]


@given(st.lists(st.sampled_from(REGIONS), min_size=0, max_size=14))
def test_pairs_cross_regions_as_much_as_possible(regions: list[str]) -> None:
    people = [roulette.Person(i + 1, region) for i, region in enumerate(regions)]
    pairs = roulette.pair(people)

    ids = [i for p in pairs for i in p]
    assert len(ids) == len(set(ids))  # nobody twice
    assert len(pairs) == len(people) // 2  # everyone paired but one when odd
    region = {p.id: p.region for p in people}
    across = sum(region[a] != region[b] for a, b in pairs)
    largest = max((regions.count(r) for r in REGIONS), default=0)
    assert across == min(len(people) // 2, len(people) - largest)


@given(st.integers(min_value=2, max_value=10), st.data())
def test_pairs_never_meet_twice(n: int, data: Any) -> None:
    people = [roulette.Person(i, REGIONS[i % 2]) for i in range(n)]
    every = [(a, b) for a in range(n) for b in range(a + 1, n)]
    avoid = data.draw(st.lists(st.sampled_from(every), unique=True))
    for a, b in roulette.pair(people, avoid=avoid):
        assert (a, b) not in avoid
        assert (b, a) not in avoid


@pytest.fixture
def takers(community: Any, member: Any, director: Any) -> list[Any]:
    """Six people who opted in: two per region, and a guest who opted in too."""
    people = [member, director]
    for n, (region, tz, country) in enumerate(
        [
            ("americas", "America/Sao_Paulo", "Brazil"),
            ("americas", "America/Chicago", "United States"),
            ("mea", "Asia/Riyadh", "Saudi Arabia"),
            ("mea", "Africa/Lagos", "Nigeria"),
        ]
    ):
        person = make_user(
            f"p{n}@acme.test", f"Person {n}", region=region, timezone=tz, country=country
        )
        join(person, community)
        people.append(person)
    guest = make_user("g@acme.test", "Gina Guest", region="apac")
    join(guest, community, Role.GUEST)
    for person in [*people, guest]:
        NetworkSettings.objects.create(user=person, coffee_roulette=True)
    return people


def test_a_round_pairs_those_who_opted_in_across_regions_at_fair_times(
    as_user: Any, facilitator: Any, community: Any, takers: list[Any], mailoutbox: Any
) -> None:
    response = as_user(facilitator).post(
        "/c/acme/coffee/", {"meet_by": (date.today() + timedelta(days=14)).isoformat()}
    )

    assert response.status_code == 302
    coffee = CoffeeRound.objects.get()
    pairs = list(coffee.pairs.select_related("first", "second"))
    assert len(pairs) == 3
    paired = {p.first_id for p in pairs} | {p.second_id for p in pairs}
    assert paired == {p.pk for p in takers}  # the guest takes no part
    assert all(p.first.region != p.second.region for p in pairs)
    for p in pairs:
        assert p.starts_at is not None
        assert p.starts_at.date() < coffee.meet_by
        inside = [
            person.work_start
            <= p.starts_at.astimezone(ZoneInfo(person.timezone)).time()
            < person.work_end
            for person in (p.first, p.second)
        ]
        shared = working_time.overlap(
            *(
                working_time.Hours(
                    x.timezone, x.work_start, x.work_end, working_time.workdays(x.country)
                )
                for x in (p.first, p.second)
            ),
            around=p.starts_at - timedelta(days=1),
            days=3,
        )
        # Inside both working days when they share any; else the fairest compromise.
        assert all(inside) if shared else any(inside)
    told = Notification.objects.filter(kind="network.coffee_paired")
    assert set(told.values_list("recipient_id", flat=True)) == paired
    assert AuditEvent.objects.filter(action="network.coffee_round.started").exists()


def test_a_second_round_never_repeats_a_pair_or_pairs_people_connected(
    community: Any, facilitator: Any, member: Any, director: Any, takers: list[Any]
) -> None:
    connection_request_answer(
        actor=director,
        request=connection_request_send(actor=member, other=director),
        accept=True,
    )
    meet_by = date.today() + timedelta(days=10)
    first = coffee_round_start(actor=facilitator, community=community, meet_by=meet_by)
    second = coffee_round_start(actor=facilitator, community=community, meet_by=meet_by)

    def pairs(r: Any) -> set[frozenset[int]]:
        return {frozenset((p.first_id, p.second_id)) for p in r.pairs.all()}

    assert not pairs(first) & pairs(second)
    assert frozenset((member.pk, director.pk)) not in pairs(first) | pairs(second)


def test_a_round_needs_a_fair_date_and_two_people(
    as_user: Any, facilitator: Any, community: Any, member: Any
) -> None:
    response = as_user(facilitator).post(
        "/c/acme/coffee/", {"meet_by": (date.today() + timedelta(days=1)).isoformat()}
    )
    assert response.status_code == 400
    with pytest.raises(ValidationError, match="Fewer than two"):
        coffee_round_start(
            actor=facilitator, community=community, meet_by=date.today() + timedelta(days=9)
        )
    assert not CoffeeRound.objects.exists()


def test_each_says_whether_they_met_and_the_round_counts_it(
    as_user: Any, facilitator: Any, community: Any, member: Any, director: Any
) -> None:
    coffee = CoffeeRound.objects.create(community=community, meet_by=date.today())
    pair = CoffeePair.objects.create(round=coffee, first=member, second=director)

    page = as_user(member).get("/c/acme/coffee/").content.decode()
    assert "Diana Director" in page
    assert "Did you meet?" in page

    response = as_user(member).post(f"/coffee-pairs/{pair.pk}/answer/", {"met": "1"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert (pair.first_met, pair.second_met, pair.happened) == (True, None, True)
    assert "You said you met" in as_user(member).get("/c/acme/coffee/").content.decode()
    rounds = as_user(facilitator).get("/api/v1/communities/acme/coffee-rounds").json()
    assert (rounds[0]["pairs"], rounds[0]["met"]) == (1, 1)


def test_someone_outside_a_pair_cannot_answer_for_it(
    as_user: Any, community: Any, member: Any, director: Any, facilitator: Any
) -> None:
    coffee = CoffeeRound.objects.create(community=community, meet_by=date.today())
    pair = CoffeePair.objects.create(round=coffee, first=member, second=director)
    response = as_user(facilitator).post(f"/coffee-pairs/{pair.pk}/answer/", {"met": "0"})
    assert response.status_code == 404
    pair.refresh_from_db()
    assert (pair.first_met, pair.second_met) == (None, None)


def test_joining_and_leaving(as_user: Any, member: Any) -> None:
    client = as_user(member)
    client.post("/c/acme/coffee/join/", {"join": "1"})
    assert NetworkSettings.objects.get(user=member).coffee_roulette is True
    assert "Leave coffee roulette" in client.get("/c/acme/coffee/").content.decode()
    client.post("/c/acme/coffee/join/", {"join": "0"})
    assert NetworkSettings.objects.get(user=member).coffee_roulette is False


def test_the_coffee_page_stays_flat(
    as_user: Any,
    facilitator: Any,
    community: Any,
    member: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = as_user(facilitator)
    client.get("/c/acme/coffee/")
    for n in range(10):
        coffee = CoffeeRound.objects.create(community=community, meet_by=date.today())
        other = make_user(f"c{n}@acme.test", f"Colleague {n}", work_start=time(8))
        join(other, community)
        CoffeePair.objects.create(round=coffee, first=facilitator, second=other)
        CoffeePair.objects.create(round=coffee, first=member, second=make_user(f"d{n}@x.test"))
    with django_assert_max_num_queries(14):
        assert client.get("/c/acme/coffee/").status_code == 200


def _at_work(person: Any, at: Any) -> bool:
    return person.work_start <= at.astimezone(ZoneInfo(person.timezone)).time() < person.work_end


def test_whoever_gave_up_their_hours_in_an_earlier_round_keeps_them_the_next_time(
    community: Any,
) -> None:
    from salon.network.services.roulette import carried_by, fair_time

    def person(email: str, zone: str, country: str) -> Any:
        return make_user(
            email, timezone=zone, country=country, work_start=time(9), work_end=time(17)
        )

    # London and Tokyo share no working hour: every time is early or late for one of them.
    london = person("lena@acme.test", "Europe/London", "United Kingdom")
    tokyo = person("taro@acme.test", "Asia/Tokyo", "Japan")
    osaka = person("oki@acme.test", "Asia/Tokyo", "Japan")
    first, last = date.today() + timedelta(days=1), date.today() + timedelta(days=14)

    # An earlier round had Lena meet Oki outside her hours.
    earlier = CoffeeRound.objects.create(
        community=community, meet_by=date.today(), created_by=london, unpaired=0
    )
    evening = fair_time(london, osaka, first=first, last=last, carried={osaka.pk: 50})
    assert evening is not None
    assert not _at_work(london, evening)
    CoffeePair.objects.create(round=earlier, first=london, second=osaka, starts_at=evening)

    carried = carried_by([london, tokyo], today=date.today())
    this_time = fair_time(london, tokyo, first=first, last=last, carried=carried)

    assert carried[london.pk] > 0
    assert tokyo.pk not in carried
    assert this_time is not None
    assert _at_work(london, this_time)
    assert not _at_work(tokyo, this_time)
    # And the other way round when Taro is the one who carried it.
    theirs = fair_time(
        london, tokyo, first=first, last=last, carried={tokyo.pk: carried[london.pk]}
    )
    assert theirs is not None
    assert _at_work(tokyo, theirs)
