from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import client_for, join, make_user
from salon.accounts.models import ApiToken
from salon.accounts.services import api_token_create
from salon.communities.models import Invitation


def _bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_a_personal_access_token_reads_me_and_is_stored_only_as_a_hash(member: Any) -> None:
    token, raw = api_token_create(user=member, name="HR sync")

    response = Client().get("/api/v1/me", headers=_bearer(raw))

    assert response.status_code == 200
    body = response.json()
    assert body["email"] == member.email
    assert body["timezone"] == member.timezone
    assert sorted(body["languages"]) == ["en", "ja"]
    assert "calendar_feed_url" in body
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in (stored.token_hash, stored.prefix)
    assert stored.last_used_at is not None


def test_a_revoked_token_stops_working(member: Any) -> None:
    token, raw = api_token_create(user=member, name="old")
    client_for(member).post(f"/settings/security/tokens/{token.pk}/revoke/")

    response = Client().get("/api/v1/me", headers=_bearer(raw))

    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required."}


def test_a_wrong_token_is_refused_with_json(db: Any) -> None:
    response = Client().get("/api/v1/me", headers=_bearer("salon_nope"))

    assert response.status_code == 401
    assert response.json()["detail"]


def test_tokens_are_created_in_settings_and_shown_once(member: Any) -> None:
    client = client_for(member)

    page = client.post("/settings/security/tokens/", {"name": "Laptop"})

    raw = page.context["new_token"]
    assert raw.startswith("salon_")
    assert raw in page.content.decode()
    assert raw not in client.get("/settings/security/").content.decode()
    assert Client().get("/api/v1/me", headers=_bearer(raw)).status_code == 200


def test_a_session_write_needs_the_csrf_token(director: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(director)

    response = client.post(
        "/api/v1/communities/acme/circles", {"name": "X"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert not director.memberships.get().community.circles.exists()


def test_a_token_write_needs_no_csrf_token(director: Any) -> None:
    _token, raw = api_token_create(user=director, name="ci")
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/api/v1/communities/acme/circles",
        {"name": "APAC Chapter", "kind": "chapter"},
        content_type="application/json",
        headers=_bearer(raw),
    )

    assert response.status_code == 201
    assert response.json()["slug"] == "apac-chapter"


def test_communities_are_paginated(member: Any) -> None:
    from salon.communities.models import Community

    for i in range(5):
        join(member, Community.objects.create(name=f"C{i}", slug=f"c{i}"))

    page = client_for(member).get("/api/v1/communities?page=2&page_size=2").json()

    assert page["count"] == 6
    assert [c["slug"] for c in page["items"]] == ["c1", "c2"]


def test_bad_input_gets_a_4xx_with_detail_and_writes_nothing(director: Any) -> None:
    client = client_for(director)

    bad_email = client.post(
        "/api/v1/communities/acme/members", {"email": "nope"}, content_type="application/json"
    )
    bad_role = client.post(
        "/api/v1/communities/acme/members",
        {"email": "a@b.test", "role": "king"},
        content_type="application/json",
    )
    not_json = client.post(
        "/api/v1/communities/acme/circles", "{{{", content_type="application/json"
    )
    bad_page = client.get("/api/v1/communities?page=0")

    # The schema gives the pattern of an address, so a bad one fails validation.
    assert bad_email.status_code == 422
    assert bad_email.json()["detail"][0]["loc"] == ["body", "payload", "email"]
    assert bad_role.status_code == 422
    assert not_json.status_code in {400, 422}
    assert bad_page.status_code == 422
    for response in (bad_email, bad_role, not_json, bad_page):
        assert "detail" in response.json()
    assert not Invitation.objects.exists()


def test_the_last_director_cannot_be_demoted_through_the_api(director: Any) -> None:
    membership = director.memberships.get()

    response = client_for(director).patch(
        f"/api/v1/memberships/{membership.pk}", {"role": "member"}, content_type="application/json"
    )

    assert response.status_code == 409
    assert "at least one director" in response.json()["detail"]


def test_a_member_leaves_through_the_api(member: Any) -> None:
    membership = member.memberships.get()

    response = client_for(member).delete(f"/api/v1/memberships/{membership.pk}")

    assert response.status_code == 204
    assert not member.memberships.exists()


def test_the_members_api_query_count_stays_flat(
    member: Any, community: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(member)
    for i in range(3):
        join(make_user(f"a{i}@acme.test"), community)
    client.get("/api/v1/communities/acme/members")
    # user, community, viewer's memberships, count, page of members, their languages
    with django_assert_num_queries(6):
        client.get("/api/v1/communities/acme/members")
    for i in range(3, 40):
        join(make_user(f"a{i}@acme.test"), community)
    with django_assert_num_queries(6):
        client.get("/api/v1/communities/acme/members")


def test_me_can_be_patched(member: Any) -> None:
    response = client_for(member).patch(
        "/api/v1/me", {"title": "CEO", "country": "Japan"}, content_type="application/json"
    )

    assert response.status_code == 200
    member.refresh_from_db()
    assert member.title == "CEO"


@pytest.mark.parametrize("name", ["", "   "])
def test_me_refuses_an_empty_name(member: Any, name: str) -> None:
    response = client_for(member).patch(
        "/api/v1/me", {"name": name}, content_type="application/json"
    )

    assert response.status_code in {400, 422}
    member.refresh_from_db()
    assert member.name == "Maya Member"
