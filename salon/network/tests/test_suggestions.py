"""People you should meet: the pure ranking, and who is left out for whom."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from conftest import join, make_user
from salon.accounts.blocking import block_create
from salon.communities.models import Role
from salon.network import suggest
from salon.network.models import NetworkSettings
from salon.network.services.connections import connection_request_answer, connection_request_send
from salon.network.suggestions import suggestions_for

REGIONS = ["emea", "americas", "apac", "mea", ""]

people = st.builds(
    suggest.Person,
    id=st.integers(1, 60),
    region=st.sampled_from(REGIONS),
    function=st.sampled_from(["finance", "people", ""]),
    competencies=st.frozensets(st.sampled_from(["Strategy", "Trust", "Coaching"])),
    circles=st.frozensets(st.sampled_from(["EMEA", "Cohort"])),
    connections=st.integers(0, 5),
)


@given(
    me=people, others=st.lists(people, max_size=30), tied=st.frozensets(st.sampled_from(REGIONS))
)
def test_the_ranking_is_best_first_explained_and_never_suggests_oneself(
    me: suggest.Person, others: list[suggest.Person], tied: frozenset[str]
) -> None:
    ranked = suggest.rank(me, others, tied_regions=tied, limit=10)

    assert len(ranked) <= 10
    assert all(s.id != me.id for s in ranked)
    assert all(s.reasons and s.score > 0 for s in ranked)
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)
    best = {s.id: s.score for s in ranked}
    for other in others:
        if other.id != me.id and other.id not in best and ranked and len(ranked) == 10:
            assert suggest.explain(me, other, tied, {}, {}).score <= ranked[-1].score


def test_a_tie_in_a_new_region_outranks_one_at_home() -> None:
    me = suggest.Person(id=1, region="mea", competencies=frozenset({"Strategy"}))
    home = suggest.Person(id=2, region="mea")
    away = suggest.Person(id=3, region="apac")
    shared = suggest.Person(id=4, region="apac", competencies=frozenset({"Strategy"}))

    ranked = suggest.rank(me, [home, away, shared], region_names={"apac": "Asia-Pacific"})

    assert [s.id for s in ranked] == [4, 3]
    assert ranked[0].reasons == ("You have no tie in Asia-Pacific yet", "You both work on Strategy")


def _connect(a: Any, b: Any) -> None:
    connection_request_answer(
        actor=b, request=connection_request_send(actor=a, other=b), accept=True
    )


def test_it_leaves_out_connections_blocks_guests_and_those_who_opted_out(
    member: Any, director: Any, facilitator: Any, guest: Any, community: Any
) -> None:
    quiet = make_user("quinn@acme.test", "Quinn Quiet", region="americas")
    join(quiet, community)
    NetworkSettings.objects.create(user=quiet, suggestable=False)
    blocked = make_user("bea@acme.test", "Bea Blocked", region="emea")
    join(blocked, community)
    block_create(user=blocked, other=member)
    _connect(member, director)

    found = [s.person for s in suggestions_for(user=member)]

    assert found == [facilitator]
    assert guest not in found
    assert suggestions_for(user=guest) == []


def test_the_reasons_name_a_shared_competency_and_the_missing_region(
    as_user: Any, member: Any, facilitator: Any, community: Any
) -> None:
    from salon.goals.models import Competency
    from salon.goals.services.goals import goal_create

    competency = Competency.objects.filter(community=community).first()
    if competency is None:
        competency = Competency.objects.create(community=community, name="Strategic thinking")
    for owner, visibility in ((member, "only_me"), (facilitator, "community")):
        goal_create(
            owner=owner,
            community=community,
            competency=competency,
            title="Grow",
            success_looks_like="Clear.",
            visibility=visibility,
        )

    [suggestion] = suggestions_for(user=member)

    assert suggestion.person == facilitator
    assert f"You both work on {competency.name}" in suggestion.reasons
    assert "You have no tie in Americas yet" in suggestion.reasons
    api = as_user(member).get("/api/v1/me/suggestions").json()
    assert api["items"][0]["person"]["name"] == "Fred Facilitator"
    assert "You have no tie in Americas yet" in api["items"][0]["reasons"]
    assert "You have no tie in Americas yet" in as_user(member).get("/network/").content.decode()


def test_opting_out_hides_a_member_from_everyone_elses_suggestions(
    as_user: Any, member: Any, facilitator: Any
) -> None:
    response = as_user(facilitator).post("/network/suggestions/", {"suggestable": ""})

    assert response.status_code == 302
    assert suggestions_for(user=member) == []
    as_user(facilitator).post("/network/suggestions/", {"suggestable": "on"})
    assert [s.person for s in suggestions_for(user=member)] == [facilitator]


def test_suggestions_cost_the_same_with_ten_times_the_members(
    as_user: Any, member: Any, community: Any
) -> None:
    client = as_user(member)

    def grow(n: int, start: int) -> None:
        for i in range(n):
            person = make_user(
                f"s{start + i}@acme.test", f"Suggested {start + i}", region=REGIONS[i % 4]
            )
            join(person, community, Role.MENTOR if i % 5 == 0 else Role.MEMBER)

    grow(5, 0)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/api/v1/me/suggestions").status_code == 200
    grow(45, 5)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/api/v1/me/suggestions").status_code == 200

    assert len(small) == len(large)
