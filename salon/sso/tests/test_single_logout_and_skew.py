"""Signing out of Salon ends the session at the identity provider when the administrators
ask for it (SAML single logout, OpenID Connect RP-initiated logout); and an ID token from a
provider whose clock is off is accepted within the leeway only. Real providers throughout
(``saml_idp``, and panva's oidc-provider with its clock set ahead)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import requests
from django.test import Client

from salon.core.models import AuditEvent
from salon.sso.models import IdentityProvider
from salon.sso.tests.idp import OidcProvider
from salon.sso.tests.saml_idp import NS, SLO_URL, SamlIdp
from salon.sso.tests.test_oidc_sign_in import ADA as OIDC_ADA
from salon.sso.tests.test_oidc_sign_in import _sign_in as oidc_sign_in
from salon.sso.tests.test_saml_sign_in import _browser
from salon.sso.tests.test_saml_sign_in import _sign_in as saml_sign_in


def test_signing_out_ends_the_saml_session_at_the_provider(
    corp_saml: IdentityProvider, saml_idp: SamlIdp
) -> None:
    corp_saml.single_logout = True
    corp_saml.save()
    client = _browser()
    saml_sign_in(client, saml_idp)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"].startswith(SLO_URL)
    logout = saml_idp.read_request(response["Location"])
    assert logout.findtext("saml:NameID", namespaces=NS) == "ada@corp.test"
    assert logout.findtext("samlp:SessionIndex", namespaces=NS).startswith("_s")
    assert client.get("/api/v1/me").status_code == 401


def test_the_providers_answer_to_the_logout_brings_the_person_home(
    corp_saml: IdentityProvider, saml_idp: SamlIdp
) -> None:
    corp_saml.single_logout = True
    corp_saml.save()
    client = _browser()
    saml_sign_in(client, saml_idp)
    request = saml_idp.read_request(client.post("/accounts/logout/")["Location"])
    sls = "http://testserver/accounts/saml/corp/sls/"

    response = client.get(
        "/accounts/saml/corp/sls/",
        {"SAMLResponse": saml_idp.logout_message(sls, in_response_to=request.get("ID"))},
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_signing_out_at_the_provider_ends_the_salon_session_too(
    corp_saml: IdentityProvider, saml_idp: SamlIdp
) -> None:
    corp_saml.single_logout = True
    corp_saml.save()
    client = _browser()
    saml_sign_in(client, saml_idp)
    assert client.get("/api/v1/me").status_code == 200
    sls = "http://testserver/accounts/saml/corp/sls/"

    response = client.get(
        "/accounts/saml/corp/sls/",
        {"SAMLRequest": saml_idp.logout_message(sls, name_id="ada@corp.test")},
    )

    # Signed out here, and the provider gets its LogoutResponse.
    assert response.status_code == 302
    assert response["Location"].startswith(SLO_URL)
    assert "SAMLResponse=" in response["Location"]
    assert client.get("/api/v1/me").status_code == 401


def test_without_single_logout_only_salons_session_ends(
    corp_saml: IdentityProvider, saml_idp: SamlIdp
) -> None:
    client = _browser()
    saml_sign_in(client, saml_idp)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert not response["Location"].startswith(SLO_URL)
    assert client.get("/api/v1/me").status_code == 401


def test_signing_out_ends_the_openid_connect_session_at_the_provider(
    corp_idp: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    corp_idp.single_logout = True
    corp_idp.save()
    oidc_idp.set_accounts({"ada-slo": OIDC_ADA})
    client = Client()
    oidc_sign_in(client, oidc_idp, "ada-slo")

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    end_session = response["Location"]
    assert end_session.startswith(oidc_idp.issuer)
    query = parse_qs(urlsplit(end_session).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]
    assert query["id_token_hint"][0].count(".") == 2
    assert client.get("/api/v1/me").status_code == 401
    # The provider accepts the request: it asks the person to confirm signing out.
    assert requests.get(end_session, timeout=10).status_code == 200


def test_an_id_token_from_a_clock_within_the_leeway_is_accepted(
    corp_idp: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    oidc_idp.set_accounts({"ada-skew-1": OIDC_ADA})
    oidc_idp.set_clock_offset(60)
    try:
        client = Client()
        response = oidc_sign_in(client, oidc_idp, "ada-skew-1")
    finally:
        oidc_idp.set_clock_offset(0)

    assert response.status_code == 302
    assert client.get("/api/v1/me").status_code == 200


def test_an_id_token_from_a_clock_beyond_the_leeway_is_refused_and_logged(
    corp_idp: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    oidc_idp.set_accounts({"ada-skew-2": OIDC_ADA})
    oidc_idp.set_clock_offset(300)
    try:
        client = Client()
        response = oidc_sign_in(client, oidc_idp, "ada-skew-2")
    finally:
        oidc_idp.set_clock_offset(0)

    assert response.status_code == 401
    assert "Sign-in did not work" in response.content.decode()
    assert client.get("/api/v1/me").status_code == 401
    failure = AuditEvent.objects.get(action="sso.sign_in.failed")
    assert "not yet valid" in failure.details["detail"]
