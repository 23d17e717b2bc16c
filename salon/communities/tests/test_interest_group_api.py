"""Interest groups through the API, with the pages' rules: a member proposes one and
leads it, a director approves or declines it, and members join it once it is open."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import client_for, join, make_user
from salon.communities.models import Circle, CircleMembership, Role
from salon.notifications.models import Notification

GROUPS = "/api/v1/communities/acme/interest-groups"
PROPOSAL = {"name": "Women in leadership", "description": "Monthly, over breakfast."}


def _propose(user: Any) -> Any:
    return client_for(user).post(GROUPS, PROPOSAL, content_type="application/json")


def test_a_member_proposes_a_group_that_waits_for_a_director(
    director: Any, member: Any, community: Any
) -> None:
    other = make_user("omar@acme.test", "Omar Other")
    join(other, community, Role.MEMBER)

    response = _propose(member)

    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["awaiting_approval"], body["leads"]) == (
        "Women in leadership",
        True,
        [member.pk],
    )
    assert body["is_member"] is True
    assert Notification.objects.filter(
        recipient=director, kind="communities.interest_group_proposed"
    ).exists()
    # Only the proposer and the stewards know of it until it is approved.
    assert [g["name"] for g in client_for(director).get(GROUPS).json()["items"]] == [
        "Women in leadership"
    ]
    assert client_for(other).get(GROUPS).json()["items"] == []
    assert client_for(other).post(f"/api/v1/interest-groups/{body['id']}/join").status_code == 404


def test_a_director_approves_it_and_another_member_joins(
    director: Any, member: Any, community: Any
) -> None:
    other = make_user("omar@acme.test", "Omar Other")
    join(other, community, Role.MEMBER)
    group_id = _propose(member).json()["id"]

    approved = client_for(director).post(f"/api/v1/interest-groups/{group_id}/approve")

    assert approved.status_code == 200
    assert approved.json()["awaiting_approval"] is False
    assert Notification.objects.filter(
        recipient=member, kind="communities.interest_group_approved"
    ).exists()
    listed = client_for(other).get(GROUPS).json()["items"]
    assert [(g["id"], g["may_join"]) for g in listed] == [(group_id, True)]
    joined = client_for(other).post(f"/api/v1/interest-groups/{group_id}/join")
    assert joined.status_code == 200
    assert (joined.json()["member_count"], joined.json()["is_member"]) == (2, True)
    assert CircleMembership.objects.filter(circle_id=group_id, user=other).exists()
    again = client_for(other).post(f"/api/v1/interest-groups/{group_id}/join")
    assert again.status_code == 403


def test_only_a_director_approves_or_declines(director: Any, facilitator: Any, member: Any) -> None:
    group_id = _propose(member).json()["id"]

    for user in (facilitator, member):
        assert (
            client_for(user).post(f"/api/v1/interest-groups/{group_id}/approve").status_code == 403
        )
        assert (
            client_for(user).post(f"/api/v1/interest-groups/{group_id}/decline").status_code == 403
        )

    declined = client_for(director).post(f"/api/v1/interest-groups/{group_id}/decline")

    assert declined.status_code == 200
    assert declined.json()["archived"] is True
    group = Circle.objects.get(pk=group_id)
    assert (group.awaiting_approval, group.is_archived) == (False, True)
    # Decided once: it cannot be approved after all.
    assert (
        client_for(director).post(f"/api/v1/interest-groups/{group_id}/approve").status_code == 403
    )


def test_a_community_that_needs_no_approval_opens_the_group_at_once(
    member: Any, community: Any
) -> None:
    community.interest_groups_need_approval = False
    community.save()

    body = _propose(member).json()

    assert body["awaiting_approval"] is False


def test_a_guest_cannot_propose_and_a_blank_name_is_refused(guest: Any, member: Any) -> None:
    assert _propose(guest).status_code == 403
    blank = client_for(member).post(
        GROUPS, {"name": "   ", "description": ""}, content_type="application/json"
    )
    assert blank.status_code == 422
    assert not Circle.objects.filter(kind="interest_group").exists()


def test_other_circles_are_not_interest_groups(member: Any, circle: Any) -> None:
    assert client_for(member).post(f"/api/v1/interest-groups/{circle.pk}/join").status_code == 404


@pytest.mark.parametrize("groups", [1, 12])
def test_the_list_costs_the_same_queries_for_many_groups(
    member: Any, community: Any, django_assert_max_num_queries: Any, groups: int
) -> None:
    community.interest_groups_need_approval = False
    community.save()
    client = client_for(member)
    for n in range(groups):
        client.post(GROUPS, {"name": f"Group {n}"}, content_type="application/json")

    # Session and user, the memberships, the circles with their counts, their leads; the
    # policy's answers read what those brought. Twelve groups cost what one does.
    with django_assert_max_num_queries(6):
        assert len(client.get(GROUPS).json()["items"]) == groups
