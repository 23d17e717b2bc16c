"""An SSO-only domain: no password for its addresses, by any door, with a clear way on."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.test import Client

from conftest import PASSWORD, make_user
from salon.accounts.models import User
from salon.communities.models import Community, Invitation
from salon.core.models import AuditEvent
from salon.sso.models import IdentityProvider


@pytest.fixture
def sso_only(db: Any) -> IdentityProvider:
    return IdentityProvider.objects.create(
        name="Corp",
        slug="corp",
        issuer="https://login.corp.test",
        client_id="salon",
        client_secret="secret",
        domains="corp.test",
        sso_only=True,
    )


def test_a_password_sign_in_is_refused_with_a_link_to_the_single_sign_on(
    sso_only: IdentityProvider,
) -> None:
    make_user("ada@corp.test", "Ada Lovelace")
    client = Client()

    response = client.post("/accounts/login/", {"login": "Ada@Corp.test", "password": PASSWORD})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Your organisation signs you in through Corp, not with a password here." in page
    assert 'href="/accounts/oidc/corp/login/"' in page
    assert client.get("/api/v1/me").status_code == 401
    refused = AuditEvent.objects.get(action="sso.password_sign_in.refused")
    assert refused.actor_label == "ada@corp.test"
    assert refused.details["attempted"] == "sign in with a password"


def test_other_domains_still_sign_in_with_a_password(sso_only: IdentityProvider) -> None:
    make_user("olga@elsewhere.test")
    client = Client()

    response = client.post(
        "/accounts/login/", {"login": "olga@elsewhere.test", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.get("/api/v1/me").status_code == 200


def test_no_door_checks_a_password_for_the_domain(sso_only: IdentityProvider) -> None:
    # Whatever calls Django's authenticate() (the admin, a script, a future API) gets nobody.
    make_user("ada@corp.test", "Ada Lovelace", is_staff=True, is_superuser=True)

    assert authenticate(None, email="ada@corp.test", password=PASSWORD) is None
    assert authenticate(None, username="ada@corp.test", password=PASSWORD) is None
    # The admin's own sign-in sends people to the site's.
    assert Client().get("/admin/login/")["Location"].startswith("/accounts/login/")


def test_a_switched_off_provider_gives_passwords_back(sso_only: IdentityProvider) -> None:
    make_user("ada@corp.test", "Ada Lovelace")
    sso_only.is_active = False
    sso_only.save()

    assert authenticate(None, email="ada@corp.test", password=PASSWORD) is not None


def test_a_password_reset_is_refused(sso_only: IdentityProvider, mailoutbox: Any) -> None:
    make_user("ada@corp.test", "Ada Lovelace")

    response = Client().post("/accounts/password/reset/", {"email": "ada@corp.test"})

    assert response.status_code == 200
    assert "Your organisation signs you in through Corp" in response.content.decode()
    assert mailoutbox == []


def test_an_invitation_cannot_make_a_password_account(
    sso_only: IdentityProvider, community: Community, director: User
) -> None:
    invitation = Invitation.objects.create(
        community=community, email="ada@corp.test", invited_by=director
    )

    response = Client().post(
        f"/invitations/{invitation.token}/",
        {"name": "Ada Lovelace", "password": "a long enough passphrase", "timezone": "UTC"},
    )

    assert response.status_code == 400
    assert "Sign in with Corp" in response.content.decode()
    assert not User.objects.filter(email="ada@corp.test").exists()


def test_a_sign_in_that_skips_the_password_is_refused_too(
    sso_only: IdentityProvider, rf: Any
) -> None:
    # A passkey, a sign-in code or a sign-in after a reset all end in allauth's pre_login.
    from allauth.account.adapter import get_adapter
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    ada = make_user("ada@corp.test", "Ada Lovelace")
    request = rf.get("/accounts/login/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)

    response = get_adapter(request).pre_login(
        request,
        ada,
        email_verification="optional",
        signal_kwargs=None,
        email=None,
        signup=False,
        redirect_url=None,
    )

    assert response is not None
    assert response["Location"] == "/accounts/login/"
    assert AuditEvent.objects.filter(
        action="sso.password_sign_in.refused", details__attempted="sign in"
    ).exists()
