"""What every signed-in page pays before its own work (issue #13): no database writes on a
plain read, one query to know who is asking, memberships read once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import client_for
from salon.core.middleware import IdleSessionMiddleware

ROOT = Path(__file__).resolve().parents[3]
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")

pytestmark = pytest.mark.django_db


def _writes(captured: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)
    ]


def test_a_plain_signed_in_get_writes_nothing_to_the_database(director: Any) -> None:
    client = client_for(director)

    with CaptureQueriesContext(connection) as captured:
        pages = [client.get(url) for url in ("/home/", "/c/acme/", "/healthz", "/home/")]

    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    assert _writes(captured) == []


def test_a_signed_in_cheap_page_reads_only_who_is_asking(director: Any) -> None:
    client = client_for(director)
    client.get("/home/")

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/healthz")

    assert response.status_code == 200
    # The session comes from the cache; the one query reads the person.
    assert len(captured.captured_queries) == 1
    assert "accounts_user" in captured.captured_queries[0]["sql"]


def test_the_community_home_reads_the_viewers_memberships_once(director: Any) -> None:
    client = client_for(director)
    client.get("/c/acme/")

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/c/acme/")

    assert response.status_code == 200
    memberships = [
        q["sql"]
        for q in captured.captured_queries
        if f'WHERE "communities_membership"."user_id" = {director.pk}' in q["sql"]
    ]
    assert len(memberships) == 1


def _last_seen_ago(client: Any, seconds: int) -> None:
    session = client.session
    session[IdleSessionMiddleware.KEY] = int(time.time()) - seconds
    session.save()


def test_a_page_read_within_minutes_of_the_last_leaves_the_session_alone(member: Any) -> None:
    client = client_for(member)
    _last_seen_ago(client, 200)

    with CaptureQueriesContext(connection) as captured:
        assert client.get("/home/").status_code == 200

    assert _writes(captured) == []


def test_the_last_request_is_recorded_again_after_five_minutes(member: Any) -> None:
    client = client_for(member)
    _last_seen_ago(client, 301)

    assert client.get("/home/").status_code == 200

    assert int(time.time()) - client.session[IdleSessionMiddleware.KEY] < 5


def test_a_web_process_keeps_its_sqlite_connection_between_requests(tmp_path: Path) -> None:
    """A new SQLite connection per request (PRAGMAs, schema, WAL checkpoint on close) cost
    more than the rest of a signed-in request's fixed cost together."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "db = settings.DATABASES['default']; "
        "print(db['ENGINE'].rsplit('.', 1)[-1], db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "salon.settings", "SALON_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )

    engine, max_age, health_checks = out.stdout.split()
    assert engine == "sqlite3"
    assert int(max_age) >= 60
    assert health_checks == "True"
