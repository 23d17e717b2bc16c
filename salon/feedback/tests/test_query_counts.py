"""The report, the cycle page and the director's heatmap cost the same number of queries
for ten people as for a hundred and more (built with bulk inserts)."""

from __future__ import annotations

from typing import Any

from conftest import client_for
from salon.accounts.models import User
from salon.communities.models import Membership, Role
from salon.feedback.models import Cycle, Nomination, Participant, RatedItem, Response
from salon.feedback.tests.conftest import open_cycle


def _grow(cycle: Cycle, reviewed: Participant, *, start: int, count: int) -> None:
    """``count`` more people, each reviewed in the cycle (with their own view and three
    peers' answers) and each a peer who answered about ``reviewed``."""
    users = User.objects.bulk_create(
        User(email=f"r{n}@acme.test", name=f"Rater {n:04d}") for n in range(start, start + count)
    )
    Membership.objects.bulk_create(
        Membership(community=cycle.community, user=u, role=Role.MEMBER) for u in users
    )
    participants = Participant.objects.bulk_create(
        Participant(cycle=cycle, person=u, nominations_status="approved") for u in users
    )
    items = list(RatedItem.objects.filter(cycle=cycle).values_list("pk", flat=True))
    nominations, responses = [], []
    for n, (user, participant) in enumerate(zip(users, participants, strict=True)):
        nominations.append(
            Nomination(participant=reviewed, rater=user, group="peers", answered=True)
        )
        nominations.append(
            Nomination(participant=participant, rater=user, group="self", answered=True)
        )
        scores = {str(i): 1 + (n + k) % 5 for k, i in enumerate(items)}
        responses.append(
            Response(participant=reviewed, group="peers", scores=scores, comments=[f"c{n}", ""])
        )
        responses.append(
            Response(participant=participant, group="self", scores=scores, comments=["", ""])
        )
        for _k in range(3):
            responses.append(
                Response(participant=participant, group="peers", scores=scores, comments=["", ""])
            )
    Nomination.objects.bulk_create(nominations)
    Response.objects.bulk_create(responses)


def _world(director: Any, member: Any, community: Any) -> tuple[Cycle, Participant]:
    cycle = open_cycle(director, community, [member])
    Cycle.objects.filter(pk=cycle.pk).update(status="closed")
    cycle.refresh_from_db()
    return cycle, Participant.objects.get(cycle=cycle, person=member)


def test_the_report_costs_the_same_for_10_or_100_raters(
    director: Any,
    member: Any,
    community: Any,
    django_assert_max_num_queries: Any,
    django_assert_num_queries: Any,
) -> None:
    cycle, reviewed = _world(director, member, community)
    _grow(cycle, reviewed, start=0, count=10)
    client = client_for(member)
    url = f"/feedback/reports/{reviewed.pk}/"
    client.get(url)
    # session, user, memberships, the participant (cycle, community, person), who it is
    # shared with, the audit row, rated items, responses, the previous cycle, gap goals,
    # the person's mentors, the bell's unread count, and the savepoint around the audit
    with django_assert_max_num_queries(16) as small:
        assert client.get(url).status_code == 200
    _grow(cycle, reviewed, start=10, count=90)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["view"].report.groups["peers"] == 100


def test_the_cycle_page_costs_the_same_for_10_or_100_people(
    director: Any,
    member: Any,
    community: Any,
    django_assert_max_num_queries: Any,
    django_assert_num_queries: Any,
) -> None:
    cycle, reviewed = _world(director, member, community)
    _grow(cycle, reviewed, start=0, count=10)
    client = client_for(director)
    url = f"/feedback/cycles/{cycle.pk}/"
    client.get(url)
    # session, user, memberships, the cycle (with "viewer involved"), rated items, the
    # progress table (counts annotated), own participation, own invitations, the bell
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    _grow(cycle, reviewed, start=10, count=90)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["progress"]) == 101
    assert "100 / 100" in response.content.decode()


def test_the_heatmap_costs_the_same_for_10_or_100_people(
    director: Any,
    member: Any,
    community: Any,
    django_assert_max_num_queries: Any,
    django_assert_num_queries: Any,
) -> None:
    cycle, reviewed = _world(director, member, community)
    _grow(cycle, reviewed, start=0, count=10)
    client = client_for(director)
    url = f"/c/{community.slug}/feedback/overview/"
    client.get(url)
    # session, user, memberships, community, closed cycles, then per cycle: rated items,
    # responses, people, nomination counts; competencies, the bell
    with django_assert_max_num_queries(14) as small:
        assert client.get(url).status_code == 200
    _grow(cycle, reviewed, start=10, count=90)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    overview = response.context["overview"].latest
    assert overview.view.people == 101
    assert overview.completion is not None


def test_the_feedback_page_of_a_community_costs_the_same_for_10_or_100_people(
    director: Any, member: Any, community: Any, django_assert_max_num_queries: Any
) -> None:
    cycle, reviewed = _world(director, member, community)
    _grow(cycle, reviewed, start=0, count=10)
    client = client_for(member)
    url = f"/c/{community.slug}/feedback/"
    client.get(url)
    with django_assert_max_num_queries(14) as small:
        assert client.get(url).status_code == 200
    _grow(cycle, reviewed, start=10, count=90)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
