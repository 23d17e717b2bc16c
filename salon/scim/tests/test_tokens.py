"""Provisioning tokens: made once (page or command), stored hashed, revocable, audited, and
good for nothing but /scim/v2/."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client

from conftest import client_for
from salon.accounts.models import User
from salon.core.models import AuditEvent
from salon.scim.models import ScimGroup, ScimToken
from salon.scim.services import hash_token
from salon.scim.tests.conftest import Directory


def test_the_command_prints_a_token_that_provisions(db: Any) -> None:
    out = StringIO()
    call_command("scim_token", "--name", "Okta", stdout=out)
    raw = out.getvalue().strip()

    token = ScimToken.objects.get()
    assert token.token_hash == hash_token(raw)
    assert raw not in str(ScimToken.objects.values().get())
    assert Directory(raw).get("Users").status_code == 200
    assert AuditEvent.objects.filter(action="scim.token.created", target_id=str(token.pk))


def test_it_refuses_a_missing_wrong_or_revoked_token(directory: Directory, it_admin: User) -> None:
    from salon.scim.services import scim_token_revoke

    wrong = Client(HTTP_AUTHORIZATION="Bearer scim_nope").get("/scim/v2/Users")
    missing = Client().get("/scim/v2/Users")
    scim_token_revoke(actor=it_admin, token=ScimToken.objects.get())
    revoked = directory.get("Users")

    for response in (wrong, missing, revoked):
        assert response.status_code == 401
        assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert AuditEvent.objects.filter(action="scim.token.revoked")


def test_a_provisioning_token_opens_nothing_outside_scim(directory: Directory) -> None:
    bearer = f"Bearer {directory.token}"

    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=bearer).status_code == 401
    assert Client().get("/home/", HTTP_AUTHORIZATION=bearer).status_code == 302


def test_a_session_opens_nothing_inside_scim(it_admin: User) -> None:
    assert client_for(it_admin).get("/scim/v2/Users").status_code == 401


def test_the_rate_limit_answers_429_in_scims_words(directory: Directory, settings: Any) -> None:
    settings.SALON_RATE_SCIM = "2/m"

    statuses = [directory.get("Users").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    limited = directory.get("Users")
    assert limited.json()["status"] == "429"
    assert int(limited["Retry-After"]) > 0


def test_an_administrator_makes_a_token_seen_once_and_revokes_it(it_admin: User) -> None:
    page = client_for(it_admin)

    made = page.post("/organisation/provisioning/tokens/", {"name": "Entra ID"})

    assert made.status_code == 200
    token = ScimToken.objects.get()
    raw = made.context["new_token"]
    assert token.token_hash == hash_token(raw)
    assert raw.encode() in made.content
    assert raw.encode() not in page.get("/organisation/provisioning/").content
    assert page.post(f"/organisation/provisioning/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Directory(raw).get("Users").status_code == 401
    assert AuditEvent.objects.filter(action="scim.token.revoked", actor=it_admin)


def test_an_empty_token_name_is_refused(it_admin: User) -> None:
    response = client_for(it_admin).post("/organisation/provisioning/tokens/", {"name": ""})

    assert response.status_code == 400
    assert not ScimToken.objects.exists()


def test_the_provisioning_page_is_for_it_administrators_only(
    it_admin: User, director: User, directory: Directory
) -> None:
    group_id = ScimGroup.objects.create(display_name="Leaders").pk

    assert client_for(it_admin).get("/organisation/provisioning/").status_code == 200
    assert client_for(director).get("/organisation/provisioning/").status_code == 404
    linked = client_for(director).post(
        f"/organisation/provisioning/groups/{group_id}/", {"target": "", "role": "member"}
    )
    assert linked.status_code == 404


def test_an_administrator_points_a_group_at_a_community(
    it_admin: User, community: Any, directory: Directory
) -> None:
    group = ScimGroup.objects.create(display_name="Leaders")
    page = client_for(it_admin)

    response = page.post(
        f"/organisation/provisioning/groups/{group.pk}/",
        {"target": f"community:{community.pk}", "role": "facilitator"},
    )
    bad_role = page.post(
        f"/organisation/provisioning/groups/{group.pk}/",
        {"target": f"community:{community.pk}", "role": "emperor"},
    )

    assert response.status_code == 302
    assert bad_role.status_code == 400
    group.refresh_from_db()
    assert (group.community_id, group.role) == (community.pk, "facilitator")
    assert b"Leaders" in page.get("/organisation/provisioning/").content
