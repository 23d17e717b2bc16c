"""What an operator reads: /metrics for them alone, and a request id on every log line."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from conftest import client_for
from salon.core.observability import JsonFormatter

TOKEN = "s3cret-metrics-token-for-the-operator"
ON_POSTGRES = django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.fixture
def operator_settings(settings: Any) -> Any:
    settings.SALON_METRICS_TOKEN = TOKEN
    settings.SALON_METRICS_NETWORKS = ["10.20.0.0/16"]
    return settings


def test_metrics_are_not_found_by_anyone_outside_the_operators_network(
    operator_settings: Any, director: Any
) -> None:
    director.is_superuser = director.is_staff = True
    director.save()

    assert Client().get("/metrics").status_code == 404
    assert client_for(director).get("/metrics").status_code == 404
    wrong = Client().get("/metrics", headers={"Authorization": "Bearer guessed"})
    assert wrong.status_code == 404


def test_with_neither_token_nor_network_set_metrics_are_off(member: Any) -> None:
    # What the permission matrix sees too: the test settings set neither.
    assert Client(REMOTE_ADDR="10.20.1.1").get("/metrics").status_code == 404
    assert client_for(member).get("/metrics").status_code == 404


def test_the_operator_reads_request_counts_latency_queue_depth_and_failures(
    operator_settings: Any, member: Any
) -> None:
    client_for(member).get("/home/")

    response = Client().get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert 'salon_http_requests_total{method="GET",route="core:dashboard",status="200"}' in text
    assert 'salon_http_request_duration_seconds_bucket{le="0.3",route="core:dashboard"}' in text
    assert 'salon_task_queue_depth{queue="default"}' in text
    assert "salon_task_failures 0.0" in text
    if ON_POSTGRES:
        pool_max = django_settings.DATABASES["default"]["OPTIONS"]["pool"]["max_size"]
        assert f"salon_db_pool_max {float(pool_max)}" in text


def test_a_caller_from_the_operators_network_needs_no_token(
    operator_settings: Any, db: Any
) -> None:
    inside = Client(REMOTE_ADDR="10.20.3.4")

    assert inside.get("/metrics").status_code == 200
    assert inside.post("/metrics").status_code == 405


def test_every_response_names_its_request_and_keeps_a_sane_id_from_the_proxy(
    member: Any,
) -> None:
    client = client_for(member)

    fresh = client.get("/home/")
    given = client.get("/home/", headers={"X-Request-ID": "proxy-7f3a9c01"})
    odd = client.get("/home/", headers={"X-Request-ID": "<script>"})

    assert len(fresh["X-Request-ID"]) == 32
    assert given["X-Request-ID"] == "proxy-7f3a9c01"
    assert odd["X-Request-ID"] != "<script>"


def test_json_logs_give_one_line_per_request_with_its_id_route_and_status(
    settings: Any, member: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.SALON_LOG_FORMAT = "json"
    client = client_for(member)  # a new client loads the middleware with these settings

    with caplog.at_level(logging.INFO, logger="salon.requests"):
        client.get("/home/", headers={"X-Request-ID": "proxy-7f3a9c01"})

    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records]
    line = next(entry for entry in lines if entry.get("route") == "core:dashboard")
    assert line["request_id"] == "proxy-7f3a9c01"
    assert line["status"] == 200
    assert line["method"] == "GET"
    assert line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_queued_by_a_request_is_logged_with_the_requests_id(
    director: Any, community: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from salon.discussions.categories import category_create

    general = category_create(actor=director, community=community, name="General")

    with caplog.at_level(logging.INFO, logger="salon.requests"):
        client_for(director).post(
            "/c/acme/forum/new/",
            {"category": general.pk, "kind": "discussion", "title": "Offsites", "body": "Ideas?"},
            headers={"X-Request-ID": "proxy-7f3a9c01"},
        )

    queued = [
        json.loads(JsonFormatter().format(r))
        for r in caplog.records
        if r.getMessage() == "queued salon.discussions.tasks.tell_topic_created"
    ]
    assert [line["request_id"] for line in queued] == ["proxy-7f3a9c01"]
    assert queued[0]["task_id"]
