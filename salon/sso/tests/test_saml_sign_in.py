"""Signing in through the organisation's SAML 2.0 identity provider: a real one
(``saml_idp``: Salon's AuthnRequest in, an xmlsec-signed Response out), answering through
the browser as Entra ID or Okta would. Nothing of Salon's is mocked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from conftest import PASSWORD, make_user
from salon.accounts.models import User
from salon.core.models import AuditEvent
from salon.sso.models import IdentityProvider, SsoProfile
from salon.sso.tests.saml_idp import SSO_URL, SamlIdp

ADA = {
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress": "ada@corp.test",
    "http://schemas.microsoft.com/identity/claims/displayname": "Ada Lovelace",
    "jobtitle": "Chief Financial Officer",
    "department": "Group Finance",
    "region": "Europe",
    "manager": "grace@corp.test",
    "preferredlanguage": "ja-JP",
}


def _browser() -> Client:
    # A browser always names the host it asks (python3-saml builds addresses from it).
    return Client(HTTP_HOST="testserver")


def _sign_in(client: Client, idp: SamlIdp, attributes: dict[str, str] = ADA, **answer: Any) -> Any:
    """Press "Sign in with Corp", sign in on Corp's page, and let it post the answer back."""
    start = client.post("/accounts/saml/corp/login/")
    assert start.status_code == 302
    assert start["Location"].startswith(SSO_URL)
    email = attributes.get(next(iter(attributes)), "")
    saml_response = idp.answer(start["Location"], email=email, attributes=attributes, **answer)
    acs = client.post("/accounts/saml/corp/acs/", {"SAMLResponse": saml_response})
    assert acs.status_code == 302
    return client.get(acs["Location"])


def _refused(client: Client, response: Any) -> AuditEvent:
    assert response.status_code == 401
    assert "Sign-in did not work" in response.content.decode()
    assert client.get("/api/v1/me").status_code == 401
    assert not User.objects.filter(email="ada@corp.test").exists()
    return AuditEvent.objects.get(action="sso.sign_in.failed")


def test_the_first_sign_in_makes_the_account_from_the_assertions_attributes(
    corp_saml: IdentityProvider, saml_idp: SamlIdp
) -> None:
    grace = make_user("grace@corp.test", "Grace Hopper")
    client = _browser()

    response = _sign_in(client, saml_idp)

    assert response.status_code == 302
    ada = User.objects.get(email="ada@corp.test")
    assert (ada.name, ada.title, ada.organisation_unit, ada.region) == (
        "Ada Lovelace",
        "Chief Financial Officer",
        "Group Finance",
        "emea",
    )
    assert ada.manager == grace
    assert ada.language == "ja"
    assert SsoProfile.objects.get(user=ada).locale == "ja-JP"
    assert not ada.has_usable_password()
    assert client.get("/api/v1/me").json()["email"] == "ada@corp.test"
    assert AuditEvent.objects.filter(action="sso.account.created", target_id=str(ada.pk)).exists()


def test_a_second_sign_in_updates_what_changed_at_the_provider(
    corp_saml: IdentityProvider, saml_idp: SamlIdp
) -> None:
    _sign_in(_browser(), saml_idp)

    response = _sign_in(_browser(), saml_idp, {**ADA, "jobtitle": "Chief Executive Officer"})

    assert response.status_code == 302
    assert User.objects.filter(email="ada@corp.test").count() == 1
    assert User.objects.get(email="ada@corp.test").title == "Chief Executive Officer"
    update = AuditEvent.objects.get(action="sso.account.updated")
    assert update.details["changed"] == "title"


def test_an_assertion_signed_with_another_key_is_refused_and_logged(
    corp_saml: IdentityProvider, saml_idp: SamlIdp
) -> None:
    client = _browser()

    response = _sign_in(client, saml_idp, key="wrong")

    failure = _refused(client, response)
    assert failure.details["provider"] == "Corp"
    assert "Signature validation failed" in failure.details["reason"]


def test_an_assertion_changed_after_signing_is_refused(
    corp_saml: IdentityProvider, saml_idp: SamlIdp
) -> None:
    client = _browser()

    response = _sign_in(client, saml_idp, tamper=True)

    assert response.status_code == 401
    assert not User.objects.filter(email="mallory@corp.test").exists()
    assert AuditEvent.objects.filter(action="sso.sign_in.failed").exists()


def test_during_a_rollover_the_next_certificate_is_accepted_too(
    corp_saml: IdentityProvider, saml_idp: SamlIdp
) -> None:
    client = _browser()
    assert _sign_in(client, saml_idp, key="next").status_code == 401  # not announced yet
    corp_saml.saml_next_certificate = saml_idp.certificate("next")
    corp_saml.save()

    assert _sign_in(_browser(), saml_idp, key="next").status_code == 302
    assert _sign_in(_browser(), saml_idp, key="current").status_code == 302
    assert User.objects.filter(email="ada@corp.test").exists()


def test_a_provider_clock_within_the_leeway_is_accepted(
    corp_saml: IdentityProvider, saml_idp: SamlIdp
) -> None:
    response = _sign_in(_browser(), saml_idp, clock_ahead=dt.timedelta(seconds=90))

    assert response.status_code == 302
    assert User.objects.filter(email="ada@corp.test").exists()


def test_an_assertion_outside_the_clock_leeway_is_refused_and_logged(
    corp_saml: IdentityProvider, saml_idp: SamlIdp
) -> None:
    client = _browser()

    response = _sign_in(client, saml_idp, clock_ahead=dt.timedelta(minutes=5))

    failure = _refused(client, response)
    assert "not yet valid" in failure.details["reason"]


def test_an_address_outside_the_providers_domains_is_refused(
    corp_saml: IdentityProvider, saml_idp: SamlIdp
) -> None:
    make_user("boss@elsewhere.test", "Somebody Else", is_staff=True)
    email = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
    client = _browser()

    response = _sign_in(client, saml_idp, {**ADA, email: "boss@elsewhere.test"})

    assert response.status_code == 403
    assert client.get("/api/v1/me").status_code == 401
    assert AuditEvent.objects.get(action="sso.sign_in.failed").actor_label == "boss@elsewhere.test"


def test_an_sso_only_domain_refuses_the_password_and_points_to_the_saml_sign_in(
    corp_saml: IdentityProvider, saml_idp: SamlIdp
) -> None:
    corp_saml.sso_only = True
    corp_saml.save()
    make_user("ada@corp.test", "Ada L.")
    client = _browser()

    refused = client.post("/accounts/login/", {"login": "ada@corp.test", "password": PASSWORD})

    assert refused.status_code == 200
    assert 'href="/accounts/saml/corp/login/"' in refused.content.decode()
    assert client.get("/api/v1/me").status_code == 401
    # The single sign-on itself still works, for the account that was there.
    assert _sign_in(client, saml_idp).status_code == 302
    assert client.get("/api/v1/me").json()["email"] == "ada@corp.test"
    assert User.objects.filter(email="ada@corp.test").count() == 1


def test_a_saml_sign_in_is_not_asked_for_two_step(
    corp_saml: IdentityProvider, saml_idp: SamlIdp
) -> None:
    from salon.sso.models import SignInPolicy

    SignInPolicy.objects.create(pk=1, require_mfa=True)
    client = _browser()

    _sign_in(client, saml_idp)

    assert client.get("/api/v1/me").status_code == 200


def test_salon_publishes_its_metadata_for_the_provider(corp_saml: IdentityProvider) -> None:
    response = _browser().get("/accounts/saml/corp/metadata/")

    assert response.status_code == 200
    body = response.content.decode()
    assert 'entityID="http://testserver/accounts/saml/corp/metadata/"' in body
    assert 'Location="http://testserver/accounts/saml/corp/acs/"' in body
