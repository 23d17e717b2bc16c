"""Members start interest groups: a director approves each one, unless the community lets
members start them directly; the proposer leads it."""

from __future__ import annotations

from typing import Any

from conftest import client_for, join, make_user
from salon.communities.models import Circle, CircleMembership, Role
from salon.core.models import AuditEvent
from salon.notifications.models import Notification

PROPOSE = "/c/acme/circles/propose/"
PROPOSAL = {"name": "Women in leadership", "description": "Monthly, over breakfast."}


def test_a_member_proposes_a_group_that_waits_for_a_director(
    director: Any, member: Any, community: Any
) -> None:
    other = make_user("omar@acme.test", "Omar Other")
    join(other, community, Role.MEMBER)

    response = client_for(member).post(PROPOSE, PROPOSAL)

    assert response.status_code == 302
    group = Circle.objects.get(name="Women in leadership")
    assert (group.kind, group.awaiting_approval, group.is_private) == ("interest_group", True, True)
    assert CircleMembership.objects.get(circle=group).user == member
    assert CircleMembership.objects.get(circle=group).is_lead
    assert AuditEvent.objects.filter(action="communities.interest_group.proposed").exists()
    assert Notification.objects.filter(
        recipient=director, kind="communities.interest_group_proposed"
    ).exists()
    # Until approved, other members neither see nor find it.
    page = f"/c/acme/circles/{group.slug}/"
    assert client_for(other).get(page).status_code == 404
    assert "Women in leadership" not in client_for(other).get("/c/acme/circles/").content.decode()
    assert "Waiting for approval" in client_for(director).get("/c/acme/circles/").content.decode()
    assert "Approve it" in client_for(director).get(page).content.decode()
    assert "Approve it" not in client_for(member).get(page).content.decode()


def test_a_director_approves_it_and_members_can_join(
    director: Any, member: Any, community: Any
) -> None:
    other = make_user("omar@acme.test", "Omar Other")
    join(other, community, Role.MEMBER)
    client_for(member).post(PROPOSE, PROPOSAL)
    group = Circle.objects.get(name="Women in leadership")

    response = client_for(director).post(f"/c/acme/circles/{group.slug}/approve/")

    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.awaiting_approval, group.is_private) == (False, False)
    assert Notification.objects.filter(
        recipient=member, kind="communities.interest_group_approved"
    ).exists()
    joined = client_for(other).post(f"/c/acme/circles/{group.slug}/join/")
    assert joined.status_code == 302
    assert CircleMembership.objects.filter(circle=group, user=other).exists()


def test_only_a_director_approves(facilitator: Any, member: Any, community: Any) -> None:
    client_for(member).post(PROPOSE, PROPOSAL)
    group = Circle.objects.get(name="Women in leadership")

    assert client_for(facilitator).post(f"/c/acme/circles/{group.slug}/approve/").status_code == 403
    assert client_for(member).post(f"/c/acme/circles/{group.slug}/approve/").status_code == 403
    group.refresh_from_db()
    assert group.awaiting_approval


def test_a_declined_group_is_archived_not_lost(director: Any, member: Any) -> None:
    client_for(member).post(PROPOSE, PROPOSAL)
    group = Circle.objects.get(name="Women in leadership")

    client_for(director).post(f"/c/acme/circles/{group.slug}/decline/")

    group.refresh_from_db()
    assert group.archived_at is not None
    assert not group.awaiting_approval


def test_a_community_can_let_members_start_groups_without_approval(
    director: Any, member: Any, community: Any
) -> None:
    community.interest_groups_need_approval = False
    community.save()

    client_for(member).post(PROPOSE, PROPOSAL)

    group = Circle.objects.get(name="Women in leadership")
    assert (group.awaiting_approval, group.is_private) == (False, False)
    assert not Notification.objects.filter(kind="communities.interest_group_proposed").exists()
    assert AuditEvent.objects.filter(action="communities.interest_group.started").exists()


def test_the_proposer_leads_it_with_the_facilitators_tools(member: Any, community: Any) -> None:
    community.interest_groups_need_approval = False
    community.save()
    client_for(member).post(PROPOSE, PROPOSAL)
    group = Circle.objects.get(name="Women in leadership")

    assert client_for(member).get(f"/c/acme/circles/{group.slug}/health/").status_code == 200


def test_guests_do_not_propose_groups(guest: Any) -> None:
    assert client_for(guest).get(PROPOSE).status_code == 403
    assert client_for(guest).post(PROPOSE, PROPOSAL).status_code == 403
    assert not Circle.objects.filter(name="Women in leadership").exists()
