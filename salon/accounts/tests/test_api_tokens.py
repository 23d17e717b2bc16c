"""Personal access tokens: they expire (90 days unless chosen otherwise), and stop when
their owner changes or resets the password or is deactivated."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.core import mail
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD, client_for
from salon.accounts.models import ApiToken
from salon.accounts.services import api_token_create
from salon.core.models import AuditEvent

NEW_PASSWORD = "a brand new passphrase 42"


def _works(raw: str) -> bool:
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    return response.status_code == 200


def test_a_token_expires_in_90_days_unless_the_person_chooses(member: Any) -> None:
    client = client_for(member)

    client.post("/settings/security/tokens/", {"name": "Default"})
    client.post("/settings/security/tokens/", {"name": "Month", "expires_in": "30"})
    client.post("/settings/security/tokens/", {"name": "Forever", "expires_in": "never"})

    soon = timezone.now()
    expiry: dict[str, Any] = {t.name: t.expires_at for t in ApiToken.objects.filter(user=member)}
    assert expiry["Forever"] is None
    assert timedelta(days=89) < expiry["Default"] - soon <= timedelta(days=90)
    assert timedelta(days=29) < expiry["Month"] - soon <= timedelta(days=30)
    page = client.get("/settings/security/").content.decode()
    assert expiry["Default"].strftime("%-d %b %Y") in page
    assert "In 90 days" in page
    assert AuditEvent.objects.filter(action="accounts.api_token.created").count() == 3


def test_an_expired_token_is_refused(member: Any) -> None:
    token, raw = api_token_create(user=member, name="Old", expires_in_days=30)
    assert _works(raw)

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required."}
    assert "Expired on" in client_for(member).get("/settings/security/").content.decode()


def test_changing_the_password_revokes_every_token(member: Any) -> None:
    _month, month = api_token_create(user=member, name="Month", expires_in_days=30)
    _never, never = api_token_create(user=member, name="Never", expires_in_days=None)
    client = client_for(member)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert not _works(month)
    assert not _works(never)
    assert not ApiToken.objects.filter(user=member, revoked_at__isnull=True).exists()
    revoked = AuditEvent.objects.filter(action="accounts.api_token.revoked")
    assert [e.details["reason"] for e in revoked] == ["password changed"] * 2
    assert client.get("/settings/security/").status_code == 200  # still signed in here


def test_resetting_the_password_revokes_every_token(member: Any) -> None:
    _token, raw = api_token_create(user=member, name="Script")
    client = Client()
    client.post("/accounts/password/reset/", {"email": member.email})
    link = re.search(
        r"http://testserver(/accounts/password/reset/key/\S+)", str(mail.outbox[-1].body)
    )
    assert link is not None
    form = client.get(link.group(1), follow=True)

    client.post(
        form.redirect_chain[-1][0],
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert not _works(raw)


def test_deactivation_revokes_every_token_and_is_audited(member: Any) -> None:
    _token, raw = api_token_create(user=member, name="Script")

    member.is_active = False
    member.save()

    member.is_active = True  # even switched back on, the old token stays dead
    member.save()
    assert not _works(raw)
    assert AuditEvent.objects.filter(action="accounts.account.deactivated").count() == 1
    assert AuditEvent.objects.get(action="accounts.api_token.revoked").details == {
        "user": member.email,
        "reason": "account deactivated",
    }


def test_saving_the_person_without_a_new_password_keeps_the_tokens(member: Any) -> None:
    _token, raw = api_token_create(user=member, name="Script")

    member.check_password(PASSWORD)  # may upgrade the hash of the same password
    member.name = "Maya M. Member"
    member.save()

    assert _works(raw)
