"""The organisation's rule "two-step sign-in for password accounts": those without it set it
up before anything else; single sign-on leaves it to the identity provider."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.core.cache import cache
from django.test import Client

from conftest import PASSWORD, client_for
from salon.accounts.models import User
from salon.core.models import AuditEvent
from salon.sso import services
from salon.sso.models import IdentityProvider
from salon.sso.tests.conftest import CALLBACK
from salon.sso.tests.idp import OidcProvider, callback_path


def _require_mfa(admin: User) -> None:
    services.policy_update(actor=admin, require_mfa=True)


def _password_sign_in(user: User) -> Client:
    client = client_for(None)  # runs after-commit work, as allauth's signals need
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_a_password_account_without_two_step_is_sent_to_set_it_up(
    member: User, outsider: User
) -> None:
    outsider.is_staff = True
    outsider.save()
    _require_mfa(outsider)
    client = _password_sign_in(member)

    page = client.get("/home/")
    assert page.status_code == 302
    assert page["Location"] == "/accounts/2fa/"
    assert client.get("/c/acme/").status_code == 302
    api = client.get("/api/v1/me")
    assert api.status_code == 403
    assert "two-step sign-in" in api.json()["detail"]
    setup = client.get("/accounts/2fa/")
    assert setup.status_code == 200
    assert "Your organisation requires two-step sign-in" in setup.content.decode()

    # They add an authenticator app (allauth asks for the password again first): Salon
    # opens up at once.
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    activate = client.get("/accounts/2fa/totp/activate/")
    assert activate.status_code == 200, activate.get("Location")
    secret = client.session[SECRET_SESSION_KEY]
    done = client.post("/accounts/2fa/totp/activate/", {"code": _code(secret)})
    assert done.status_code == 302, done.content.decode()[-3000:]
    assert "/reauthenticate/" not in done["Location"], done["Location"]
    assert client.get("/home/").status_code == 200
    assert AuditEvent.objects.filter(action="sso.policy.updated").exists()


def test_without_the_rule_nobody_is_stopped(member: User) -> None:
    client = _password_sign_in(member)

    assert client.get("/home/").status_code == 200


def test_the_rule_does_not_stop_single_sign_on(
    corp_idp: IdentityProvider, oidc_idp: OidcProvider, outsider: User
) -> None:
    outsider.is_staff = True
    outsider.save()
    _require_mfa(outsider)
    oidc_idp.set_accounts({"ada-mfa": {"email": "ada@corp.test", "name": "Ada Lovelace"}})
    client = Client()
    start = client.post("/accounts/oidc/corp/login/")
    client.get(callback_path(oidc_idp.sign_in(start["Location"], "ada-mfa", until=CALLBACK)))

    assert client.get("/api/v1/me").status_code == 200


def test_someone_already_using_two_step_is_not_stopped(member: User, outsider: Any) -> None:
    outsider.is_staff = True
    outsider.save()
    client = client_for(member)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.get("/accounts/2fa/totp/activate/")
    client.post("/accounts/2fa/totp/activate/", {"code": _code(client.session[SECRET_SESSION_KEY])})
    _require_mfa(outsider)

    fresh = Client()
    step = fresh.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert step["Location"] == "/accounts/2fa/authenticate/"
    secret = Authenticator.objects.get(user=member, type="totp").data["secret"]
    cache.clear()  # allauth refuses a code used twice: this one was used to set it up
    fresh.post("/accounts/2fa/authenticate/", {"code": _code(secret)})

    assert fresh.get("/api/v1/me").status_code == 200
