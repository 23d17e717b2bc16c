"""Managing a circle: its people, its lead, its settings and archiving, on the page and
through the API."""

from __future__ import annotations

from typing import Any

from django.core import mail

from conftest import client_for, join, make_user
from salon.communities.models import Circle, CircleMembership
from salon.core.models import AuditEvent
from salon.notifications.models import Notification

MANAGE = "/c/acme/circles/board/manage/"


def _people(circle: Circle) -> dict[str, bool]:
    return dict(
        CircleMembership.objects.filter(circle=circle).values_list("user__email", "is_lead")
    )


def test_a_director_adds_several_members_to_a_private_circle_at_once(
    director: Any, member: Any, facilitator: Any, private_circle: Circle
) -> None:
    response = client_for(director).post(f"{MANAGE}add/", {"people": [member.pk, facilitator.pk]})

    assert response.status_code == 302
    assert _people(private_circle) == {member.email: False, facilitator.email: False}
    assert AuditEvent.objects.filter(action="communities.circle.member_added").count() == 2
    told = Notification.objects.filter(kind="communities.added_to_circle")
    assert sorted(n.recipient.email for n in told) == sorted([member.email, facilitator.email])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, facilitator.email])
    page = client_for(member).get("/c/acme/circles/board/").content.decode()
    assert "Maya Member" in page
    assert "Fred Facilitator" in page


def test_the_added_member_now_sees_the_private_circle(
    director: Any, member: Any, private_circle: Circle
) -> None:
    assert client_for(member).get("/c/acme/circles/board/").status_code == 404

    client_for(director).post(f"{MANAGE}add/", {"people": [member.pk]})

    assert client_for(member).get("/c/acme/circles/board/").status_code == 200
    text = client_for(member).get("/notifications/").content.decode()
    assert "Diana Director added you to Board in Acme Leaders." in text


def test_only_members_of_the_community_can_be_added(
    director: Any, member: Any, outsider: Any, private_circle: Circle
) -> None:
    response = client_for(director).post(
        f"/api/v1/circles/{private_circle.pk}/members",
        {"users": [member.pk, outsider.pk]},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {"detail": f"Not members of this community: {outsider.pk}."}
    assert _people(private_circle) == {}
    assert not Notification.objects.exists()


def test_the_search_offers_community_members_not_yet_in_the_circle(
    director: Any, member: Any, facilitator: Any, guest: Any, outsider: Any, circle: Circle
) -> None:
    response = client_for(director).get(
        "/c/acme/circles/emea/manage/people/?q=f", headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<fieldset id="circle-candidates"')
    assert "Fred Facilitator" in html
    assert "Maya Member" not in html  # already in the circle
    assert "Olga" not in html  # not in the community
    assert "Gus Guest" not in html  # does not match


def test_adding_through_htmx_returns_the_people_panel(
    director: Any, facilitator: Any, private_circle: Circle
) -> None:
    response = client_for(director).post(
        f"{MANAGE}add/", {"people": [facilitator.pk]}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="circle-people"')
    assert "1 person added to Board; they have been told." in html
    assert "Fred Facilitator" in html


def test_a_director_sets_and_unsets_a_lead_and_removes_a_member(
    director: Any, member: Any, facilitator: Any, circle: Circle
) -> None:
    client = client_for(director)
    client.post(f"/c/acme/circles/emea/manage/{member.pk}/lead/", {"is_lead": "1"})
    assert _people(circle) == {member.email: True}
    client.post(f"/c/acme/circles/emea/manage/{member.pk}/lead/", {"is_lead": "0"})
    assert _people(circle) == {member.email: False}

    response = client.post(f"/c/acme/circles/emea/manage/{member.pk}/remove/")

    assert response.status_code == 302
    assert _people(circle) == {}
    actions = list(
        AuditEvent.objects.filter(action__startswith="communities.circle.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "communities.circle.lead_changed",
        "communities.circle.lead_changed",
        "communities.circle.member_removed",
    ]


def test_the_lead_of_a_circle_manages_its_people_but_not_its_settings(
    director: Any, member: Any, facilitator: Any, guest: Any, circle: Circle
) -> None:
    CircleMembership.objects.filter(circle=circle, user=member).update(is_lead=True)
    CircleMembership.objects.create(circle=circle, user=guest)
    lead = client_for(member)

    assert lead.get("/c/acme/circles/emea/manage/").status_code == 200
    assert (
        lead.post("/c/acme/circles/emea/manage/add/", {"people": [facilitator.pk]}).status_code
        == 302
    )
    assert lead.post(f"/c/acme/circles/emea/manage/{guest.pk}/remove/").status_code == 302
    assert _people(circle) == {member.email: True, facilitator.email: False}

    assert (
        lead.post(
            f"/c/acme/circles/emea/manage/{facilitator.pk}/lead/", {"is_lead": "1"}
        ).status_code
        == 403
    )
    refused = lead.post("/c/acme/circles/emea/manage/", {"settings-name": "Mine now"})
    assert refused.status_code == 403
    assert lead.post("/c/acme/circles/emea/manage/archive/").status_code == 403
    assert Circle.objects.get(pk=circle.pk).name == "EMEA Chapter"


def test_a_member_who_does_not_lead_it_may_not_manage_a_circle(
    member: Any, facilitator: Any, outsider: Any, circle: Circle
) -> None:
    assert client_for(member).get("/c/acme/circles/emea/manage/").status_code == 403
    response = client_for(member).post(
        "/c/acme/circles/emea/manage/add/", {"people": [facilitator.pk]}
    )
    assert response.status_code == 403
    assert client_for(outsider).get("/c/acme/circles/emea/manage/").status_code == 404
    assert _people(circle) == {member.email: False}


def test_a_steward_edits_the_circle_keeping_its_address(facilitator: Any, circle: Circle) -> None:
    response = client_for(facilitator).post(
        "/c/acme/circles/emea/manage/",
        {
            "settings-name": "Europe & Africa",
            "settings-kind": "cohort",
            "settings-description": "Quarterly dinners.",
            "settings-is_private": "on",
        },
    )

    assert response.status_code == 302
    circle.refresh_from_db()
    assert (circle.name, circle.kind, circle.description, circle.is_private, circle.slug) == (
        "Europe & Africa",
        "cohort",
        "Quarterly dinners.",
        True,
        "emea",
    )
    entry = AuditEvent.objects.get(action="communities.circle.updated")
    assert entry.details == {"fields": ["description", "is_private", "kind", "name"]}


def test_an_archived_circle_leaves_the_lists_but_is_kept(
    director: Any, member: Any, circle: Circle
) -> None:
    response = client_for(director).post("/c/acme/circles/emea/manage/archive/", {"archived": "1"})

    assert response.status_code == 302
    assert Circle.objects.get(pk=circle.pk).is_archived
    assert _people(circle) == {member.email: False}
    members_list = client_for(member).get("/c/acme/circles/").content.decode()
    assert "EMEA Chapter" not in members_list
    assert client_for(member).get("/api/v1/communities/acme/circles").json()["items"] == []
    stewards_list = client_for(director).get("/c/acme/circles/").content.decode()
    assert "Archived circles" in stewards_list
    assert "EMEA Chapter" in stewards_list
    assert "Archived" in client_for(member).get("/c/acme/circles/emea/").content.decode()
    found = client_for(director).get("/search/", {"q": "EMEA", "kind": "circle"}).content.decode()
    assert 'href="/c/acme/circles/emea/"' not in found

    client_for(director).post("/c/acme/circles/emea/manage/archive/", {"archived": "0"})

    assert "EMEA Chapter" in client_for(member).get("/c/acme/circles/").content.decode()
    found = client_for(director).get("/search/", {"q": "EMEA", "kind": "circle"}).content.decode()
    assert 'href="/c/acme/circles/emea/"' in found
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"communities.circle.archived", "communities.circle.restored"} <= actions


def test_the_api_lists_adds_and_removes_circle_members(
    director: Any, member: Any, facilitator: Any, circle: Circle
) -> None:
    api = client_for(director)
    url = f"/api/v1/circles/{circle.pk}/members"

    added = api.post(url, {"users": [facilitator.pk]}, content_type="application/json")
    listed = api.get(url)
    removed = api.delete(f"{url}/{member.pk}")

    assert added.status_code == 201
    assert [row["id"] for row in added.json()] == [facilitator.pk]
    assert listed.status_code == 200
    assert sorted(row["name"] for row in listed.json()["items"]) == [
        "Fred Facilitator",
        "Maya Member",
    ]
    assert removed.status_code == 204
    assert _people(circle) == {facilitator.email: False}
    assert Notification.objects.get(kind="communities.added_to_circle").recipient == facilitator


def test_the_api_archives_a_circle_and_sets_its_lead(
    director: Any, member: Any, circle: Circle
) -> None:
    response = client_for(director).patch(
        f"/api/v1/circles/{circle.pk}",
        {"lead": member.pk, "archived": True, "description": "Done."},
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["archived"], body["leads"], body["description"]) == (True, [member.pk], "Done.")
    assert _people(circle) == {member.email: True}

    cleared = client_for(director).patch(
        f"/api/v1/circles/{circle.pk}", {"lead": None}, content_type="application/json"
    )

    assert cleared.json()["leads"] == []
    assert _people(circle) == {member.email: False}


def test_the_api_refuses_a_lead_who_is_not_in_the_circle(
    director: Any, facilitator: Any, circle: Circle
) -> None:
    response = client_for(director).patch(
        f"/api/v1/circles/{circle.pk}", {"lead": facilitator.pk}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Fred Facilitator is not in this circle: add them first."}


def test_the_management_page_costs_the_same_queries_with_ten_times_the_people(
    director: Any, community: Any, circle: Circle, django_assert_num_queries: Any
) -> None:
    def grow(n: int, start: int) -> None:
        for i in range(start, start + n):
            person = make_user(f"person{i}@acme.test", f"Person {i}")
            join(person, community)
            if i % 2:
                CircleMembership.objects.create(circle=circle, user=person)

    grow(4, 0)
    client = client_for(director)
    client.get("/c/acme/circles/emea/manage/")
    # the user, the community, her memberships, the circle (is she in it, does she lead
    # it), the candidates, the bell's unread count, the circle's members
    with django_assert_num_queries(7):
        assert client.get("/c/acme/circles/emea/manage/").status_code == 200
    grow(40, 4)
    with django_assert_num_queries(7):
        assert client.get("/c/acme/circles/emea/manage/").status_code == 200
