"""Background jobs: retries for tasks, and a scheduler that is safe to run twice.

``@retrying(attempts=3)`` wraps a task body: on an exception it re-enqueues the task with
a growing delay, and after the last attempt records a ``TaskFailure`` and re-raises (so
the backend marks the result failed too).

``@scheduled("name", every=timedelta(hours=1))`` registers a task to be enqueued once per
time slot. ``run_due()`` is what the ``run_scheduler`` process calls: for each job whose
current slot has not run, it inserts a ``ScheduledRun`` row; the unique constraint lets
exactly one of several concurrent schedulers win, and only the winner enqueues.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from salon.core.models import ScheduledRun, TaskFailure

logger = logging.getLogger(__name__)

# Seconds to wait before attempt 2, 3, …
BACKOFF = (30, 300, 1800)


def retrying(attempts: int = 3) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Retry a task body up to ``attempts`` times. Put it *under* ``@task()``."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, attempt: int = 1, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except Exception as exc:
                name = f"{func.__module__}.{func.__qualname__}"
                if attempt >= attempts:
                    TaskFailure.objects.create(
                        task=name, arguments=kwargs, attempts=attempt, error=repr(exc)[:4000]
                    )
                    logger.exception("Task %s failed after %d attempts", name, attempt)
                    raise
                delay = BACKOFF[min(attempt - 1, len(BACKOFF) - 1)]
                logger.warning("Task %s failed (attempt %d); retrying in %ds", name, attempt, delay)
                _requeue(func, delay, attempt + 1, args, kwargs)
                return None

        return wrapper

    return decorate


def _requeue(
    func: Callable[..., Any], delay: int, attempt: int, args: Any, kwargs: dict[str, Any]
) -> None:
    # ``@task()`` replaced the module-level function with the Task; find it by its path.
    task = import_string(f"{func.__module__}.{func.__name__}")
    if getattr(task.get_backend(), "supports_defer", False):
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
    task.enqueue(*args, attempt=attempt, **kwargs)


@dataclass(frozen=True)
class Job:
    name: str
    task: Any
    every: timedelta

    def slot(self, now: datetime) -> datetime:
        """The start of the time slot ``now`` falls in (slots are aligned to the epoch)."""
        seconds = int(self.every.total_seconds())
        epoch = int(now.timestamp())
        return datetime.fromtimestamp(epoch - epoch % seconds, tz=UTC)


JOBS: dict[str, Job] = {}


def scheduled(name: str, *, every: timedelta) -> Callable[[Any], Any]:
    """Register a task (a django-tasks ``Task``) to be enqueued once per ``every``."""

    def register(task: Any) -> Any:
        if name in JOBS:
            raise ValueError(f"A job named {name!r} is already scheduled.")
        JOBS[name] = Job(name=name, task=task, every=every)
        return task

    return register


def run_due(now: datetime | None = None) -> list[str]:
    """Enqueue every job whose current slot has not run yet; return the names enqueued."""
    now = now or timezone.now()
    fired: list[str] = []
    for job in JOBS.values():
        slot = job.slot(now)
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job.name, slot=slot)
                transaction.on_commit(functools.partial(job.task.enqueue, slot=slot.isoformat()))
        except IntegrityError:
            continue  # another scheduler (or an earlier loop) already took this slot
        fired.append(job.name)
    return fired
