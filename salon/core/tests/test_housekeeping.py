"""The clean-ups Salon promises run on their own: the scheduler enqueues them, and each
does what the pages say (deletion within a week, unused invitations and old sessions go)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from conftest import client_for
from salon.accounts.models import User
from salon.accounts.tasks import erase_requested_accounts
from salon.communities.models import Invitation
from salon.communities.tasks import prune_unused_invitations
from salon.core.tasks import clear_expired_sessions


def _slot() -> str:
    return timezone.now().replace(minute=0, second=0, microsecond=0).isoformat()


def test_the_scheduler_runs_every_promised_clean_up(db: Any) -> None:
    out = StringIO()

    call_command("run_scheduler", "--once", stdout=out)

    for job in (
        "accounts.erase_requested",
        "communities.prune_invitations",
        "core.clear_expired_sessions",
    ):
        assert f"Enqueued {job}" in out.getvalue()


def test_an_account_is_erased_within_the_week_the_page_promises(member: Any) -> None:
    User.objects.filter(pk=member.pk).update(
        deletion_requested_at=timezone.now() - timedelta(days=6, hours=2)
    )

    assert erase_requested_accounts.call(slot=_slot()) == 1

    member.refresh_from_db()
    assert not member.is_active
    assert member.name == "Former member"


def test_an_account_asked_for_yesterday_is_kept_for_its_owner_to_change_their_mind(
    member: Any,
) -> None:
    User.objects.filter(pk=member.pk).update(
        deletion_requested_at=timezone.now() - timedelta(days=1)
    )

    assert erase_requested_accounts.call(slot=_slot()) == 0

    member.refresh_from_db()
    assert member.is_active
    assert member.name == "Maya Member"


def test_unused_invitations_go_a_month_after_they_lapse_and_accepted_ones_stay(
    community: Any, director: Any, member: Any
) -> None:
    now = timezone.now()
    Invitation.objects.create(
        community=community, email="old@elsewhere.test", expires_at=now - timedelta(days=31)
    )
    Invitation.objects.create(
        community=community, email="gone@elsewhere.test", revoked_at=now - timedelta(days=40)
    )
    recently_expired = Invitation.objects.create(
        community=community, email="recent@elsewhere.test", expires_at=now - timedelta(days=3)
    )
    accepted = Invitation.objects.create(
        community=community,
        email=member.email,
        expires_at=now - timedelta(days=90),
        accepted_at=now - timedelta(days=95),
        accepted_by=member,
    )

    assert prune_unused_invitations.call(slot=_slot()) == 2

    left = set(Invitation.objects.values_list("pk", flat=True))
    assert left == {recently_expired.pk, accepted.pk}


def test_sessions_past_their_age_are_cleared_and_live_ones_kept(member: Any) -> None:
    client_for(member).get("/home/")
    live = Session.objects.count()
    Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=timezone.now() - timedelta(days=1)
    )

    clear_expired_sessions.call(slot=_slot())

    assert Session.objects.count() == live
    assert not Session.objects.filter(session_key="x" * 32).exists()
