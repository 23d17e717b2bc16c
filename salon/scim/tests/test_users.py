"""Joiners, movers and leavers from the directory (RFC 7644 over /scim/v2/Users)."""

from __future__ import annotations

from typing import Any

from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session

from conftest import PASSWORD, client_for
from salon.accounts.models import ApiToken, User
from salon.accounts.services import api_token_create
from salon.communities.models import Membership
from salon.core.models import AuditEvent
from salon.events.services import calendar_feed_for
from salon.scim.tests.conftest import ENTERPRISE, Directory


def _barbara(directory: Directory, **more: Any) -> Any:
    return directory.create_user(
        "bjensen@corp.test",
        name={"givenName": "Barbara", "familyName": "Jensen"},
        title="Chief Risk Officer",
        emails=[{"value": "Barbara.Jensen@corp.test", "primary": True, "type": "work"}],
        externalId="00u1",
        **{ENTERPRISE: {"department": "Risk", "organization": "Acme"}},
        **more,
    )


def test_it_creates_an_account_from_the_directory(directory: Directory) -> None:
    response = _barbara(directory)

    assert response.status_code == 201
    assert response["Content-Type"] == "application/scim+json"
    assert response["ETag"].startswith('W/"')
    user = User.objects.get(email="barbara.jensen@corp.test")
    assert (user.name, user.title, user.organisation_unit, user.organisation) == (
        "Barbara Jensen",
        "Chief Risk Officer",
        "Risk",
        "Acme",
    )
    assert not user.has_usable_password()  # they sign in through the organisation
    body = response.json()
    assert body["id"] == str(user.pk)
    assert body["userName"] == "bjensen@corp.test"
    assert body["meta"]["location"].endswith(f"/scim/v2/Users/{user.pk}")
    assert AuditEvent.objects.filter(action="scim.user.provisioned", target_id=str(user.pk))


def test_a_taken_user_name_is_a_conflict_in_scims_words(directory: Directory) -> None:
    _barbara(directory)

    response = directory.create_user("BJENSEN@corp.test")

    assert response.status_code == 409
    assert response.json()["scimType"] == "uniqueness"
    assert User.objects.count() == 1


def test_bad_input_gets_scims_error_schema_and_writes_nothing(directory: Directory) -> None:
    no_name = directory.send(
        "POST", "Users", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}
    )
    bad_json = directory.client.post("/scim/v2/Users", "{", content_type="application/scim+json")
    bad_filter = directory.get("Users", data={"filter": 'userName eq "x" and'})

    for response in (no_name, bad_json, bad_filter):
        assert response.status_code == 400, response.content
        assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert bad_filter.json()["scimType"] == "invalidFilter"
    assert not User.objects.exists()


def test_it_filters_on_the_common_attributes(directory: Directory) -> None:
    _barbara(directory)
    directory.create_user("kim@corp.test", name={"formatted": "Kim Park"}, externalId="00u2")
    directory.create_user("alex@elsewhere.test", displayName="Alex Berg")

    def names(expression: str) -> list[str]:
        response = directory.get("Users", data={"filter": expression, "sortBy": "userName"})
        assert response.status_code == 200, response.content
        return [r["userName"] for r in response.json()["Resources"]]

    assert names('userName eq "KIM@corp.test"') == ["kim@corp.test"]
    assert names('userName co "corp"') == ["bjensen@corp.test", "kim@corp.test"]
    assert names('userName sw "b" or externalId eq "00u2"') == [
        "bjensen@corp.test",
        "kim@corp.test",
    ]
    assert names('userName ew ".test" and not (externalId pr)') == ["alex@elsewhere.test"]
    # Attributes Salon keeps only in the directory's document are filtered there.
    assert names('name.givenName eq "barbara"') == ["bjensen@corp.test"]
    assert names('emails[type eq "work" and value co "jensen"]') == ["bjensen@corp.test"]
    assert names(f'{ENTERPRISE}:department eq "Risk"') == ["bjensen@corp.test"]


def test_a_patch_moves_a_person_and_the_etag_guards_it(directory: Directory) -> None:
    user_id = _barbara(directory).json()["id"]
    etag = directory.get(f"Users/{user_id}")["ETag"]

    moved = directory.patch(
        f"Users/{user_id}",
        {"op": "replace", "path": "title", "value": "Chief Executive"},
        {"op": "add", "path": f"{ENTERPRISE}:department", "value": "Board"},
        HTTP_IF_MATCH=etag,
    )
    stale = directory.patch(
        f"Users/{user_id}", {"op": "remove", "path": "title"}, HTTP_IF_MATCH=etag
    )

    assert moved.status_code in (200, 204)
    assert stale.status_code == 412
    user = User.objects.get(pk=user_id)
    assert (user.title, user.organisation_unit) == ("Chief Executive", "Board")
    assert directory.get(f"Users/{user_id}", HTTP_IF_NONE_MATCH=etag).status_code == 200
    fresh = directory.get(f"Users/{user_id}")["ETag"]
    assert directory.get(f"Users/{user_id}", HTTP_IF_NONE_MATCH=fresh).status_code == 304


def test_a_change_made_in_salon_reads_back_to_the_directory(directory: Directory) -> None:
    user_id = _barbara(directory).json()["id"]
    User.objects.filter(pk=user_id).update(title="Chair")

    body = directory.get(f"Users/{user_id}").json()

    assert body["title"] == "Chair"


def test_the_manager_comes_from_the_enterprise_extension(directory: Directory) -> None:
    boss = _barbara(directory).json()["id"]

    response = directory.create_user("kim@corp.test", **{ENTERPRISE: {"manager": {"value": boss}}})

    assert response.status_code == 201
    assert User.objects.get(email="kim@corp.test").manager_id == int(boss)


def test_a_leaver_loses_access_at_once_and_their_words_stay(
    directory: Directory, community: Any
) -> None:
    user_id = _barbara(directory).json()["id"]
    user = User.objects.get(pk=user_id)
    Membership.objects.create(user=user, community=community)
    _token, raw = api_token_create(user=user, name="script")
    feed = calendar_feed_for(user=user)
    user.set_password(PASSWORD)
    user.save()
    browser = client_for(None)
    signed_in = browser.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert UserSession.objects.filter(user=user).exists()

    response = directory.patch(f"Users/{user_id}", {"op": "replace", "value": {"active": False}})

    assert response.status_code in (200, 204)
    user.refresh_from_db()
    assert not user.is_active
    assert not UserSession.objects.filter(user=user).exists()
    assert not Session.objects.exists()
    assert browser.get("/home/").status_code == 302
    assert ApiToken.objects.get(user=user).revoked_at is not None
    assert client_for(None).get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert client_for(None).get(f"/calendar/{feed.token}.ics").status_code == 404
    # Their membership (and so what they wrote) stays, as a former member's.
    assert Membership.objects.filter(user=user, community=community).exists()
    assert AuditEvent.objects.filter(action="scim.user.deactivated", target_id=user_id)
    assert directory.get(f"Users/{user_id}").json()["active"] is False


def test_delete_switches_the_person_off_and_hides_them_from_the_directory(
    directory: Directory,
) -> None:
    user_id = _barbara(directory).json()["id"]

    response = directory.client.delete(f"/scim/v2/Users/{user_id}")

    assert response.status_code == 204
    assert directory.get(f"Users/{user_id}").status_code == 404
    assert not User.objects.get(pk=user_id).is_active
    # Hired back: the same account returns, with what it wrote.
    again = _barbara(directory)
    assert again.status_code == 201
    assert again.json()["id"] == user_id
    assert User.objects.get(pk=user_id).is_active


def test_an_account_that_predates_provisioning_is_matched_by_email(
    directory: Directory, member: User
) -> None:
    found = directory.get("Users", data={"filter": f'userName eq "{member.email}"'}).json()

    assert found["totalResults"] == 1
    assert found["Resources"][0]["id"] == str(member.pk)
    response = directory.create_user("maya.m", emails=[{"value": member.email, "primary": True}])
    assert response.status_code == 201
    assert response.json()["id"] == str(member.pk)
