from __future__ import annotations

from typing import Any

from conftest import client_for, join, make_user
from salon.communities.models import Membership, Role
from salon.core.models import AuditEvent


def _membership(user: Any) -> Membership:
    return Membership.objects.get(user=user)


def test_a_director_makes_a_member_a_mentor(director: Any, member: Any) -> None:
    response = client_for(director).post(
        f"/c/acme/members/{_membership(member).pk}/role/", {"role": "mentor"}
    )

    assert response.status_code == 302
    assert _membership(member).role == Role.MENTOR
    event = AuditEvent.objects.get(action="communities.membership.role_changed")
    assert event.details == {"user": member.email, "old": "member", "new": "mentor"}
    assert event.actor == director


def test_a_facilitator_may_not_change_roles(facilitator: Any, member: Any) -> None:
    response = client_for(facilitator).post(
        f"/c/acme/members/{_membership(member).pk}/role/", {"role": "director"}
    )

    assert response.status_code == 403
    assert _membership(member).role == Role.MEMBER


def test_the_last_director_cannot_step_down(director: Any) -> None:
    client = client_for(director)

    response = client.post(f"/c/acme/members/{_membership(director).pk}/role/", {"role": "member"})

    assert response.status_code == 302
    assert _membership(director).role == Role.DIRECTOR
    assert "at least one director" in client.get("/c/acme/members/").content.decode()


def test_a_second_director_lets_the_first_step_down(director: Any, community: Any) -> None:
    other = make_user("ola@acme.test", "Ola Other")
    join(other, community, Role.DIRECTOR)

    client_for(director).post(
        f"/c/acme/members/{_membership(director).pk}/role/", {"role": "member"}
    )

    assert _membership(director).role == Role.MEMBER


def test_a_director_removes_a_member_who_then_sees_nothing(
    director: Any, member: Any, circle: Any
) -> None:
    response = client_for(director).post(f"/c/acme/members/{_membership(member).pk}/remove/")

    assert response.status_code == 302
    assert not Membership.objects.filter(user=member).exists()
    assert not circle.circle_memberships.filter(user=member).exists()
    assert AuditEvent.objects.filter(action="communities.membership.removed").exists()
    assert client_for(member).get("/c/acme/").status_code == 404


def test_a_member_leaves_a_community(member: Any) -> None:
    response = client_for(member).post("/c/acme/leave/")

    assert response.status_code == 302
    assert not Membership.objects.filter(user=member).exists()


def test_an_invalid_role_is_refused(director: Any, member: Any) -> None:
    response = client_for(director).post(
        f"/c/acme/members/{_membership(member).pk}/role/", {"role": "emperor"}
    )

    assert response.status_code == 302
    assert _membership(member).role == Role.MEMBER


def test_the_members_page_shows_pending_invitations_and_requests(
    director: Any, member: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(director)
    client.post("/c/acme/invite/", {"email": "new@acme.test", "role": "member"})

    with django_assert_max_num_queries(12):
        page = client.get("/c/acme/members/")

    body = page.content.decode()
    assert "new@acme.test" in body
    assert "Maya Member" in body
