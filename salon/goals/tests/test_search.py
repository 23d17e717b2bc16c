"""Goals and shared objectives in search: each found by exactly whom the policy lets see
it, level by level, with the answer following changes of visibility, partner and mentor
without any reindexing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from conftest import client_for
from salon.core import search
from salon.core.models import SearchDocument
from salon.core.permissions import can
from salon.core.tests.search_world import allowed, key
from salon.goals.models import Goal
from salon.goals.services.goals import goal_update
from salon.goals.services.objectives import KeyResultPlan, objective_create
from salon.goals.tests.test_visibility import SEEN_BY, VIEWERS


@pytest.fixture
def people(
    member: Any,
    peer: Any,
    stranger: Any,
    facilitator: Any,
    director: Any,
    guest: Any,
    outsider: Any,
) -> dict[str, Any]:
    return {
        "member": member,
        "peer": peer,
        "stranger": stranger,
        "facilitator": facilitator,
        "director": director,
        "guest": guest,
        "outsider": outsider,
    }


def _titles(user: Any, text: str, kind: str = "") -> set[str]:
    return {hit.title for hit in search.search(user=user, text=text, kind=kind)[0:100]}


def _found_by(people: dict[str, Any], text: str) -> set[str]:
    return {name for name, user in people.items() if _titles(user, text, "goal")}


# Personal goals, level by level -------------------------------------------------------------


@pytest.mark.parametrize("level", list(SEEN_BY))
def test_each_level_is_found_in_search_by_exactly_its_audience(
    people: dict[str, Any], make_goal: Any, level: str
) -> None:
    goal = make_goal(level, title=f"Zanzibar {level} negotiation")

    for name in VIEWERS:
        client = client_for(people[name])
        page = client.get("/search/", {"q": "zanzibar"}).content.decode()
        api = client.get("/api/v1/search", {"q": "zanzibar"}).json()
        seen = name in SEEN_BY[level]
        assert (f"{level} negotiation" in page) is seen, f"{level} page for {name}"
        assert (f'href="{goal.get_absolute_url()}"' in page) is seen, f"{level} link for {name}"
        assert api["count"] == (1 if seen else 0), f"{level} API for {name}"
        for hit in search.search(user=people[name], text="zanzibar")[0:10]:
            assert allowed(people[name], hit.document)


def test_a_goal_hit_links_to_the_goal_and_shows_its_words_as_plain_text(
    member: Any, peer: Any, make_goal: Any
) -> None:
    goal = make_goal(
        "circle",
        title="Coach the Lagos team",
        success_looks_like="The <b>Lagos</b> team runs its own **quarterly** review.",
    )

    response = client_for(peer).get("/api/v1/search", {"q": "lagos"})

    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["kind"] == "goal"
    assert item["kind_label"] == "Personal goal"
    assert item["url"] == f"http://testserver{goal.get_absolute_url()}"
    assert item["title_html"] == "Coach the <mark>Lagos</mark> team"
    assert item["snippet_html"] == (
        "The &lt;b&gt;<mark>Lagos</mark>&lt;/b&gt; team runs its own **quarterly** review."
    )
    assert item["tags"] == ["Developing others"]
    assert item["circle"] == "EMEA Chapter"
    page = client_for(peer).get("/search/", {"q": "lagos"}).content.decode()
    assert f'href="{goal.get_absolute_url()}"' in page
    assert "<b>Lagos</b>" not in page


def test_changing_a_goals_visibility_changes_who_finds_it(
    member: Any, people: dict[str, Any], make_goal: Any, circle: Any, committed: Any
) -> None:
    goal = make_goal("community", title="Zanzibar board review")
    assert _found_by(people, "zanzibar") == SEEN_BY["community"]

    committed(goal_update, actor=member, goal=goal, visibility="only_me")
    assert _found_by(people, "zanzibar") == SEEN_BY["only_me"]

    committed(goal_update, actor=member, goal=goal, visibility="circle", circle=circle)
    assert _found_by(people, "zanzibar") == SEEN_BY["circle"]
    assert SearchDocument.objects.get(kind="goal", object_id=goal.pk).circle_id == circle.pk

    committed(goal_update, actor=member, goal=goal, visibility="mentor")
    assert _found_by(people, "zanzibar") == SEEN_BY["mentor"]
    assert SearchDocument.objects.get(kind="goal", object_id=goal.pk).circle_id is None


def test_an_edit_is_found_by_its_new_words_and_not_its_old_ones(
    member: Any, peer: Any, make_goal: Any, committed: Any
) -> None:
    goal = make_goal("community", title="Zanzibar board review")

    committed(goal_update, actor=member, goal=goal, title="Nairobi board review")

    assert _titles(peer, "zanzibar") == set()
    assert _titles(peer, "nairobi") == {"Nairobi board review"}


def test_the_accountability_partner_finds_the_goal_at_every_level_until_replaced(
    member: Any, stranger: Any, peer: Any, make_goal: Any, committed: Any
) -> None:
    goal = make_goal("only_me", title="Zanzibar delegation", partner=stranger)

    assert _titles(stranger, "zanzibar") == {"Zanzibar delegation"}
    assert _titles(peer, "zanzibar") == set()

    committed(goal_update, actor=member, goal=goal, partner=peer)

    assert _titles(stranger, "zanzibar") == set()
    assert _titles(peer, "zanzibar") == {"Zanzibar delegation"}


def _mentoring(mentee: Any, mentor: Any, community: Any) -> Any:
    """An active mentorship in a programme of the community (the mentoring app's models)."""
    from salon.mentoring.models import Mentorship, Programme

    programme = Programme.objects.create(
        community=community,
        name="Mentoring",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        status="active",
    )
    return Mentorship.objects.create(
        programme=programme, mentee=mentee, mentor=mentor, started_at=timezone.now()
    )


def test_mentors_find_goals_shared_with_them_as_the_mentoring_relation_says_now(
    member: Any, stranger: Any, peer: Any, make_goal: Any, community: Any
) -> None:
    make_goal("mentor", title="Zanzibar succession plan")
    make_goal("only_me", title="Zanzibar private plan")
    assert _titles(stranger, "zanzibar") == set()

    # Sam starts mentoring Maya. Nothing is reindexed.
    mentorship = _mentoring(member, stranger, community)

    found = search.search(user=stranger, text="zanzibar")[0:10]
    assert [hit.title for hit in found] == ["Zanzibar succession plan"]
    assert all(allowed(stranger, hit.document) for hit in found)
    assert _titles(peer, "zanzibar") == set()

    mentorship.status = "ended_early"  # the mentoring ends
    mentorship.save()

    assert _titles(stranger, "zanzibar") == set()


def test_a_goal_leaves_search_when_it_is_deleted_and_its_tag_follows_a_renamed_competency(
    member: Any, director: Any, peer: Any, make_goal: Any, competency: Any
) -> None:
    from salon.goals.services.competencies import competency_update

    goal = make_goal("community", title="Zanzibar review")
    competency_update(
        actor=director,
        competency=competency,
        name="Growing others",
        description="",
        position=competency.position,
    )
    assert SearchDocument.objects.get(kind="goal", object_id=goal.pk).tags == ["Growing others"]
    assert _titles(peer, "growing") == {"Zanzibar review"}

    Goal.objects.filter(pk=goal.pk).delete()

    assert not SearchDocument.objects.filter(kind="goal").exists()
    assert _titles(peer, "zanzibar") == set()


def test_reindexing_rebuilds_goals_and_objectives(
    member: Any, make_goal: Any, objective: Any
) -> None:
    make_goal("community", title="Zanzibar review")
    SearchDocument.objects.filter(kind__in=["goal", "objective"]).delete()

    counts = search.reindex(["goal", "objective"])

    assert counts == {"goal": 1, "objective": 1}
    assert _titles(member, "zanzibar") == {"Zanzibar review"}
    body = SearchDocument.objects.get(kind="objective").body
    assert "Members mentoring someone" in body


# Shared objectives ------------------------------------------------------------------------


def test_objectives_are_found_with_their_key_results_by_whoever_sees_them(
    people: dict[str, Any], objective: Any, director: Any, community: Any, private_circle: Any
) -> None:
    objective_create(
        actor=director,
        community=community,
        circle=private_circle,
        title="Renew the board's charter",
        period="2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        key_results=[KeyResultPlan(title="Charter mentoring clause agreed", kind="done")],
    )

    found = {name: _titles(user, "mentoring", "objective") for name, user in people.items()}

    everyone = {"Grow the next generation of leaders"}
    both = everyone | {"Renew the board's charter"}
    assert found == {
        "member": everyone,
        "peer": everyone,
        "stranger": everyone,
        "guest": everyone,
        "facilitator": both,
        "director": both,
        "outsider": set(),
    }
    for user in people.values():
        for hit in search.search(user=user, text="mentoring")[0:10]:
            assert allowed(user, hit.document)


def test_an_objective_hit_links_to_it_and_follows_it_into_the_archive(
    member: Any, director: Any, objective: Any, committed: Any
) -> None:
    from salon.goals.services.objectives import objective_archive

    [hit] = search.search(user=member, text="retire")[0:10]
    assert hit.url == f"/c/acme/objectives/#objective-{objective.pk}"
    assert str(hit.snippet_html).startswith("Half our executives <mark>retire</mark>")

    committed(objective_archive, actor=director, objective=objective)

    [hit] = search.search(user=member, text="retire")[0:10]
    assert hit.url == f"/c/acme/objectives/?archived=1#objective-{objective.pk}"
    assert f"objective-{objective.pk}" in client_for(member).get(hit.url).content.decode()


def test_a_new_or_renamed_key_result_is_found_in_its_objective(
    member: Any, director: Any, objective: Any
) -> None:
    from salon.goals.services.objectives import key_result_create, key_result_edit

    key_result_create(
        actor=director, objective=objective, plan=KeyResultPlan(title="Zanzibar cohort", target=9)
    )
    assert _titles(member, "zanzibar") == {objective.title}

    kr = objective.key_results.get(title="Zanzibar cohort")
    key_result_edit(actor=director, key_result=kr, expected_version=kr.version, title="Oslo cohort")

    assert _titles(member, "zanzibar") == set()
    assert _titles(member, "oslo") == {objective.title}


# Agreement with the policy ----------------------------------------------------------------


def test_everyone_finds_exactly_the_goals_and_objectives_the_policy_lets_them_see(
    people: dict[str, Any],
    member: Any,
    peer: Any,
    stranger: Any,
    make_goal: Any,
    objective: Any,
    director: Any,
    community: Any,
    circle: Any,
    private_circle: Any,
) -> None:
    """Every level, owned by several people, with partners and a mentor; every hit asked
    of ``can()``, and every document that was not a hit too."""
    _mentoring(member, stranger, community)
    for owner in (member, peer):
        for level in SEEN_BY:
            make_goal(level, owner=owner, title=f"Zanzibar {level} of {owner.name}")
    make_goal("only_me", owner=peer, title="Zanzibar partnered", partner=director)
    objective_create(
        actor=director,
        community=community,
        circle=circle,
        title="Zanzibar chapter objective",
        period="2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    objective_create(
        actor=director,
        community=community,
        circle=private_circle,
        title="Zanzibar board objective",
        period="2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    everything = list(
        SearchDocument.objects.filter(kind__in=["goal", "objective"]).select_related(
            "community", "circle"
        )
    )
    assert len(everything) == 12

    views = set()
    for name, user in people.items():
        fresh = type(user).objects.get(pk=user.pk)  # nothing remembered from the set-up
        found = {key(hit.document) for hit in search.search(user=fresh, text="zanzibar")[0:100]}
        expected = {
            key(d) for d in everything if d.title.startswith("Zanzibar") and allowed(fresh, d)
        }
        assert found == expected, name
        views.add(frozenset(found))
    # A world where everyone saw the same would prove nothing.
    assert len(views) >= 6
    assert can(stranger, "goal.view", Goal.objects.get(title="Zanzibar mentor of Maya Member"))
