""" "For you": ranked from the member's goals and what peers found useful, never what they
did or hid, each with its reason."""

from __future__ import annotations

import random
from typing import Any

from salon.goals.models import Competency
from salon.goals.services.goals import goal_create
from salon.resources import recommend
from salon.resources.models import Mark


def _goal(member: Any, community: Any, competency: Any, title: str) -> Any:
    return goal_create(
        owner=member,
        community=community,
        competency=competency,
        title=title,
        success_looks_like="Clear.",
        visibility="only_me",
    )


def test_a_resource_on_the_competency_of_a_goal_comes_first_and_says_why(
    as_user: Any, member: Any, director: Any, community: Any, competency: Any, publish: Any
) -> None:
    other = Competency.objects.get_or_create(community=community, name="Building trust")[0]
    _goal(member, community, competency, "Lead through ambiguity")
    popular = publish(title="Popular but off-goal", competencies=[other])
    Mark.objects.create(resource=popular, user=director, kind="useful")
    publish(title="Scenario planning", competencies=[competency])

    found = as_user(member).get("/api/v1/me/recommendations").json()

    assert found[0]["title"] == "Scenario planning"
    assert found[0]["reason"] == (
        "Because your goal “Lead through ambiguity” is about Strategic thinking"
    )
    page = as_user(member).get("/c/acme/library/").content.decode()
    assert "For you" in page
    assert "Lead through ambiguity" in page


def test_what_peers_in_my_circles_found_useful_is_recommended_with_how_many(
    as_user: Any, member: Any, facilitator: Any, circle: Any, publish: Any
) -> None:
    from salon.communities.models import CircleMembership

    CircleMembership.objects.create(circle=circle, user=facilitator)
    liked = publish(title="Board pack template", kind="template")
    Mark.objects.create(resource=liked, user=facilitator, kind="useful")

    found = as_user(member).get("/api/v1/me/recommendations").json()

    assert [(r["title"], r["reason"]) for r in found] == [
        ("Board pack template", "1 person in your circles found it useful")
    ]


def test_done_and_hidden_never_come_back(
    as_user: Any, member: Any, community: Any, competency: Any, publish: Any
) -> None:
    _goal(member, community, competency, "Think further ahead")
    done = publish(title="Already read", competencies=[competency])
    hidden = publish(title="Not for me", competencies=[competency])
    publish(title="Still new", competencies=[competency])
    Mark.objects.create(resource=done, user=member, kind="done")
    client = as_user(member)

    response = client.delete(f"/api/v1/me/recommendations/resource/{hidden.pk}")

    assert response.status_code == 204
    titles = [r["title"] for r in client.get("/api/v1/me/recommendations").json()]
    assert titles == ["Still new"]


def test_nobody_is_recommended_what_they_may_not_see(
    as_user: Any, member: Any, community: Any, competency: Any, publish: Any, private_circle: Any
) -> None:
    _goal(member, community, competency, "Think further ahead")
    secret = publish(title="Board only", competencies=[competency], circle=private_circle)

    assert as_user(member).get("/api/v1/me/recommendations").json() == []
    assert (
        as_user(member).delete(f"/api/v1/me/recommendations/resource/{secret.pk}").status_code
        == 404
    )


def _precision(ranked: list[recommend.Candidate], wanted: set[int], k: int = 5) -> float:
    top = ranked[:k]
    return sum(1 for c in top if c.competency_ids & wanted) / max(1, len(top))


def test_offline_the_ranking_matches_goal_competencies_more_often_than_popularity() -> None:
    """On 200 made-up members and a 300-item library: how often the top five build a
    competency of one of the member's goals, ranked by us or by popularity alone."""
    rng = random.Random(7)
    competencies = list(range(10))
    library = [
        recommend.Candidate(
            "resource",
            n,
            f"r{n}",
            frozenset(rng.sample(competencies, rng.choice([1, 1, 2]))),
            peer_useful=rng.choice([0, 0, 0, 1, 2]),
            useful=int(rng.paretovariate(1.2)),
        )
        for n in range(300)
    ]
    popular = sorted(library, key=lambda c: (-c.useful, c.id))
    ours_total = baseline_total = 0.0
    for _member in range(200):
        wanted = set(rng.sample(competencies, 2))
        signals = recommend.Signals(goals=[recommend.Goal(f"g{c}", c, f"c{c}") for c in wanted])
        ours = [r.candidate for r in recommend.rank(library, signals, limit=5)]
        ours_total += _precision(ours, wanted)
        baseline_total += _precision(popular, wanted)

    ours_rate, baseline_rate = ours_total / 200, baseline_total / 200
    assert ours_rate > 0.95
    assert ours_rate > baseline_rate + 0.4


def test_home_shows_what_is_for_me_and_not_for_me_hides_it(
    as_user: Any, member: Any, community: Any, competency: Any, publish: Any
) -> None:
    _goal(member, community, competency, "Lead through ambiguity")
    resource = publish(title="Scenario planning", competencies=[competency])
    client = as_user(member)

    home = client.get("/home/").content.decode()
    assert "Scenario planning" in home
    assert "Because your goal “Lead through ambiguity” is about Strategic thinking" in home

    response = client.post("/c/acme/library/for-you/hide/", {"kind": "resource", "id": resource.pk})

    assert response.status_code == 302
    after = client.get("/home/").content.decode()
    assert "recommend “Scenario planning” again." in after  # the confirmation
    assert f'href="/resources/{resource.pk}/"' not in after
