"""Housekeeping jobs of the platform itself."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from salon.core.jobs import retrying, scheduled
from salon.core.models import ScheduledRun


@scheduled("core.prune_scheduled_runs", every=timedelta(days=1))
@task()
@retrying()
def prune_scheduled_runs(*, slot: str) -> int:
    """Scheduler bookkeeping older than 30 days is no longer needed."""
    deleted, _ = ScheduledRun.objects.filter(slot__lt=timezone.now() - timedelta(days=30)).delete()
    return deleted
