"""Directory groups lead to communities and circles: members join and leave with them."""

from __future__ import annotations

from typing import Any

from conftest import client_for
from salon.accounts.models import User
from salon.communities.models import Circle, CircleMembership, Community, Membership, Role
from salon.core.models import AuditEvent
from salon.scim.models import ScimGroup
from salon.scim.services import group_link
from salon.scim.tests.conftest import Directory


def _people(directory: Directory, *names: str) -> list[str]:
    return [
        directory.create_user(f"{n}@corp.test", timezone="Europe/Paris").json()["id"] for n in names
    ]


def test_members_of_a_group_linked_to_a_circle_join_it_and_its_community(
    directory: Directory, community: Community, circle: Circle, it_admin: User
) -> None:
    ana, ben = _people(directory, "ana", "ben")
    group_id = directory.create_group("EMEA leaders", [ana]).json()["id"]
    group_link(
        actor=it_admin,
        group=ScimGroup.objects.get(scim_id=group_id),
        community=None,
        role=Role.MEMBER,
        circle=circle,
    )
    assert CircleMembership.objects.filter(circle=circle, user_id=ana).exists()

    added = directory.patch(
        f"Groups/{group_id}", {"op": "add", "path": "members", "value": [{"value": ben}]}
    )

    assert added.status_code in (200, 204)
    assert Membership.objects.filter(community=community, user_id=ben, role=Role.MEMBER).exists()
    assert CircleMembership.objects.filter(circle=circle, user_id=ben).exists()
    assert client_for(User.objects.get(pk=ben)).get("/c/acme/circles/emea/").status_code == 200

    removed = directory.patch(
        f"Groups/{group_id}", {"op": "remove", "path": f'members[value eq "{ben}"]'}
    )

    assert removed.status_code in (200, 204)
    assert not CircleMembership.objects.filter(circle=circle, user_id=ben).exists()
    assert not Membership.objects.filter(community=community, user_id=ben).exists()
    assert AuditEvent.objects.filter(action="scim.membership.removed")
    members = directory.get(f"Groups/{group_id}").json()["members"]
    assert [m["value"] for m in members] == [ana]


def test_a_group_gives_its_role_and_leaves_memberships_made_by_hand_alone(
    directory: Directory, community: Community, member: User, it_admin: User
) -> None:
    (ana,) = _people(directory, "ana")
    maya = directory.create_user("maya", emails=[{"value": member.email}]).json()["id"]
    group_id = directory.create_group("Programme office", [ana, maya]).json()["id"]
    group = ScimGroup.objects.get(scim_id=group_id)

    group_link(actor=it_admin, group=group, community=community, role=Role.FACILITATOR, circle=None)

    assert Membership.objects.get(community=community, user_id=ana).role == Role.FACILITATOR
    # Maya was a member before: provisioning did not make her membership, nor changes it.
    assert Membership.objects.get(community=community, user=member).role == Role.MEMBER
    directory.send(
        "PUT",
        f"Groups/{group_id}",
        {"schemas": [group.document["schemas"][0]], "displayName": "Programme office"},
    )
    assert not Membership.objects.filter(community=community, user_id=ana).exists()
    assert Membership.objects.filter(community=community, user=member).exists()


def test_deleting_a_group_takes_away_what_it_gave(
    directory: Directory, community: Community, it_admin: User
) -> None:
    (ana,) = _people(directory, "ana")
    group_id = directory.create_group("Leaders", [ana]).json()["id"]
    group = ScimGroup.objects.get(scim_id=group_id)
    group_link(actor=it_admin, group=group, community=community, role=Role.MEMBER, circle=None)

    response = directory.client.delete(f"/scim/v2/Groups/{group_id}")

    assert response.status_code == 204
    assert not Membership.objects.filter(community=community, user_id=ana).exists()
    assert directory.get(f"Groups/{group_id}").status_code == 404


def test_groups_filter_by_name_and_member(directory: Directory) -> None:
    ana, ben = _people(directory, "ana", "ben")
    directory.create_group("EMEA leaders", [ana])
    directory.create_group("APAC leaders", [ben])

    def names(expression: str) -> list[str]:
        found = directory.get("Groups", data={"filter": expression, "sortBy": "displayName"})
        assert found.status_code == 200, found.content
        return [g["displayName"] for g in found.json()["Resources"]]

    assert names('displayName eq "emea leaders"') == ["EMEA leaders"]
    assert names('displayName co "leaders"') == ["APAC leaders", "EMEA leaders"]
    assert names(f'members.value eq "{ben}"') == ["APAC leaders"]
    assert names(f'members eq "{ana}" or displayName sw "APAC"') == ["APAC leaders", "EMEA leaders"]


def test_an_unknown_member_is_refused_and_nothing_is_written(directory: Directory) -> None:
    response = directory.create_group("Ghosts", ["999999"])

    assert response.status_code == 400
    assert response.json()["scimType"] == "invalidValue"
    assert not ScimGroup.objects.exists()


def test_a_group_linked_to_nowhere_opens_nothing(directory: Directory, community: Any) -> None:
    (ana,) = _people(directory, "ana")
    directory.create_group("Leaders", [ana])

    assert not Membership.objects.filter(user_id=ana).exists()
