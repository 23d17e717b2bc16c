"""Setting up a SAML identity provider on the organisation's sign-in page, and deleting a
provider: site staff only, in the app."""

from __future__ import annotations

from typing import Any

from django.test import Client

from conftest import client_for, make_user
from salon.accounts.models import User
from salon.core.models import AuditEvent
from salon.sso.models import IdentityProvider, Protocol, SsoProfile
from salon.sso.tests.saml_idp import ENTITY_ID, SLO_URL, SSO_URL, SamlIdp, serving_metadata

FORM = {
    "name": "Corp",
    "slug": "corp",
    "protocol": "saml",
    "domains": "corp.test",
    "is_active": "on",
    "claim_name": "displayname",
    "claim_title": "jobtitle",
    "claim_department": "department",
    "claim_region": "region",
    "claim_manager": "manager",
    "claim_locale": "preferredlanguage",
}


def _admin(db: Any) -> Client:
    return client_for(make_user("it@acme.test", "Ian Tech", is_staff=True))


def test_an_administrator_adds_a_saml_provider_from_its_metadata_url(
    db: Any, saml_idp: SamlIdp
) -> None:
    client = _admin(db)

    with serving_metadata(saml_idp, "current") as url:
        response = client.post(
            "/organisation/sign-in/providers/new/", {**FORM, "saml_metadata_url": url}
        )

    assert response.status_code == 302
    provider = IdentityProvider.objects.get()
    assert provider.protocol == Protocol.SAML
    assert (provider.saml_entity_id, provider.saml_sso_url, provider.saml_slo_url) == (
        ENTITY_ID,
        SSO_URL,
        SLO_URL,
    )
    assert provider.saml_next_certificate == ""
    assert provider.claim_map()["title"] == "jobtitle"
    assert AuditEvent.objects.filter(action="sso.provider.created").exists()
    page = client.get(response["Location"]).content.decode()
    # What the administrator gives their identity provider.
    assert "http://testserver/accounts/saml/corp/metadata/" in page
    assert "http://testserver/accounts/saml/corp/acs/" in page
    assert "http://testserver/accounts/saml/corp/sls/" in page
    assert "Sign in with Corp" in Client().get("/accounts/login/").content.decode()


def test_pasted_metadata_with_two_signing_certificates_sets_up_the_rollover(
    db: Any, saml_idp: SamlIdp
) -> None:
    client = _admin(db)

    response = client.post(
        "/organisation/sign-in/providers/new/",
        {**FORM, "saml_metadata_xml": saml_idp.metadata("current", "next")},
    )

    assert response.status_code == 302
    provider = IdentityProvider.objects.get()
    assert provider.saml_entity_id == ENTITY_ID
    assert provider.saml_certificate
    assert provider.saml_next_certificate
    assert provider.saml_certificate != provider.saml_next_certificate


def test_a_provider_typed_in_by_hand_needs_its_certificate_to_be_one(
    db: Any, saml_idp: SamlIdp
) -> None:
    client = _admin(db)
    by_hand = {**FORM, "saml_entity_id": ENTITY_ID, "saml_sso_url": SSO_URL}

    wrong = client.post(
        "/organisation/sign-in/providers/new/", {**by_hand, "saml_certificate": "not a cert"}
    )
    right = client.post(
        "/organisation/sign-in/providers/new/",
        {**by_hand, "saml_certificate": saml_idp.certificate("current")},
    )

    assert wrong.status_code == 400
    assert "This is not an X.509 certificate" in wrong.content.decode()
    assert right.status_code == 302
    assert IdentityProvider.objects.get().saml_sso_url == SSO_URL


def test_metadata_that_is_not_metadata_or_cannot_be_read_is_explained(db: Any) -> None:
    client = _admin(db)

    pasted = client.post(
        "/organisation/sign-in/providers/new/", {**FORM, "saml_metadata_xml": "<html/>"}
    )
    unreachable = client.post(
        "/organisation/sign-in/providers/new/",
        {**FORM, "saml_metadata_url": "http://127.0.0.1:9/metadata.xml"},
    )

    assert pasted.status_code == 400
    assert "This is not SAML metadata of an identity provider." in pasted.content.decode()
    assert unreachable.status_code == 400
    assert "could not read the metadata" in unreachable.content.decode()
    assert not IdentityProvider.objects.exists()


def test_an_openid_connect_provider_still_needs_its_issuer_and_client(db: Any) -> None:
    response = _admin(db).post("/organisation/sign-in/providers/new/", {**FORM, "protocol": "oidc"})

    assert response.status_code == 400
    assert "OpenID Connect needs this." in response.content.decode()


def test_deleting_a_provider_asks_first_and_keeps_the_accounts(
    corp_saml: IdentityProvider,
) -> None:
    ada = make_user("ada@corp.test", "Ada Lovelace")
    SsoProfile.objects.create(user=ada, provider=corp_saml)
    client = _admin(None)

    question = client.get(f"/organisation/sign-in/providers/{corp_saml.pk}/delete/")

    assert question.status_code == 200
    assert "Delete Corp?" in question.content.decode()
    assert "The 1 person who last signed in through it keeps" in question.content.decode()
    assert IdentityProvider.objects.exists()

    response = client.post(f"/organisation/sign-in/providers/{corp_saml.pk}/delete/")

    assert response.status_code == 302
    assert not IdentityProvider.objects.exists()
    assert User.objects.filter(pk=ada.pk, is_active=True).exists()
    assert SsoProfile.objects.get(user=ada).provider is None
    deleted = AuditEvent.objects.get(action="sso.provider.deleted")
    assert deleted.details["protocol"] == "saml"
    assert "Sign in with Corp" not in Client().get("/accounts/login/").content.decode()
    assert Client().post("/accounts/saml/corp/login/").status_code == 404


def test_nobody_else_deletes_a_provider(
    corp_saml: IdentityProvider, member: User, director: User
) -> None:
    for person in (member, director):
        client = client_for(person)
        url = f"/organisation/sign-in/providers/{corp_saml.pk}/delete/"
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert IdentityProvider.objects.exists()
