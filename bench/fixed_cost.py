"""Where the fixed cost of a request goes: `/healthz`, anonymous and signed in, in-process.

    python -m bench.fixed_cost --cookie 'sessionid=…'      # on DATABASE_URL's bench database
    python -m bench.fixed_cost --json …                     # records + table for bench/run.py

`/healthz` does no work of its own, so everything it costs is what every page pays before
and after its view. This process builds Salon's WSGI application (salon.wsgi, as gunicorn
does) with a timing mark between every two middleware of settings.MIDDLEWARE, then calls
it directly with a WSGI environ (no HTTP, no client), reads the body and closes the
response as a server does. Times are CPU time of the thread (time.thread_time), which
other programs on a shared machine do not inflate. Per middleware it reports its own time
(in and out, without the layers inside it), plus the handler around the stack (request
object, signals, closing the database connection) and the innermost layer (URL resolution
and the view). Then
cProfile of the signed-in request gives the functions the time is spent in.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = 300
WARMUP = 40
# CPU time of this thread: what limits a busy server, and unlike the wall clock it does not
# grow when other programs take the CPU away (the bench's machine is shared).
CLOCK = time.thread_time

# Filled by the marks: per request, the clock at each mark's way in and way out.
_IN: dict[int, float] = {}
_OUT: dict[int, float] = {}


class _Mark:
    index = -1

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        _IN[self.index] = CLOCK()
        response = self.get_response(request)
        _OUT[self.index] = CLOCK()
        return response


def _mark_path(index: int) -> str:
    name = f"Mark{index}"
    if name not in globals():
        globals()[name] = type(name, (_Mark,), {"index": index})
    return f"{__name__}.{name}"


def environ(path: str, cookie: str, port: str) -> dict[str, Any]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": port,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": f"127.0.0.1:{port}",
        "HTTP_USER_AGENT": "salon-bench/1",
        "HTTP_ACCEPT": "text/html,application/json",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    return environ


def _call(application: Any, path: str, cookie: str, port: str) -> float:
    statuses: list[str] = []
    started = CLOCK()
    response = application(environ(path, cookie, port), lambda s, h, e=None: statuses.append(s))
    for _chunk in response:
        pass
    response.close()
    total = CLOCK() - started
    if not statuses or not statuses[0].startswith("200"):
        raise SystemExit(f"{path} answered {statuses}")
    return total


def measure(application: Any, names: list[str], cookie: str, port: str) -> dict[str, float]:
    """Median µs per request of each middleware's own time, the handler and the view."""
    layers = len(names)
    samples: dict[str, list[float]] = {name: [] for name in [*names, "handler", "view", "total"]}
    for n in range(WARMUP + REQUESTS):
        _IN.clear()
        _OUT.clear()
        total = _call(application, "/healthz", cookie, port)
        if n < WARMUP:
            continue
        samples["total"].append(total)
        samples["handler"].append(total - (_OUT[0] - _IN[0]))
        for index, name in enumerate(names):
            if index + 1 not in _IN:  # answered without calling the layers inside
                samples[name].append(_OUT[index] - _IN[index])
                continue
            inner = _OUT[index + 1] - _IN[index + 1]
            samples[name].append((_OUT[index] - _IN[index]) - inner)
        if layers in _IN:
            samples["view"].append(_OUT[layers] - _IN[layers])
    return {name: 1e6 * statistics.median(values) for name, values in samples.items() if values}


def profile(application: Any, cookie: str, port: str, top: int = 15) -> list[dict[str, Any]]:
    """cProfile over REQUESTS signed-in requests: the functions with the most own time."""
    for _ in range(WARMUP):
        _call(application, "/healthz", cookie, port)
    profiler = cProfile.Profile(CLOCK)
    profiler.enable()
    for _ in range(REQUESTS):
        _call(application, "/healthz", cookie, port)
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, line, function), (_cc, calls, own, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        where = filename
        for marker in ("site-packages/", "lib/python3", str(ROOT) + "/"):
            if marker in where:
                where = where.split(marker, 1)[1]
        rows.append(
            {
                "function": f"{where}:{line}({function})",
                "calls": calls / REQUESTS,
                "own_us": 1e6 * own / REQUESTS,
                "cumulative_us": 1e6 * cumulative / REQUESTS,
            }
        )
    rows.sort(key=lambda row: -row["own_us"])
    return rows[:top]


def parts(application: Any, port: str, user_id: int) -> dict[str, float]:
    """Median CPU µs of the database work a signed-in request does outside its view, one
    request's worth at a time between requests: opening the connection (connect, the
    settings' init_command; SQLite reads the schema on a connection's first statement),
    reading the user, closing it."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    samples: dict[str, list[float]] = {"connect": [], "user": [], "close": []}
    users = get_user_model().objects
    for n in range(WARMUP + REQUESTS // 2):
        _call(application, "/healthz", "", port)  # as between two signed-in requests
        started = CLOCK()
        connection.ensure_connection()
        connected = CLOCK()
        users.get(pk=user_id)
        read = CLOCK()
        connection.close()
        closed = CLOCK()
        if n >= WARMUP:
            samples["connect"].append(connected - started)
            samples["user"].append(read - connected)
            samples["close"].append(closed - read)
    return {name: 1e6 * statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--cookie", required=True, help="the signed-in session's Cookie header")
    parser.add_argument("--json", action="store_true", help="print records and table as JSON")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django
    from django.conf import settings

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    unmarked = WSGIHandler()  # for cProfile, without the marks' own cost
    names = list(settings.MIDDLEWARE)
    marked: list[str] = []
    for index, name in enumerate(names):
        marked += [_mark_path(index), name]
    marked.append(_mark_path(len(names)))
    settings.MIDDLEWARE = marked

    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    application = get_wsgi_application()
    port = os.environ.get("SALON_BASE_URL", "http://127.0.0.1:8000").rsplit(":", 1)[-1]
    anonymous = measure(application, names, "", port)
    signed_in = measure(application, names, args.cookie, port)
    with CaptureQueriesContext(connection) as captured:
        _call(application, "/healthz", args.cookie, port)
    queries = [q["sql"] for q in captured.captured_queries]
    hot = profile(unmarked, args.cookie, port)
    from salon.accounts.models import User
    from salon.demo.scale import scale_director_email

    user_id = User.objects.get(email=scale_director_email()).pk
    database = parts(application, port, user_id)
    schema_objects = 0
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master")
            schema_objects = cursor.fetchone()[0]
        connection.close()
    db = settings.DATABASES["default"]
    init = settings.DATABASES["default"].get("OPTIONS", {}).get("init_command", "")

    rows = [("handler", "WSGI handler: request object, signals, closing the connection")]
    rows += [(name, f"`{name}`") for name in names]
    rows += [("view", "URL resolution and the view (`healthz`)")]
    records: list[dict[str, Any]] = []
    lines = [
        "## Fixed cost of a request: `/healthz`, in-process",
        "",
        f"Median CPU µs per request over {REQUESTS} requests, Salon's WSGI application called "
        "directly (bench/fixed_cost.py); each middleware's own time, in and out, without "
        "the layers inside it.",
        "",
        "| Layer | anonymous, CPU µs | signed in, CPU µs |",
        "|---|---:|---:|",
    ]
    for key, label in rows:
        lines.append(f"| {label} | {anonymous.get(key, 0):,.0f} | {signed_in.get(key, 0):,.0f} |")
        short = key.rsplit(".", 1)[-1]
        records.append(
            {
                "name": f"fixed_cost.anonymous.{short}",
                "value": round(anonymous.get(key, 0)),
                "unit": "µs",
            }
        )
        records.append(
            {
                "name": f"fixed_cost.signed_in.{short}",
                "value": round(signed_in.get(key, 0)),
                "unit": "µs",
            }
        )
    lines.append(
        f"| **Whole request** | **{anonymous['total']:,.0f}** | **{signed_in['total']:,.0f}** |"
    )
    records.append(
        {"name": "fixed_cost.anonymous.total", "value": round(anonymous["total"]), "unit": "µs"}
    )
    records.append(
        {"name": "fixed_cost.signed_in.total", "value": round(signed_in["total"]), "unit": "µs"}
    )
    lazy = max(names, key=lambda name: signed_in.get(name, 0) - anonymous.get(name, 0))
    lines += [
        "",
        "Django loads the session and the user lazily: the first layer to ask whether the "
        f"request is signed in (here `{lazy}`) pays for reading the session, opening the "
        "database connection and reading the user.",
    ]
    for key, value in database.items():
        records.append({"name": f"fixed_cost.database.{key}", "value": round(value), "unit": "µs"})
    lines += [
        "",
        "The database work of a signed-in request outside its view, timed alone (median CPU "
        "µs, SQLite reads the schema of "
        f"{schema_objects} tables and indexes on a fresh connection's first statement): "
        f"opening the connection {database['connect']:,.0f} (`{db['ENGINE']}`, "
        f"CONN_MAX_AGE {db.get('CONN_MAX_AGE', 0)}: once per "
        f"request; init_command `{init}`), reading the user {database['user']:,.0f}, closing "
        f"the connection {database['close']:,.0f}.",
    ]
    lines += [
        "",
        f"The signed-in request runs {len(queries)} SQL "
        f"{'query' if len(queries) == 1 else 'queries'}: "
        + "; ".join(f"`{sql[:120]}`" for sql in queries),
        "",
        "Functions with the most own CPU time, signed in (cProfile without the marks; it "
        "inflates small Python calls):",
        "",
        "| Function | calls per request | own µs | cumulative µs |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| `{row['function']}` | {row['calls']:.1f} | {row['own_us']:,.0f} "
        f"| {row['cumulative_us']:,.0f} |"
        for row in hot
    ]
    table = "\n".join(lines) + "\n"
    if args.json:
        json.dump({"records": records, "markdown": table}, sys.stdout)
    else:
        print(table)


if __name__ == "__main__":
    main()
