"""Background work of matching: published matches that were not answered in time lapse,
so both people return to the pool for the next run. Imported by ``tasks.py`` so the
scheduler finds it."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task

from salon.core.jobs import retrying, scheduled
from salon.mentoring.services.matching import expire_answers


@scheduled("mentoring.expire_answers", every=timedelta(hours=1))
@task()
@retrying()
def lapse_unanswered_matches(*, slot: str) -> int:
    """Hourly: matches past their answer date lapse (idempotent: a conditional update)."""
    return expire_answers(now=max(datetime.fromisoformat(slot), timezone.now()))
