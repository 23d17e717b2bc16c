"""The person running a cycle sets how many raters each group has, and the "raters chosen
by" date closes the lists for the people reviewed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from conftest import client_for
from salon.feedback.models import Cycle, Nomination, Participant
from salon.feedback.tests.conftest import open_cycle, people
from salon.feedback.tests.test_cycle_flow import _form


def test_a_facilitator_asks_for_four_to_six_peers_and_no_direct_reports(
    facilitator: Any, member: Any, community: Any
) -> None:
    client = client_for(facilitator)
    page = client.get(f"/c/{community.slug}/feedback/new/").content.decode()
    assert "Raters per group" in page
    assert "Peers: fewest" in page

    response = client.post(
        f"/c/{community.slug}/feedback/new/",
        _form(community, people=[member.pk])
        | {
            "raters-peers_min": 4,
            "raters-peers_max": 6,
            "raters-direct_reports_min": 0,
            "raters-direct_reports_max": 0,
        },
    )

    assert response.status_code == 302
    limits = Cycle.objects.get().group_limits
    assert limits["peers"] == [4, 6]
    assert limits["direct_reports"] == [0, 0]
    assert limits["manager"] == [0, 1]  # left as suggested


def test_a_fewest_above_the_most_is_refused_and_no_cycle_is_opened(
    facilitator: Any, member: Any, community: Any
) -> None:
    response = client_for(facilitator).post(
        f"/c/{community.slug}/feedback/new/",
        _form(community, people=[member.pk]) | {"raters-peers_min": 7, "raters-peers_max": 5},
    )

    assert response.status_code == 400
    assert "Peers: the fewest can&#x27;t be more than the most." in response.content.decode()
    assert not Cycle.objects.exists()


def test_the_api_takes_limits_per_group_and_keeps_the_default_for_the_rest(
    facilitator: Any, member: Any, community: Any
) -> None:
    payload = {
        "title": "API 360",
        "competencies": [c.pk for c in community.competencies.all()[:1]],
        "questions": ["Keep?", "Change?"],
        "people": [member.pk],
        "opens_on": str(date.today()),
        "nominations_close_on": str(date.today() + timedelta(days=7)),
        "closes_on": str(date.today() + timedelta(days=21)),
        "group_limits": {"peers": [5, 9]},
    }
    client = client_for(facilitator)
    url = f"/api/v1/communities/{community.slug}/feedback-cycles"

    created = client.post(url, payload, content_type="application/json")
    refused = client.post(
        url, payload | {"group_limits": {"peers": [2, 40]}}, content_type="application/json"
    )

    assert created.status_code == 201
    assert Cycle.objects.get().group_limits["peers"] == [5, 9]
    assert Cycle.objects.get().group_limits["mentor"] == [0, 2]
    assert refused.status_code in {400, 422}
    assert Cycle.objects.count() == 1


def test_after_the_date_a_member_can_no_longer_change_their_raters(
    director: Any, member: Any, community: Any
) -> None:
    today = date.today()
    cycle = open_cycle(
        director,
        community,
        [member],
        opens_on=today - timedelta(days=10),
        nominations_close_on=today - timedelta(days=1),
    )
    participant = Participant.objects.get(cycle=cycle, person=member)
    (colleague,) = people(community, 1, "late")
    client = client_for(member)

    page = client.get(f"/feedback/people/{participant.pk}/raters/")
    response = client.post(
        f"/feedback/people/{participant.pk}/raters/", {"rater": colleague.pk, "group": "peers"}
    )

    assert page.status_code == 200
    assert "Raters were to be chosen by" in page.content.decode()
    assert response.status_code == 403
    assert not Nomination.objects.filter(participant=participant, rater=colleague).exists()


def test_after_the_date_the_person_running_the_cycle_approves_a_list_never_sent(
    director: Any, member: Any, community: Any
) -> None:
    today = date.today()
    cycle = open_cycle(
        director,
        community,
        [member],
        opens_on=today - timedelta(days=10),
        nominations_close_on=today - timedelta(days=1),
    )
    participant = Participant.objects.get(cycle=cycle, person=member)

    response = client_for(director).post(f"/feedback/people/{participant.pk}/raters/approve/")

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.nominations_status == "approved"
