"""Tasks the job tests drive (django-tasks needs them at module level)."""

from __future__ import annotations

from django_tasks import task

from salon.core.jobs import retrying

calls: list[str] = []
fail_times: dict[str, int] = {}


@task()
@retrying(attempts=3)
def flaky(*, key: str) -> str:
    calls.append(key)
    if fail_times.get(key, 0) > 0:
        fail_times[key] -= 1
        raise ConnectionError("the mail server hung up")
    return "done"


@task()
def tick(*, slot: str) -> None:
    calls.append(slot)
