"""What /readyz checks: the database always; Redis and the task workers when configured.

A page server is taken out of a load balancer when it can't serve: the database or Redis
(sessions, rate limits, the task queue) unreachable gives 503. Workers that stopped do not
stop pages from being served, and taking every page server out because of them would turn
a delay in emails into an outage, so they are reported (``"workers": 0``, status
``"degraded"``) with a 200 that monitoring can alert on.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _redis_connection() -> Any:
    import redis

    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


def _workers(redis_connection: Any) -> int:
    """RQ workers alive on the default queue: RQ keeps a worker's key only while it
    sends heartbeats, so a worker that died drops out of this count by itself."""
    from rq import Queue, Worker

    queue = Queue("default", connection=redis_connection)
    return len(Worker.all(connection=redis_connection, queue=queue))


def readiness() -> tuple[int, dict[str, Any]]:
    """The HTTP status and the body of /readyz."""
    body: dict[str, Any] = {"status": "ok"}
    try:
        body["database"] = _database()
    except Exception as exc:  # any failure means "not ready"
        return 503, {"status": "unavailable", "database": str(exc)[:200]}
    if not settings.REDIS_URL:
        return 200, body
    try:
        redis_connection = _redis_connection()
        redis_connection.ping()
        body["redis"] = "ok"
    except Exception as exc:
        return 503, {**body, "status": "unavailable", "redis": str(exc)[:200]}
    if str(settings.TASKS["default"]["BACKEND"]).startswith("django_tasks_rq."):
        body["workers"] = _workers(redis_connection)
        if body["workers"] == 0:
            body["status"] = "degraded"
    return 200, body
