"""/readyz: out of the load balancer when the database or Redis is gone; workers reported."""

from __future__ import annotations

import os
import uuid
from typing import Any

import pytest
import redis
from django.test import Client

LIVE_REDIS = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(LIVE_REDIS, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def test_without_redis_configured_only_the_database_is_checked(db: Any, settings: Any) -> None:
    settings.REDIS_URL = ""

    ready = Client().get("/readyz")

    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "database": "ok"}


def test_a_server_whose_redis_is_unreachable_is_not_ready(db: Any, settings: Any) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    ready = Client().get("/readyz")

    assert ready.status_code == 503
    assert ready.json()["status"] == "unavailable"
    assert ready.json()["database"] == "ok"
    assert "redis" in ready.json()


@pytest.mark.skipif(not _redis_answers(), reason="needs the Redis that CI starts")
def test_with_no_worker_alive_pages_still_serve_and_the_gap_is_reported(
    db: Any, settings: Any
) -> None:
    settings.REDIS_URL = LIVE_REDIS
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    from rq import Queue, Worker

    connection = redis.Redis.from_url(LIVE_REDIS)
    for worker in Worker.all(connection=connection, queue=Queue("default", connection=connection)):
        worker.register_death()  # a CI neighbour's leftover must not count as alive

    ready = Client().get("/readyz")

    assert ready.status_code == 200
    assert ready.json() == {"status": "degraded", "database": "ok", "redis": "ok", "workers": 0}

    worker = Worker(
        [Queue("default", connection=connection)],
        connection=connection,
        name=f"readyz-{uuid.uuid4().hex[:8]}",
    )
    worker.register_birth()
    try:
        ready = Client().get("/readyz")
    finally:
        worker.register_death()

    assert ready.status_code == 200
    assert ready.json()["status"] == "ok"
    assert ready.json()["workers"] == 1
