"""Housekeeping of accounts: what the deletion page promises happens on its own."""

from __future__ import annotations

from datetime import datetime, timedelta

from django_tasks import task

from salon.accounts.services import DELETION_GRACE, accounts_erase_requested
from salon.core.jobs import retrying, scheduled


@scheduled("accounts.erase_requested", every=timedelta(hours=1))
@task()
@retrying()
def erase_requested_accounts(*, slot: str) -> int:
    """Hourly: erase the accounts whose deletion was asked for more than a week ago."""
    return accounts_erase_requested(requested_before=datetime.fromisoformat(slot) - DELETION_GRACE)
