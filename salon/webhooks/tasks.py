"""Webhook work done outside the request: fanning an event out to endpoints, and trying
each delivery (again after its wait, found by the scheduler's sweep every minute)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tasks import task

from salon.core.jobs import scheduled
from salon.webhooks import services


@task()
def fan_out(
    *,
    kind: str,
    community_id: int,
    object_id: int | None,
    snapshot: dict[str, Any],
    occurred_at: str,
) -> int:
    made = services.deliveries_create(
        kind=kind,
        community_id=community_id,
        object_id=object_id,
        snapshot=snapshot,
        occurred_at=occurred_at,
    )
    for delivery_id in made:
        deliver.enqueue(delivery_id=delivery_id)
    return len(made)


@task()
def deliver(*, delivery_id: int) -> str:
    delivery = services.delivery_attempt(delivery_id=delivery_id)
    if delivery is None:
        return "nothing to do"
    if delivery.next_attempt_at is not None and getattr(
        deliver.get_backend(), "supports_defer", False
    ):
        deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery_id=delivery_id)
    return delivery.status


@scheduled("webhooks.retry_due", every=timedelta(minutes=1))
@task()
def retry_due(*, slot: str) -> int:
    """Deliveries whose wait is over and that no deferred task picked up (a worker that
    restarted, a backend that cannot defer)."""
    due = services.deliveries_due(now=timezone.now())
    for delivery_id in due:
        deliver.enqueue(delivery_id=delivery_id)
    return len(due)
