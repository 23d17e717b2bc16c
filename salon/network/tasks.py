"""The network's background work: telling people about messages left unread."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from salon.core.jobs import retrying, scheduled
from salon.network import notifications as notices


@scheduled("network.unread_messages", every=timedelta(minutes=15))
@task()
@retrying()
def tell_unread_messages(*, slot: str) -> int:
    """Every quarter hour: each conversation quiet for a while with messages someone has
    not read is told to them once, as their email preferences say (now, in a digest, or
    only in the app)."""
    return notices.unread_messages_due(now=timezone.now())
