"""`make bench`: build a large community, serve it like production, measure from outside.

1. collectstatic into a temporary folder (DEBUG is off, so pages need whitenoise's manifest;
   bench/settings.py is salon.settings with only STATIC_ROOT moved), then in parallel two
   fresh SQLite databases in bench/results/ (bench-500.sqlite3, bench-5000.sqlite3), each
   migrated, filled by salon.demo.scale and bench/world.py (forum, events, goals,
   mentoring, notifications, search index) and asked for each page's SQL query count
   (bench/prepare.py), and the minimal Django's database (bench/plain). ./var is never
   touched: SALON_VAR_DIR is a temporary folder.
2. Three servers at once, each with 2 worker processes: gunicorn (2 sync workers, WSGI)
   on bench.plain, the smallest Django that answers HTTP (the ceiling); gunicorn (2 sync
   workers) on salon.wsgi; uvicorn (2 workers, ASGI) on salon.asgi, for the ASGI path's
   own cost. DEBUG off, SALON_BENCH=1, on the 5,000-member database.
3. bench/load.py, a separate process, drives every page with 4 concurrent connections in
   interleaved rounds; each page's req/s is reported as a share of the plain Django hello
   world's req/s from the same round.
4. The signed-in fixed cost per request, profiled in-process (bench/fixed_cost.py), then
   the feature benches (notification fan-out, search, planner, matching).
5. Figures go to bench/results/latest.json ({"name", "value", "unit"} records) and a table
   to bench/results/latest.md, which is also printed.

See bench/README.md for what is measured and how to read it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
SLUG = "scale"
HOST = "127.0.0.1"
WORKERS = 2
# Settings the bench decides itself; whatever the calling shell has for them is dropped.
OWN_ENV = {
    "ALLOWED_HOSTS",
    "BENCH_PLAIN_DATABASE",
    "BENCH_STATIC_ROOT",
    "DATABASE_URL",
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "EMAIL_URL",
    "LOG_LEVEL",
    "MEDIA_ROOT",
    "REDIS_URL",
    "SALON_BASE_URL",
    "SALON_BENCH",
    "SALON_VAR_DIR",
    "SECRET_KEY",
}
# (topics, posts, posts in the long topic) of the forum at each size (bench/forum.py's).
FORUM_LARGE = (10_000, 200_000, 5_000)
FORUM_SMALL = (1_000, 20_000, 500)


@dataclass(frozen=True)
class Page:
    name: str
    label: str
    server: str  # "plain" (gunicorn, bench.plain), "wsgi" (gunicorn, Salon), "asgi" (uvicorn)
    baseline: bool = False  # a reference row, not one of Salon's pages


PAGES = [
    Page("plain_hello", "Plain Django: hello world (the ceiling)", "plain", True),
    Page("plain_query", "Plain Django: one indexed query", "plain", True),
    Page("asgi_hello", "Salon hello world, anonymous, ASGI (the old baseline)", "asgi", True),
    Page("healthz", "Salon /healthz, anonymous", "wsgi", True),
    Page("asgi_healthz", "Salon /healthz, anonymous, ASGI", "asgi", True),
    Page("healthz_signed_in", "Salon /healthz, signed in", "wsgi", True),
    Page("asgi_healthz_signed_in", "Salon /healthz, signed in, ASGI", "asgi", True),
    Page("home", "Home (dashboard)", "wsgi"),
    Page("community_home", "Community home", "wsgi"),
    Page("member_directory", "Member directory", "wsgi"),
    Page("forum", "Forum (latest topics)", "wsgi"),
    Page("topic_first", "Long topic, first page", "wsgi"),
    Page("topic_last", "Long topic, last page", "wsgi"),
    Page("events", "Events list", "wsgi"),
    Page("event", "An event (1,000 going)", "wsgi"),
    Page("goals", "My goals", "wsgi"),
    Page("circle_board", "Circle goal board", "wsgi"),
    Page("mentoring_space", "Mentoring space", "wsgi"),
    Page("search", "Search", "wsgi"),
    Page("notifications", "Notifications", "wsgi"),
    Page("settings", "Settings", "wsgi"),
    Page("profile", "A member's profile", "wsgi"),
    Page("members_api", "Members API", "wsgi"),
    Page("topics_api", "Topics API", "wsgi"),
    Page("outcomes", "Outcomes dashboard (from the rollups)", "wsgi"),
]
CEILING = "plain_hello"
PLAIN_PATHS = {"plain_hello": "/hello", "plain_query": "/query"}
# The Salon page each ASGI row repeats over WSGI, for the ASGI path's own cost.
ASGI_PAIRS = {
    "asgi_hello": "hello",
    "asgi_healthz": "healthz",
    "asgi_healthz_signed_in": "healthz_signed_in",
}
SERVER_LABEL = {
    "plain": f"gunicorn, {WORKERS} sync workers, bench.plain",
    "wsgi": f"gunicorn, {WORKERS} sync workers, salon.wsgi",
    "asgi": f"uvicorn, {WORKERS} workers, salon.asgi",
}

SERVED_BY = {"plain": "WSGI", "wsgi": "WSGI", "asgi": "ASGI"}


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def bench_env(var_dir: Path, database: Path, port: int, secret_key: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in OWN_ENV}
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        DEBUG="0",
        BENCH_STATIC_ROOT=str(var_dir / "static"),
        DJANGO_SETTINGS_MODULE="bench.settings",
        EMAIL_URL="locmem://",
        LOG_LEVEL="WARNING",
        SALON_BASE_URL=f"http://{HOST}:{port}",
        SALON_BENCH="1",
        SALON_VAR_DIR=str(var_dir),
        SECRET_KEY=secret_key,
    )
    return env


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def prepare(
    sizes: dict[int, tuple[int, int, int]], env_for: dict[int, dict[str, str]]
) -> dict[int, dict[str, Any]]:
    running = {
        size: subprocess.Popen(
            [
                sys.executable,
                *("-m", "bench.prepare", "--members", str(size)),
                *("--forum", ",".join(str(n) for n in forum)),
            ],
            cwd=ROOT,
            env=env_for[size],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for size, forum in sizes.items()
    }
    results: dict[int, dict[str, Any]] = {}
    for size, process in running.items():
        out, err = process.communicate()
        if process.returncode != 0:
            sys.stderr.write(err)
            raise SystemExit(f"Building the {size:,}-member database failed (see above).")
        results[size] = json.loads(out)
    return results


def _wait_ready(server: subprocess.Popen[bytes], url: str, log_path: Path, what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"{what} exited:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit(f"{what} did not become ready:\n{log_path.read_text()[-3000:]}")


def _spawn(command: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    with log_path.open("wb") as log_file:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=log_file)


def start_gunicorn(
    app: str, env: dict[str, str], port: int, log_path: Path, ready: str = "/readyz"
) -> subprocess.Popen[bytes]:
    """gunicorn with 2 sync workers (one request at a time each; no keep-alive, so every
    request is a new connection, as behind a proxy that does not pool)."""
    command = [sys.executable, "-m", "gunicorn", app, "--bind", f"{HOST}:{port}"]
    command += ["--workers", str(WORKERS), "--worker-class", "sync", "--log-level", "warning"]
    server = _spawn(command, env, log_path)
    _wait_ready(server, f"http://{HOST}:{port}{ready}", log_path, "gunicorn")
    return server


def start_uvicorn(
    env: dict[str, str], port: int, log_path: Path, workers: int = 1
) -> subprocess.Popen[bytes]:
    """uvicorn on salon.asgi with the flags of `manage.py run_salon` (no access log,
    lifespan off), ``workers`` processes."""
    command = [sys.executable, "-m", "uvicorn", "salon.asgi:application", "--host", HOST]
    command += ["--port", str(port), "--workers", str(workers), "--no-access-log"]
    command += ["--lifespan", "off"]
    server = _spawn(command, env, log_path)
    _wait_ready(server, f"http://{HOST}:{port}/readyz", log_path, "uvicorn")
    return server


start_server = start_uvicorn  # bench/forum.py's name for it


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def run_load(plan: dict[str, Any]) -> dict[str, Any]:
    load = subprocess.run(
        [sys.executable, str(BENCH / "load.py")],
        input=json.dumps(plan),
        capture_output=True,
        text=True,
        check=False,
    )
    if load.returncode != 0:
        sys.stderr.write(load.stderr)
        raise SystemExit("The load generator failed (see above).")
    report: dict[str, Any] = json.loads(load.stdout)
    return report


def _run_json(args: list[str], what: str, env: dict[str, str] | None = None) -> Any:
    """Run one bench module in its own process and read the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    sys.stderr.write(done.stderr)
    if done.returncode != 0:
        raise SystemExit(f"The {what} bench failed (see above).")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_fixed_cost(env: dict[str, str], cookie: str) -> dict[str, Any]:
    """bench/fixed_cost.py: where a signed-in request's fixed cost goes, in-process."""
    result: dict[str, Any] = _run_json(
        ["-m", "bench.fixed_cost", "--json", "--cookie", cookie], "fixed cost", env
    )
    return result


def run_fanout(env: dict[str, str]) -> dict[str, Any]:
    """bench/fanout.py on the large database: notify() of one post to every member."""
    result: dict[str, Any] = _run_json(
        ["-m", "bench.fanout", "--json"], "notification fan-out", env
    )
    return result


def run_outcomes(env: dict[str, str]) -> dict[str, Any]:
    """bench/outcomes.py on the large database: the rollups' times and the dashboard's."""
    result: dict[str, Any] = _run_json(["-m", "bench.outcomes", "--json"], "outcomes", env)
    return result


def run_planner() -> list[dict[str, Any]]:
    """The pure planner needs no server or database: time it in its own process."""
    code = "import json; from bench.planner import run; print(json.dumps(run()))"
    records: list[dict[str, Any]] = _run_json(["-c", code], "planner")
    return records


def run_matching() -> dict[str, Any]:
    """bench/matching.py: the mentoring matching engine, pure like the planner, in its own
    process: 10,000 mentees and 2,000 mentors, against the unpruned optimum and greedy."""
    result: dict[str, Any] = _run_json(["-m", "bench.matching", "--json"], "matching")
    return result


def run_search() -> dict[str, Any]:
    """bench/search.py: search latency over 100,000 documents, SQLite and PostgreSQL."""
    result: dict[str, Any] = _run_json(["-m", "bench.search", "--json"], "search")
    return result


def git_description() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            # The results themselves do not count: a run writes them before it ends.
            ["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "commit unknown"
    return f"commit {commit}" + (" with local changes" if dirty else "")


def share_of(report: dict[str, Any], name: str, base: str = CEILING) -> float:
    """The page's req/s as a % of ``base``'s (by default the plain Django hello world's):
    the median over rounds of the ratio within each round (the two run seconds apart
    there, so a slow spell of the machine moves both)."""
    pairs = zip(report[name]["rounds_rps"], report[base]["rounds_rps"], strict=True)
    return statistics.median(100 * page / ref for page, ref in pairs if ref)


def share_of_hello(report: dict[str, Any], name: str) -> float:
    """bench/forum.py's share: of its own server's hello world (the ASGI one)."""
    return share_of(report, name, "hello")


def spread(report: dict[str, Any], name: str = CEILING) -> float:
    """How much a row's req/s moved between rounds, in % of its median: the noise."""
    rounds = report[name]["rounds_rps"]
    return 100 * (max(rounds) - min(rounds)) / max(statistics.median(rounds), 1e-9)


def hello_spread(report: dict[str, Any]) -> float:
    """bench/forum.py's noise figure: its own hello world's spread."""
    return spread(report, "hello")


def cpu_ms(report: dict[str, Any], name: str) -> float:
    """The server's CPU time per request (all its processes, user + system), median over
    rounds (bench/load.py reads it from /proc around each window)."""
    return float(report[name]["cpu_ms"])


def rate(rps: float) -> str:
    return f"{rps:,.0f}" if rps >= 10 else f"{rps:.1f}"


def cpu_share(report: dict[str, Any], name: str) -> float:
    """The ceiling's CPU time per request as a % of the row's: the same comparison as
    share_of, from CPU time instead of throughput."""
    return 100 * cpu_ms(report, CEILING) / max(cpu_ms(report, name), 1e-9)


def figures(
    report: dict[str, Any],
    pages: list[Page],
    prepared: dict[int, dict[str, Any]],
    small: int,
    large: int,
    seconds: float,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def add(name: str, value: float, unit: str, digits: int = 1) -> None:
        out.append({"name": name, "value": round(value, digits), "unit": unit})

    for page in pages:
        result = report[page.name]
        add(f"{page.name}.req_per_s", result["rps"], "req/s")
        add(f"{page.name}.vs_ceiling", share_of(report, page.name), "% of plain Django")
        add(f"{page.name}.cpu_ms_per_request", cpu_ms(report, page.name), "ms", 2)
        add(f"{page.name}.vs_ceiling_cpu", cpu_share(report, page.name), "% of plain Django")
        add(f"{page.name}.latency_p50", result["latency_ms"]["p50"], "ms", 2)
        add(f"{page.name}.latency_p99", result["latency_ms"]["p99"], "ms", 2)
        if page.server != "plain":
            queries = prepared[large]["queries"][ASGI_PAIRS.get(page.name, page.name)]
            add(f"{page.name}.queries_at_{large}", queries, "queries")
            queries = prepared[small]["queries"][ASGI_PAIRS.get(page.name, page.name)]
            add(f"{page.name}.queries_at_{small}", queries, "queries")
    for asgi, wsgi in ASGI_PAIRS.items():
        if asgi in report and wsgi in report:
            extra = cpu_ms(report, asgi) - cpu_ms(report, wsgi)
            add(f"{asgi}.asgi_extra_cpu_ms", extra, "ms", 2)
    for size in (small, large):
        add(f"data.build_{size}_members", prepared[size]["build_seconds"], "s", 2)
    add(f"{CEILING}.round_spread", spread(report), "%")
    add("run.duration", seconds, "s")
    return out


def markdown(
    report: dict[str, Any],
    pages: list[Page],
    prepared: dict[int, dict[str, Any]],
    args: argparse.Namespace,
    seconds: float,
    load_before: float,
) -> tuple[str, bool]:
    small, large = args.small, args.members
    forum = prepared[large]
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Salon bench: latest run",
        "",
        f"{when} · {git_description()} · Python {platform.python_version()} · "
        f"{os.cpu_count()} CPUs, load average {load_before:.1f} before the run, "
        f"{os.getloadavg()[0]:.1f} after the load · DEBUG off, SQLite · {large:,} members, "
        f"{forum['posts']:,} forum posts · {args.connections} concurrent connections, "
        f"{args.rounds} interleaved rounds of {args.duration:g} s per row",
        "",
        f"| Row | URL | served by | req/s | % of plain Django | CPU ms per request "
        f"| % of plain Django by CPU | p50 ms | p99 ms | SQL @ {small:,} | SQL @ {large:,} "
        "| SQL flat |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    all_good = True
    for page in pages:
        result = report[page.name]
        share = 100.0 if page.name == CEILING else share_of(report, page.name)
        if page.server == "plain":
            url, flat = PLAIN_PATHS[page.name], ""
            q_small = q_large = 1 if page.name == "plain_query" else 0
        else:
            source = ASGI_PAIRS.get(page.name, page.name)
            url = prepared[large]["paths"][source]
            q_small, q_large = (
                prepared[small]["queries"][source],
                prepared[large]["queries"][source],
            )
            grows = q_large > q_small
            all_good = all_good and not grows
            flat = "**grows**" if grows else "yes"
        label = f"**{page.label}**" if page.name == CEILING else page.label
        lines.append(
            f"| {label} | `{url}` | {SERVED_BY[page.server]} "
            f"| {rate(result['rps'])} | {share:.1f}% | {cpu_ms(report, page.name):.2f} "
            f"| {cpu_share(report, page.name):.1f}% "
            f"| {result['latency_ms']['p50']:.1f} | {result['latency_ms']['p99']:.1f} "
            f"| {q_small} | {q_large} | {flat} |"
        )
    lines += ["", "**Servers.** " + "; ".join(SERVER_LABEL.values()) + "."]
    asgi_rows = [(a, w) for a, w in ASGI_PAIRS.items() if a in report and w in report]
    if asgi_rows:
        lines += [
            "",
            "**The ASGI path's own cost** (the same Salon view under uvicorn and under "
            "gunicorn, both with 2 workers): "
            + "; ".join(
                f"`{prepared[large]['paths'][w]}` {'signed in' if 'signed' in w else 'anonymous'}"
                f" {rate(report[a]['rps'])} vs {rate(report[w]['rps'])} req/s, "
                f"{cpu_ms(report, a):.2f} vs {cpu_ms(report, w):.2f} CPU ms per request"
                for a, w in asgi_rows
            )
            + ".",
        ]
    lines += [
        "",
        "req/s is the median over the rounds. % of plain Django is the median of each "
        "round's row ÷ plain-Django-hello-world ratio (the same round, seconds apart). CPU "
        "ms per request is the CPU time (user + system) all of the row's server's processes "
        "used during the window ÷ the requests answered in it, median over rounds: unlike "
        "req/s it hardly moves when other programs compete for the CPU; % of plain Django "
        "by CPU is the plain hello world's CPU ms ÷ the row's. p50/p99 "
        f"pool every recorded request with {args.connections} connections in flight for "
        f"{WORKERS} workers, so they include waiting for a free worker. The plain Django "
        f"hello world's req/s moved by {spread(report):.0f}% between rounds (a high spread "
        "means a noisy machine).",
        "",
        f"Data: {small:,} members built in {prepared[small]['build_seconds']:.0f} s, "
        f"{large:,} members with {forum['posts']:,} posts, events, goals, mentoring and "
        f"notifications in {forum['build_seconds']:.0f} s (salon/demo/scale.py, "
        f"bench/world.py). Whole run: {seconds:.0f} s. Rows without 'signed in' or a plain "
        "Django row are requested as the community's director; SQL counts are per request in "
        "the steady state (django.test.utils.CaptureQueriesContext, second request of a "
        "signed-in client).",
    ]
    return "\n".join(lines) + "\n", all_good


def select_pages(only: str) -> list[Page]:
    if not only:
        return PAGES
    wanted = {name.strip() for name in only.split(",") if name.strip()}
    unknown = wanted - {p.name for p in PAGES}
    if unknown:
        raise SystemExit(f"Unknown rows: {', '.join(sorted(unknown))}")
    return [p for p in PAGES if p.name in wanted or p.name == CEILING]


def main() -> None:
    parser = argparse.ArgumentParser(description="Salon's end-to-end benchmark (make bench).")
    parser.add_argument("--members", type=int, default=5000, help="size that is served")
    parser.add_argument("--small", type=int, default=500, help="second size, for query counts")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--warmup", type=float, default=0.5, help="seconds before each window")
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per window")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--port", type=int, default=0, help="first of 3 ports (default: free)")
    parser.add_argument("--only", default="", help="comma-separated rows (plain_hello always)")
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="skip the profile and the feature benches (fan-out, search, planner, matching)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a small run to try changes: 500 and 100 members, a tenth of the forum, "
        "2 rounds of 1 s, pages only (results are not written)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="serve the databases the last run built (same sizes) instead of building them "
        "again; for trying changes to a page (its data, SQL counts and session are the last "
        "run's)",
    )
    parser.add_argument("--show-queries", action="store_true", help="print each page's SQL")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a check fails")
    args = parser.parse_args()
    forum_large, forum_small = FORUM_LARGE, FORUM_SMALL
    if args.quick:
        args.members, args.small = 500, 100
        args.rounds, args.duration, args.warmup = 2, 1.0, 0.3
        args.pages_only = True
        forum_large, forum_small = FORUM_SMALL, (100, 2_000, 50)
    if args.small >= args.members:
        parser.error("--small must be below --members")
    pages = select_pages(args.only)

    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    RESULTS.mkdir(parents=True, exist_ok=True)
    ports = [args.port + n for n in range(3)] if args.port else [free_port() for _ in range(3)]
    port_of = dict(zip(("plain", "wsgi", "asgi"), ports, strict=True))
    secret_key = secrets.token_urlsafe(50)
    with tempfile.TemporaryDirectory(prefix="salon-bench-") as tmp:
        var_dir = Path(tmp)
        databases = {size: RESULTS / f"bench-{size}.sqlite3" for size in (args.small, args.members)}
        env_for = {
            size: bench_env(var_dir, path, port_of["wsgi"], secret_key)
            for size, path in databases.items()
        }
        plain_db = RESULTS / "bench-plain.sqlite3"
        plain_env = {key: value for key, value in os.environ.items() if key not in OWN_ENV}
        plain_env.update(BENCH_PLAIN_DATABASE=str(plain_db))
        plain_env["DJANGO_SETTINGS_MODULE"] = "bench.plain.settings"

        log("collectstatic into the run's temporary folder (DEBUG is off: pages need the manifest)")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=env_for[args.members],
            check=True,
        )
        remove_database(plain_db)
        subprocess.run([sys.executable, "-m", "bench.plain"], cwd=ROOT, env=plain_env, check=True)
        saved = {size: path.with_suffix(".json") for size, path in databases.items()}
        if args.reuse and all(p.exists() for p in [*databases.values(), *saved.values()]):
            log("reusing the databases of the last run (--reuse)")
            prepared = {size: json.loads(path.read_text()) for size, path in saved.items()}
            secret_key = prepared[args.members]["secret_key"]
            for size, env in env_for.items():
                env["SECRET_KEY"] = prepared[size]["secret_key"]
        else:
            for size, path in databases.items():
                remove_database(path)
                saved[size].unlink(missing_ok=True)
            log(
                f"building {args.small:,} and {args.members:,} members with a forum of "
                f"{forum_small[1]:,} and {forum_large[1]:,} posts, and counting queries"
            )
            prepared = prepare({args.small: forum_small, args.members: forum_large}, env_for)
            for size in (args.small, args.members):
                log(
                    f"  {size:,} members: migrate {prepared[size]['migrate_seconds']:.1f} s, "
                    f"data {prepared[size]['build_seconds']:.1f} s"
                )
                # What --reuse needs: the session cookie is only valid with this key.
                prepared[size]["secret_key"] = secret_key
                saved[size].write_text(json.dumps(prepared[size]))
        large = prepared[args.members]
        cookie = large["cookie"]

        servers: list[subprocess.Popen[bytes]] = []
        try:
            serving = "; ".join(f"{v} on port {port_of[k]}" for k, v in SERVER_LABEL.items())
            log(f"serving: {serving}")
            servers.append(
                start_gunicorn(
                    "bench.plain.wsgi:application",
                    plain_env,
                    port_of["plain"],
                    var_dir / "plain.log",
                    ready="/hello",
                )
            )
            servers.append(
                start_gunicorn(
                    "salon.wsgi:application",
                    env_for[args.members],
                    port_of["wsgi"],
                    var_dir / "gunicorn.log",
                )
            )
            servers.append(
                start_uvicorn(
                    env_for[args.members], port_of["asgi"], var_dir / "uvicorn.log", WORKERS
                )
            )
            pid_of = dict(zip(("plain", "wsgi", "asgi"), (s.pid for s in servers), strict=True))
            targets = []
            for page in pages:
                if page.server == "plain":
                    url, auth = PLAIN_PATHS[page.name], False
                else:
                    source = ASGI_PAIRS.get(page.name, page.name)
                    url, auth = large["paths"][source], large["auth"][source]
                targets.append(
                    {
                        "name": page.name,
                        "port": port_of[page.server],
                        "pid": pid_of[page.server],
                        "path": url,
                        "cookie": cookie if auth else "",
                    }
                )
            plan = {
                "host": HOST,
                "port": port_of["wsgi"],
                "connections": args.connections,
                "warmup": args.warmup,
                "duration": args.duration,
                "rounds": args.rounds,
                "prime": 3,
                "targets": targets,
            }
            per_round = len(pages) * (args.warmup + args.duration)
            log(f"load: {args.rounds} rounds of {len(pages)} rows, about {per_round:.0f} s each")
            report = run_load(plan)
        finally:
            for server in servers:
                stop_server(server)
        failed = {name: r for name, r in report.items() if r["errors"]}
        if failed:
            for name, result in failed.items():
                log(f"{name}: {result['errors']} errors, first: {result['first_error']}")
            for name in ("plain", "gunicorn", "uvicorn"):
                log(f"{name} log:\n" + (var_dir / f"{name}.log").read_text()[-3000:])
            raise SystemExit("Some requests failed; no results written.")
        extras: list[tuple[list[dict[str, Any]], str]] = []
        all_ok = True
        write = not (args.quick or args.only)
        page_records = figures(report, pages, prepared, args.small, args.members, 0.0)
        page_table, _ = markdown(report, pages, prepared, args, 0.0, load_before)
        print("\n" + page_table, flush=True)
        if write:  # the pages' figures are kept even if a feature bench fails below
            (RESULTS / "latest.json").write_text(json.dumps(page_records, indent=2) + "\n")
            (RESULTS / "latest.md").write_text(page_table)

        def extra(what: str, run: Any) -> Any:
            try:
                return run()
            except SystemExit as failure:
                log(f"{what} failed, left out of the results: {failure}")
                nonlocal_ok[0] = False
                return None

        nonlocal_ok = [True]
        if not args.pages_only:
            log("profile: where a signed-in request's fixed cost goes (bench/fixed_cost.py)")
            fixed = extra("the profile", lambda: run_fixed_cost(env_for[args.members], cookie))
            if fixed:
                extras.append((fixed["records"], fixed["markdown"]))
            log(f"notification fan-out: notify() of one post to all {args.members:,} members")
            fanout = extra("the fan-out", lambda: run_fanout(env_for[args.members]))
            if fanout:
                extras.append((fanout["records"], fanout["markdown"]))
        # The rollups come along with the page that reads them, even in a partial run.
        if not args.pages_only or "outcomes" in args.only.split(","):
            log("outcomes: rolling up, and the dashboard from the rollups (bench/outcomes.py)")
            outcomes = extra("the outcomes", lambda: run_outcomes(env_for[args.members]))
            if outcomes:
                extras.append((outcomes["records"], outcomes["markdown"]))

    if not args.pages_only:
        log("search: latency over 100,000 documents on SQLite and PostgreSQL (bench/search.py)")
        search = extra("search", run_search)
        if search:
            extras.append((search["records"], search["markdown"]))
        log("planner: 1,000 people in 40 zones over two weeks of 30-minute slots")
        planner = extra("the planner", run_planner)
        if planner:
            extras.append(
                (
                    planner,
                    "## Fair meeting planner\n\n| Figure | Value |\n|---|---:|\n"
                    + "".join(f"| {r['name']} | {r['value']:.1f} {r['unit']} |\n" for r in planner),
                )
            )
        log("matching: 10,000 mentees, 2,000 mentors; engine, unpruned, greedy")
        matching = extra("matching", run_matching)
        if matching:
            extras.append((matching["records"], matching["markdown"]))
            all_ok = bool(matching["ok"])
    all_ok = all_ok and nonlocal_ok[0]

    seconds = time.perf_counter() - started
    records = figures(report, pages, prepared, args.small, args.members, seconds)
    table, all_good = markdown(report, pages, prepared, args, seconds, load_before)
    all_good = all_good and all_ok
    for extra_records, extra_table in extras:
        records += extra_records
        table += "\n" + extra_table
    if args.show_queries:
        for page in pages:
            source = ASGI_PAIRS.get(page.name, page.name)
            if page.server == "plain" or source != page.name:
                continue
            print(f"\n## {page.name}: {large['queries'][source]} queries")
            for number, sql in enumerate(large["sql"][source], 1):
                print(f"{number:>3}. {sql}")
    print()
    print(table)
    if not write:
        log("a partial run (--quick or --only): bench/results/latest.* left as they were")
    else:
        (RESULTS / "latest.json").write_text(json.dumps(records, indent=2) + "\n")
        (RESULTS / "latest.md").write_text(table)
        log("written: bench/results/latest.json, bench/results/latest.md")
    if not all_good:
        log("some checks failed (marked in the table)")
        if args.strict:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
