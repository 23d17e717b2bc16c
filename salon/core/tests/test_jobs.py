from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from salon.core import jobs
from salon.core.models import ScheduledRun, TaskFailure
from salon.core.tests import jobs_for_tests
from salon.core.tests.jobs_for_tests import calls, fail_times, flaky, tick


@pytest.fixture(autouse=True)
def _clean() -> Any:
    calls.clear()
    fail_times.clear()
    saved = dict(jobs.JOBS)
    jobs.JOBS.clear()
    jobs.JOBS["test.tick"] = jobs.Job(name="test.tick", task=tick, every=timedelta(hours=1))
    yield
    jobs.JOBS.clear()
    jobs.JOBS.update(saved)


def test_a_task_that_fails_twice_is_retried_until_it_succeeds(db: Any) -> None:
    fail_times["a"] = 2

    flaky.enqueue(key="a")

    assert calls == ["a", "a", "a"]
    assert not TaskFailure.objects.exists()


def test_a_task_that_keeps_failing_is_recorded_as_failed(db: Any) -> None:
    fail_times["b"] = 99

    result = flaky.enqueue(key="b")

    assert calls == ["b", "b", "b"]
    failure = TaskFailure.objects.get()
    assert failure.attempts == 3
    assert failure.task.endswith("flaky")
    assert "mail server hung up" in failure.error
    assert failure.arguments == {"key": "b"}
    assert result is not None


def test_a_job_fires_once_per_slot_and_again_in_the_next(db: Any) -> None:
    nine = datetime(2026, 3, 29, 9, 5, tzinfo=UTC)

    with_commit = []
    for when in (nine, nine + timedelta(minutes=20), nine + timedelta(hours=1)):
        with_commit.append(jobs.run_due(when))

    assert with_commit == [["test.tick"], [], ["test.tick"]]
    assert ScheduledRun.objects.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_schedulers_running_at_once_fire_each_job_once() -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:"):
        pytest.skip("an in-memory SQLite database is not shared between threads")
    now = datetime(2026, 3, 29, 9, 5, tzinfo=UTC)
    barrier = threading.Barrier(4, timeout=60)
    fired: list[list[str]] = []

    def scheduler() -> None:
        barrier.wait()
        try:
            fired.append(jobs.run_due(now))
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(fired) == [[], [], [], ["test.tick"]]
    assert ScheduledRun.objects.filter(job="test.tick").count() == 1
    assert calls == [jobs.JOBS["test.tick"].slot(now).isoformat()]


def test_the_scheduler_command_enqueues_due_jobs(db: Any, capsys: Any) -> None:
    call_command("run_scheduler", "--once")

    assert "Enqueued test.tick" in capsys.readouterr().out


def test_the_module_registers_the_tasks_it_defines() -> None:
    assert jobs_for_tests.flaky.name == "flaky"
