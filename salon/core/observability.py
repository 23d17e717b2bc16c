"""What an operator reads: a request id on every log line, JSON logs, and Prometheus metrics.

- ``RequestIdMiddleware`` gives each request an id (the proxy's ``X-Request-ID`` when it is
  a sane one, else a new one), puts it on every log line written while the request runs,
  returns it in the response's ``X-Request-ID``, and, with JSON logs, writes one line per
  request (route, status, duration). A task queued during the request logs the request's
  id beside the task's id; the worker's lines for that task carry ``task:<task id>``.
- ``JsonFormatter`` is the formatter ``SALON_LOG_FORMAT=json`` switches on.
- ``/metrics`` (``metrics`` view) serves Prometheus' text format to an operator only: a
  caller with ``SALON_METRICS_TOKEN`` as bearer token, or from ``SALON_METRICS_NETWORKS``.
  With several worker processes, set ``PROMETHEUS_MULTIPROC_DIR`` to an empty folder shared
  by them (cleared at each start), so that any process answers for all.
"""

from __future__ import annotations

import contextvars
import hmac
import ipaddress
import json
import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import Http404
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from salon.core.http import client_ip

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
logger = logging.getLogger("salon.requests")
SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")

REQUESTS = Counter(
    "salon_http_requests",
    "Requests answered, by route name, method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "salon_http_request_duration_seconds",
    "Time to answer a request, by route name.",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10),
)
TASKS_QUEUED = Counter("salon_tasks_enqueued", "Tasks queued, by task.", ["task"])


# Logs -----------------------------------------------------------------------------------


class RequestIdFilter(logging.Filter):
    """Puts the current request's (or task's) id on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, and the extra
    fields a call passes (``logger.info("…", extra={"route": …})``)."""

    STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
        "message",
        "asctime",
        "request_id",
    }

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if rid := getattr(record, "request_id", ""):
            entry["request_id"] = rid
        for key, value in vars(record).items():
            if key not in self.STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


# Requests -------------------------------------------------------------------------------


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.access_log = settings.SALON_LOG_FORMAT == "json"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if SANE_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            match = request.resolver_match
            route = match.view_name if match else "unmatched"
            REQUESTS.labels(route, request.method or "", str(response.status_code)).inc()
            LATENCY.labels(route).observe(seconds)
            if self.access_log:
                logger.info(
                    "%s %s %s",
                    request.method,
                    route,
                    response.status_code,
                    extra={
                        "request_id": rid,
                        "route": route,
                        "method": request.method,
                        "status": response.status_code,
                        "duration_ms": round(seconds * 1000, 1),
                    },
                )
            response["X-Request-ID"] = rid
            return response
        finally:
            request_id.reset(token)


def task_enqueued(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """Links a queued task to the request that queued it (the worker logs the task id)."""
    TASKS_QUEUED.labels(task_result.task.module_path).inc()
    if request_id.get():
        logger.info(
            "queued %s",
            task_result.task.module_path,
            extra={
                "request_id": request_id.get(),
                "task": task_result.task.module_path,
                "task_id": str(task_result.id),
            },
        )


def task_started(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """In a worker, the task's lines carry its id. A task run inline (no worker) keeps the
    id of the request that ran it."""
    if not request_id.get() or request_id.get().startswith("task:"):
        request_id.set(f"task:{task_result.id}")


def task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    if request_id.get() == f"task:{task_result.id}":
        request_id.set("")


# /metrics -------------------------------------------------------------------------------


def operator_may_read(request: HttpRequest) -> bool:
    token = settings.SALON_METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(client_ip(request) or "")
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(n, strict=False) for n in settings.SALON_METRICS_NETWORKS
    )


class StateCollector:
    """Figures read at each scrape: the task queue, failed tasks, the database pool."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from salon.core.dbpool import pool_stats
        from salon.core.models import TaskFailure

        depth = GaugeMetricFamily(
            "salon_task_queue_depth", "Tasks waiting in the queue.", labels=["queue"]
        )
        for queue, waiting in queue_depths().items():
            depth.add_metric([queue], waiting)
        yield depth
        yield GaugeMetricFamily(
            "salon_task_failures",
            "Tasks that failed after their last retry (core.TaskFailure rows).",
            value=TaskFailure.objects.count(),
        )
        stats = pool_stats()
        for key in ("pool_size", "pool_available", "requests_waiting", "pool_max"):
            if key in stats:
                yield GaugeMetricFamily(
                    f"salon_db_{key}",
                    f"The answering process' PostgreSQL pool: {key.replace('_', ' ')}.",
                    value=stats[key],
                )
        if "requests_wait_ms" in stats:
            yield GaugeMetricFamily(
                "salon_db_pool_wait_seconds",
                "Time requests of the answering process waited for a connection, in total.",
                value=stats["requests_wait_ms"] / 1000,
            )


def queue_depths() -> dict[str, int]:
    if "django_tasks_rq" in settings.INSTALLED_APPS:
        import django_rq

        return {name: len(django_rq.get_queue(name)) for name in settings.RQ_QUEUES}
    from django_tasks_db.models import DBTaskResult

    return {"default": DBTaskResult.objects.filter(status="READY", queue_name="default").count()}


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not operator_may_read(request):
        raise Http404
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        for collector in (REQUESTS, LATENCY, TASKS_QUEUED):
            registry.register(collector)
    registry.register(StateCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
