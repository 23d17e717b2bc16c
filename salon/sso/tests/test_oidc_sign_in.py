"""Signing in through the organisation's OpenID Connect provider: a real one (panva's
oidc-provider) on loopback, reached over HTTP by Salon as Entra ID or Okta would be."""

from __future__ import annotations

from typing import Any

from django.test import Client

from conftest import make_user
from salon.accounts.models import User
from salon.core.models import AuditEvent
from salon.sso.models import IdentityProvider, SsoProfile
from salon.sso.tests.conftest import CALLBACK
from salon.sso.tests.idp import OidcProvider, callback_path

ADA = {
    "email": "ada@corp.test",
    "email_verified": True,
    "name": "Ada Lovelace",
    "job_title": "Chief Financial Officer",
    "department": "Group Finance",
    "region": "EMEA",
    "manager_email": "grace@corp.test",
    "locale": "de-DE",
}


def _sign_in(client: Client, idp: OidcProvider, sub: str) -> Any:
    """Press "Sign in with Corp", sign in on Corp's page, come back to Salon."""
    start = client.post("/accounts/oidc/corp/login/")
    assert start.status_code == 302
    assert start["Location"].startswith(idp.issuer)
    back = idp.sign_in(start["Location"], sub, until=CALLBACK)
    return client.get(callback_path(back))


def test_the_first_sign_in_makes_the_account_from_the_providers_claims(
    corp_idp: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    grace = make_user("grace@corp.test", "Grace Hopper")
    oidc_idp.set_accounts({"ada-1": ADA})
    client = Client()

    response = _sign_in(client, oidc_idp, "ada-1")

    assert response.status_code == 302
    ada = User.objects.get(email="ada@corp.test")
    assert (ada.name, ada.title, ada.organisation_unit, ada.region) == (
        "Ada Lovelace",
        "Chief Financial Officer",
        "Group Finance",
        "emea",
    )
    assert ada.manager == grace
    assert ada.language == "de"
    assert SsoProfile.objects.get(user=ada).locale == "de-DE"
    assert not ada.has_usable_password()
    # Signed in: the first page asks for the time zone, as for anyone new.
    assert client.get("/home/").status_code == 302
    assert client.get("/api/v1/me").json()["email"] == "ada@corp.test"
    assert AuditEvent.objects.filter(action="sso.account.created", target_id=str(ada.pk)).exists()


def test_a_second_sign_in_updates_what_changed_at_the_provider(
    corp_idp: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    oidc_idp.set_accounts({"ada-2": ADA})
    _sign_in(Client(), oidc_idp, "ada-2")
    oidc_idp.set_accounts(
        {"ada-2": {**ADA, "job_title": "Chief Executive Officer", "region": "Asia-Pacific"}}
    )

    response = _sign_in(Client(), oidc_idp, "ada-2")

    assert response.status_code == 302
    assert User.objects.filter(email="ada@corp.test").count() == 1
    ada = User.objects.get(email="ada@corp.test")
    assert (ada.title, ada.region) == ("Chief Executive Officer", "apac")
    update = AuditEvent.objects.get(action="sso.account.updated", target_id=str(ada.pk))
    assert update.details["changed"] == "title, region"


def test_an_invited_person_signing_in_through_the_provider_keeps_their_account(
    corp_idp: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    existing = make_user("ada@corp.test", "Ada L.")
    oidc_idp.set_accounts({"ada-3": ADA})

    _sign_in(Client(), oidc_idp, "ada-3")

    assert User.objects.filter(email="ada@corp.test").count() == 1
    existing.refresh_from_db()
    assert existing.name == "Ada Lovelace"


def test_an_address_outside_the_providers_domains_is_refused(
    corp_idp: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    # The provider may not speak for another organisation's people (nor take their account).
    make_user("boss@elsewhere.test", "Somebody Else", is_staff=True)
    oidc_idp.set_accounts({"mallory": {**ADA, "email": "boss@elsewhere.test"}})
    client = Client()

    response = _sign_in(client, oidc_idp, "mallory")

    assert response.status_code == 403
    assert "does not belong to your organisation" in response.content.decode()
    assert client.get("/api/v1/me").status_code == 401
    failure = AuditEvent.objects.get(action="sso.sign_in.failed")
    assert failure.actor_label == "boss@elsewhere.test"


def test_a_tampered_answer_is_refused_with_a_clear_page_and_logged(
    corp_idp: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    oidc_idp.set_accounts({"ada-4": ADA})
    client = Client()
    start = client.post("/accounts/oidc/corp/login/")
    back = oidc_idp.sign_in(start["Location"], "ada-4", until=CALLBACK)
    # Someone changed the code the provider sent back on its way through the browser.
    tampered = back.replace("code=", "code=x", 1)

    response = client.get(callback_path(tampered))

    assert response.status_code == 401
    assert "Sign-in did not work" in response.content.decode()
    assert not User.objects.filter(email="ada@corp.test").exists()
    failure = AuditEvent.objects.get(action="sso.sign_in.failed")
    assert failure.details["provider"] == "Corp"
    assert failure.details["reason"]


def test_an_answer_for_another_sign_in_is_refused(
    corp_idp: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    # The state ties the answer to the browser that started the sign-in.
    oidc_idp.set_accounts({"ada-5": ADA})
    victim, attacker = Client(), Client()
    start = attacker.post("/accounts/oidc/corp/login/")
    back = oidc_idp.sign_in(start["Location"], "ada-5", until=CALLBACK)

    response = victim.get(callback_path(back))

    assert response.status_code == 401
    assert victim.get("/api/v1/me").status_code == 401
    assert AuditEvent.objects.filter(action="sso.sign_in.failed").exists()


def test_a_switched_off_provider_offers_no_sign_in(
    corp_idp: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    assert "Sign in with Corp" in Client().get("/accounts/login/").content.decode()
    corp_idp.is_active = False
    corp_idp.save()

    assert "Sign in with Corp" not in Client().get("/accounts/login/").content.decode()
    assert Client().post("/accounts/oidc/corp/login/").status_code == 404
