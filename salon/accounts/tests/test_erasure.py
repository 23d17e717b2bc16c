from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD, client_for
from salon.accounts.models import User
from salon.accounts.services import api_token_create
from salon.communities.models import Membership
from salon.core.models import AuditEvent


def test_a_requested_deletion_is_carried_out_after_the_grace_period(
    member: Any, director: Any, circle: Any
) -> None:
    _token, raw = api_token_create(user=member, name="x")
    User.objects.filter(pk=member.pk).update(
        deletion_requested_at=timezone.now() - timedelta(days=8)
    )

    call_command("erase_requested_accounts")

    member.refresh_from_db()
    assert member.name == "Former member"
    assert member.title == ""
    assert "maya" not in member.email
    assert not member.is_active
    assert not Membership.objects.filter(user=member).exists()
    assert not circle.circle_memberships.filter(user=member).exists()
    assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    assert not Client().login(username="maya@acme.test", password=PASSWORD)
    assert "Maya" not in client_for(director).get("/c/acme/people/").content.decode()
    assert AuditEvent.objects.filter(action="accounts.account.erased").exists()


def test_a_fresh_request_waits_for_the_grace_period(member: Any) -> None:
    User.objects.filter(pk=member.pk).update(deletion_requested_at=timezone.now())

    call_command("erase_requested_accounts")

    member.refresh_from_db()
    assert member.is_active
    assert member.name == "Maya Member"
