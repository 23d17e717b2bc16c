"""On PostgreSQL each process lends its threads connections from one bounded pool: many
members at once get their pages, and the server never runs out of connections (issue #19).

The servers here are the real ones (gunicorn's threaded workers for pages over WSGI,
uvicorn's workers over ASGI), started as in production against the test database, with
the production settings module.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from salon.discussions.categories import category_create
from salon.discussions.services.topics import topic_create

ROOT = Path(__file__).resolve().parents[3]
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
pytestmark = [
    pytest.mark.skipif(not ON_POSTGRES, reason="connection pooling is PostgreSQL's"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORKERS = 2
POOL = 4
REQUESTS = 200
APP_NAME = "salon-pool-test"

SERVERS = {
    "wsgi": [
        "-m",
        "gunicorn",
        "salon.wsgi:application",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "gthread",
        "--threads",
        "8",  # more threads than connections: the pool, not the thread count, bounds it
        "--bind",
        "127.0.0.1:{port}",
    ],
    "asgi": [
        "-m",
        "uvicorn",
        "salon.asgi:application",
        "--workers",
        str(WORKERS),
        "--host",
        "127.0.0.1",
        "--port",
        "{port}",
        "--no-access-log",
        "--lifespan",
        "off",
    ],
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _dsn() -> str:
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{user}{password}@{host}/{db['NAME']}"


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Any]:
    started: list[subprocess.Popen[bytes]] = []

    def start(kind: str) -> str:
        if not (ROOT / "staticfiles" / "staticfiles.json").exists():
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
                cwd=ROOT,
                check=True,
            )
        port = _free_port()
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE", "DEBUG"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="salon.settings",
            DATABASE_URL=_dsn(),
            DATABASE_POOL_MAX_SIZE=str(POOL),
            # On this shared machine a request may wait for a connection longer than the
            # production default allows; what is checked is that none is refused.
            DATABASE_POOL_TIMEOUT="60",
            PGAPPNAME=APP_NAME,  # libpq names each server connection: they are counted
            SECRET_KEY=settings.SECRET_KEY,  # the sessions signed here are read there
            SALON_VAR_DIR=str(tmp_path),
            SALON_BASE_URL=f"http://127.0.0.1:{port}",
        )
        command = [sys.executable, *(a.format(port=port) for a in SERVERS[kind])]
        process = subprocess.Popen(command, cwd=ROOT, env=env)
        started.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120  # a loaded 2-core machine boots workers slowly
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                return base
            except OSError as error:
                if process.poll() is not None:
                    raise RuntimeError(f"{kind} exited with {process.returncode}") from error
                time.sleep(0.2)
        raise RuntimeError(f"{kind} server did not start")

    yield start
    for process in started:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


class ConnectionCounter(threading.Thread):
    """Polls pg_stat_activity for the servers' connections; keeps the most seen at once."""

    def __init__(self, dsn: str) -> None:
        super().__init__(daemon=True)
        self.dsn = dsn
        self.most = 0
        self.done = threading.Event()

    def run(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self.done.is_set():
                row = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                    [APP_NAME],
                ).fetchone()
                self.most = max(self.most, int(row[0]) if row else 0)
                time.sleep(0.02)


@pytest.mark.parametrize("kind", ["wsgi", "asgi"])
def test_200_members_at_once_all_get_the_forum_within_a_bounded_number_of_connections(
    kind: str, serve: Any, director: Any, member: Any, community: Any
) -> None:
    general = category_create(actor=director, community=community, name="General")
    for n in range(5):
        topic_create(actor=director, category=general, title=f"Offsite formats {n}", body="…")
    client = Client()
    client.force_login(member)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    base = serve(kind)
    url = f"{base}/c/{community.slug}/forum/"

    def fetch(_: int) -> tuple[int, bool]:
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        try:
            with urllib.request.urlopen(request, timeout=90) as response:
                return response.status, b"Offsite formats 4" in response.read()
        except urllib.error.HTTPError as error:
            return error.code, False

    counter = ConnectionCounter(_dsn())
    counter.start()
    try:
        with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
            results = list(pool.map(fetch, range(REQUESTS)))
    finally:
        counter.done.set()
        counter.join()

    statuses = sorted({status for status, _ in results})
    assert statuses == [200], statuses
    assert all(shown for _, shown in results)
    assert 1 <= counter.most <= WORKERS * POOL, counter.most


def test_a_forked_child_opens_its_own_connection_and_leaves_the_parents_working() -> None:
    """What an RQ worker's work horse does: the parent's pooled connection survives it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        parent_pid = cursor.fetchone()[0]
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through its exit status
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                os._exit(0 if cursor.fetchone()[0] != parent_pid else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(child, 0)

    assert os.waitstatus_to_exitcode(status) == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] == parent_pid
