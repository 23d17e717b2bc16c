"""What a signed-in request costs before its page's own work, in-process (issue #13).

    .venv/bin/python -m bench.signed_in            # N=2,000 requests per row
    .venv/bin/python -m bench.signed_in -n 500

Builds a throwaway SQLite database (migrated in a temporary folder), one community with
its director, signs the director in and then calls Salon's WSGI application directly, as
gunicorn does, N times per row: no HTTP, no load, so the numbers hold on a busy machine.
Per row it reports the median wall time per request (time.perf_counter), the SQL run per
request and how many of them write (INSERT, UPDATE, DELETE), and the ratio to Salon's
anonymous hello world (`/bench/hello`) measured in the same run. `/bench/query` is that
hello world plus one ORM read by primary key: what "a one-query page" costs here.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def environ(path: str, cookie: str) -> dict[str, Any]:
    env = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "testserver",
        "HTTP_USER_AGENT": "salon-bench/1",
        "HTTP_ACCEPT": "text/html",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        env["HTTP_COOKIE"] = cookie
    return env


def call(application: Any, path: str, cookie: str) -> tuple[float, float]:
    """Wall and CPU seconds of one request."""
    statuses: list[str] = []
    started, cpu = time.perf_counter(), time.thread_time()
    response = application(environ(path, cookie), lambda s, h, e=None: statuses.append(s))
    for _chunk in response:
        pass
    response.close()
    elapsed, cpu = time.perf_counter() - started, time.thread_time() - cpu
    if not statuses or not statuses[0].startswith("200"):
        raise SystemExit(f"{path} answered {statuses}")
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("-n", type=int, default=2000, help="requests per row")
    parser.add_argument("--profile", action="store_true", help="cProfile signed-in /healthz")
    parser.add_argument("--sort", default="tottime", help="cProfile order (tottime, cumtime)")
    args = parser.parse_args()

    var = tempfile.mkdtemp(prefix="salon-signed-in-")
    os.environ["SALON_VAR_DIR"] = var
    os.environ["SALON_BENCH"] = "1"
    os.environ.setdefault("DEBUG", "0")
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "salon.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.http import HttpRequest, HttpResponse
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import path

    import salon.urls
    from salon.accounts.models import User
    from salon.communities.models import Community, Membership, Role

    def one_query(request: HttpRequest) -> HttpResponse:
        User.objects.filter(pk=1).first()
        return HttpResponse("Hello, world")

    salon.urls.urlpatterns.append(path("bench/query", one_query))
    settings.ALLOWED_HOSTS = ["*"]
    # No collectstatic here: static URLs without the manifest's hashes.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    community = Community.objects.create(name="Acme Leaders", slug="acme")
    director = User.objects.create_user(
        email="diana@acme.test", password="x" * 16, name="Diana", timezone_confirmed=True
    )
    Membership.objects.create(user=director, community=community, role=Role.DIRECTOR)
    client = Client()
    client.force_login(director)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    connection.close()

    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    home = f"/c/{community.slug}/"
    rows = [
        ("hello world, anonymous", "/bench/hello", ""),
        ("hello world + one query, anonymous", "/bench/query", ""),
        ("/healthz, anonymous", "/healthz", ""),
        ("/healthz, signed in", "/healthz", cookie),
        ("community home, signed in", home, cookie),
    ]
    results = []
    for label, url, jar in rows:
        for _ in range(50):  # warm up
            call(application, url, jar)
        with CaptureQueriesContext(connection) as captured:
            call(application, url, jar)
        queries = [q["sql"] for q in captured.captured_queries]
        writes = [sql for sql in queries if sql.lstrip().upper().startswith(WRITES)]
        samples = [call(application, url, jar) for _ in range(args.n)]
        wall = 1e6 * statistics.median(s[0] for s in samples)
        cpu = 1e6 * statistics.median(s[1] for s in samples)
        results.append((label, wall, cpu, len(queries), len(writes)))
        if args.profile and url == "/healthz" and jar:
            profiler = cProfile.Profile(time.thread_time)
            profiler.enable()
            for _ in range(args.n):
                call(application, url, jar)
            profiler.disable()
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(30)
    hello_wall, hello_cpu = results[0][1], results[0][2]
    print(f"Median µs per request over {args.n} requests, in-process (bench/signed_in.py)")
    print()
    print("| Request | wall µs | × hello | CPU µs | × hello | queries | writes |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, wall, cpu, queries, writes in results:
        print(
            f"| {label} | {wall:,.0f} | {wall / hello_wall:.2f} | {cpu:,.0f} "
            f"| {cpu / hello_cpu:.2f} | {queries} | {writes} |"
        )


if __name__ == "__main__":
    main()
