"""`make bench`: build large synthetic data, serve it like production, measure from outside.

1. collectstatic into a temporary folder (DEBUG is off, so pages need whitenoise's manifest;
   bench/settings.py is salon.settings with only STATIC_ROOT moved), then in parallel two
   fresh SQLite databases in bench/results/ (bench-500.sqlite3, bench-5000.sqlite3), each
   migrated, filled by salon.demo.scale and asked for each page's SQL query count
   (bench/prepare.py). ./var is never touched: SALON_VAR_DIR is a temporary folder.
2. uvicorn on salon.asgi:application with the flags of `manage.py run_salon` (one worker,
   no access log), DEBUG off, SALON_BENCH=1, on the 5,000-member database.
3. bench/load.py, a separate process, drives every page over keep-alive connections in
   interleaved rounds; each page's req/s is reported as a share of the hello-world view's
   req/s from the same run.
4. Figures go to bench/results/latest.json ({"name", "value", "unit"} records) and a table
   to bench/results/latest.md, which is also printed.

See bench/README.md for how to read the results.
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
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
SLUG = "scale"
HOST = "127.0.0.1"
# Settings the bench decides itself; whatever the calling shell has for them is dropped.
OWN_ENV = {
    "ALLOWED_HOSTS",
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


@dataclass(frozen=True)
class Page:
    name: str
    label: str
    path: str  # "{slug}" is the scale community's
    auth: bool  # sent with the director's session cookie
    expect: str  # text the page must contain ("{members}" is the community's size)


PAGES = [
    # The baseline: Django's whole middleware stack and a view that does nothing.
    Page("hello", "Hello world (baseline)", "/bench/hello", False, "Hello, world"),
    Page("community_home", "Community home", "/c/{slug}/", True, "<strong>{members}</strong>"),
    Page("member_directory", "Member directory", "/c/{slug}/people/", True, "{members} people"),
    Page(
        "members_api",
        "Members API",
        "/api/v1/communities/{slug}/members",
        True,
        '"count": {members}',
    ),
]


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


def prepare(sizes: list[int], env_for: dict[int, dict[str, str]]) -> dict[int, dict[str, Any]]:
    pages = json.dumps([asdict(p) for p in PAGES])
    running = {
        size: subprocess.Popen(
            [sys.executable, "-m", "bench.prepare", "--members", str(size), "--pages", pages],
            cwd=ROOT,
            env=env_for[size],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for size in sizes
    }
    results: dict[int, dict[str, Any]] = {}
    for size, process in running.items():
        out, err = process.communicate()
        if process.returncode != 0:
            sys.stderr.write(err)
            raise SystemExit(f"Building the {size:,}-member database failed (see above).")
        results[size] = json.loads(out)
    return results


def start_server(env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen[bytes]:
    # The flags of `manage.py run_salon`, the production server (minus its task worker).
    command = [sys.executable, "-m", "uvicorn", "salon.asgi:application", "--host", HOST]
    command += ["--port", str(port), "--workers", "1", "--no-access-log", "--lifespan", "off"]
    with log_path.open("wb") as log_file:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=log_file)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"uvicorn exited:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/readyz", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit(f"uvicorn did not become ready:\n{log_path.read_text()[-3000:]}")


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


def run_fanout(env: dict[str, str]) -> dict[str, Any]:
    """bench/fanout.py on the large database: notify() of one post to every member."""
    result: dict[str, Any] = _run_json(
        ["-m", "bench.fanout", "--json"], "notification fan-out", env
    )
    return result


def run_forum(args: argparse.Namespace, static_root: Path) -> dict[str, Any]:
    """bench/forum.py: its own databases (10,000 topics, 200,000 posts, a topic of 5,000)
    on SQLite and PostgreSQL (when a server answers) and its own server for each, the same
    load and the same share of hello world, with the static files this run collected."""
    command = ["-m", "bench.forum", "--json", "--static-root", str(static_root)]
    command += ["--connections", str(args.connections), "--rounds", str(args.rounds)]
    command += ["--duration", str(args.duration), "--warmup", str(args.warmup)]
    result: dict[str, Any] = _run_json([*command, "--target", str(args.target)], "forum")
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
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "commit unknown"
    return f"commit {commit}" + (" with local changes" if dirty else "")


def share_of_hello(report: dict[str, Any], name: str) -> float:
    """The page's req/s as a % of hello world's: the median over rounds of the ratio within
    each round (a page and hello world run seconds apart there, so a slow spell of the
    machine moves both)."""
    pairs = zip(report[name]["rounds_rps"], report["hello"]["rounds_rps"], strict=True)
    return statistics.median(100 * page / hello for page, hello in pairs if hello)


def figures(
    report: dict[str, Any],
    prepared: dict[int, dict[str, Any]],
    small: int,
    large: int,
    seconds: float,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def add(name: str, value: float, unit: str, digits: int = 1) -> None:
        out.append({"name": name, "value": round(value, digits), "unit": unit})

    for page in PAGES:
        result = report[page.name]
        add(f"{page.name}.req_per_s", result["rps"], "req/s")
        if page.name != "hello":
            add(f"{page.name}.vs_hello", share_of_hello(report, page.name), "% of hello")
        add(f"{page.name}.latency_p50", result["latency_ms"]["p50"], "ms", 2)
        add(f"{page.name}.latency_p99", result["latency_ms"]["p99"], "ms", 2)
        add(f"{page.name}.queries_at_{small}", prepared[small]["queries"][page.name], "queries")
        add(f"{page.name}.queries_at_{large}", prepared[large]["queries"][page.name], "queries")
    for size in (small, large):
        add(f"data.build_{size}_members", prepared[size]["build_seconds"], "s", 2)
    add("hello.round_spread", hello_spread(report), "%")
    add("run.duration", seconds, "s")
    return out


def hello_spread(report: dict[str, Any]) -> float:
    """How much hello world's req/s moved between rounds, in % of its median: the noise."""
    rounds = report["hello"]["rounds_rps"]
    return 100 * (max(rounds) - min(rounds)) / max(statistics.median(rounds), 1e-9)


def markdown(
    report: dict[str, Any],
    prepared: dict[int, dict[str, Any]],
    args: argparse.Namespace,
    seconds: float,
    load_before: float,
) -> tuple[str, bool]:
    small, large = args.small, args.members
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Salon bench: latest run",
        "",
        f"{when} · {git_description()} · Python {platform.python_version()} · "
        f"{os.cpu_count()} CPUs, load average {load_before:.1f} before the run · uvicorn, "
        f"1 worker, DEBUG off · {large:,} members · {args.connections} keep-alive "
        f"connections, {args.rounds} interleaved rounds of {args.duration:g} s per page",
        "",
        f"| Page | URL | req/s | % of hello | target ≥ {args.target:g}% | p50 ms | p99 ms "
        f"| SQL @ {small:,} | SQL @ {large:,} | SQL flat |",
        "|---|---|---:|---:|---|---:|---:|---:|---:|---|",
    ]
    all_good = True
    for page in PAGES:
        result = report[page.name]
        q_small = prepared[small]["queries"][page.name]
        q_large = prepared[large]["queries"][page.name]
        flat = q_large <= q_small
        if page.name == "hello":
            share, verdict = "100%", "baseline"
        else:
            percent = share_of_hello(report, page.name)
            met = percent >= args.target
            share, verdict = f"{percent:.1f}%", "met" if met else "**missed**"
            all_good = all_good and met
        all_good = all_good and flat
        lines.append(
            f"| {page.label} | `{page.path.format(slug=SLUG)}` | {result['rps']:,.0f} | {share} "
            f"| {verdict} | {result['latency_ms']['p50']:.1f} | {result['latency_ms']['p99']:.1f} "
            f"| {q_small} | {q_large} | {'yes' if flat else '**grows**'} |"
        )
    lines += [
        "",
        "req/s is the median over the rounds, p50/p99 pool every recorded request; % of hello "
        "is the median of each round's page ÷ hello-world ratio. Hello world's req/s moved by "
        f"{hello_spread(report):.0f}% between rounds (a high spread means a noisy machine).",
        "",
        f"Data: {small:,} members built in {prepared[small]['build_seconds']:.1f} s, "
        f"{large:,} in {prepared[large]['build_seconds']:.1f} s (salon/demo/scale.py). "
        f"Whole run: {seconds:.0f} s. Hello world is requested without a session; the other "
        "pages as the community's director. SQL counts are per request in the steady state "
        "(django.test.utils.CaptureQueriesContext, second request of a signed-in client).",
    ]
    return "\n".join(lines) + "\n", all_good


def main() -> None:
    parser = argparse.ArgumentParser(description="Salon's end-to-end benchmark (make bench).")
    parser.add_argument("--members", type=int, default=5000, help="size that is served")
    parser.add_argument("--small", type=int, default=500, help="second size, for query counts")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--warmup", type=float, default=0.5, help="seconds before each window")
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per window")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--target", type=float, default=6.0, help="%% of hello each page needs")
    parser.add_argument("--show-queries", action="store_true", help="print each page's SQL")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a check fails")
    args = parser.parse_args()
    if args.small >= args.members:
        parser.error("--small must be below --members")

    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    RESULTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    secret_key = secrets.token_urlsafe(50)
    with tempfile.TemporaryDirectory(prefix="salon-bench-") as tmp:
        var_dir = Path(tmp)
        databases = {size: RESULTS / f"bench-{size}.sqlite3" for size in (args.small, args.members)}
        env_for = {
            size: bench_env(var_dir, path, port, secret_key) for size, path in databases.items()
        }
        for path in databases.values():
            remove_database(path)

        log("collectstatic into the run's temporary folder (DEBUG is off: pages need the manifest)")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=env_for[args.members],
            check=True,
        )
        log(f"building {args.small:,} and {args.members:,} members and counting queries")
        prepared = prepare([args.small, args.members], env_for)
        for size in (args.small, args.members):
            log(
                f"  {size:,} members: migrate {prepared[size]['migrate_seconds']:.1f} s, "
                f"data {prepared[size]['build_seconds']:.1f} s"
            )

        log(f"serving the {args.members:,}-member database with uvicorn on port {port}")
        server = start_server(env_for[args.members], port, var_dir / "uvicorn.log")
        try:
            cookie = prepared[args.members]["cookie"]
            plan = {
                "host": HOST,
                "port": port,
                "connections": args.connections,
                "warmup": args.warmup,
                "duration": args.duration,
                "rounds": args.rounds,
                "targets": [
                    {
                        "name": p.name,
                        "path": p.path.format(slug=SLUG),
                        "cookie": cookie if p.auth else "",
                    }
                    for p in PAGES
                ],
            }
            per_round = len(PAGES) * (args.warmup + args.duration)
            log(f"load: {args.rounds} rounds of {len(PAGES)} pages, about {per_round:.0f} s each")
            report = run_load(plan)
        finally:
            stop_server(server)
        failed = {name: r for name, r in report.items() if r["errors"]}
        if failed:
            for name, result in failed.items():
                log(f"{name}: {result['errors']} errors, first: {result['first_error']}")
            log("server log:\n" + (var_dir / "uvicorn.log").read_text()[-3000:])
            raise SystemExit("Some requests failed; no results written.")
        log(f"notification fan-out: notify() of one post to all {args.members:,} members")
        fanout = run_fanout(env_for[args.members])
        log(
            "forum: 10,000 topics, 200,000 posts, a topic of 5,000, on SQLite and PostgreSQL, "
            "served and loaded the same way (bench/forum.py)"
        )
        forum = run_forum(args, var_dir / "static")

    log("search: latency over 100,000 documents on SQLite and PostgreSQL (bench/search.py)")
    search = run_search()

    seconds = time.perf_counter() - started
    records = figures(report, prepared, args.small, args.members, seconds) + fanout["records"]
    table, all_good = markdown(report, prepared, args, seconds, load_before)
    table += "\n" + fanout["markdown"]
    records += forum["records"]
    table += "\n" + forum["markdown"]
    all_good = all_good and forum["ok"]
    records += search["records"]
    table += "\n" + search["markdown"]
    log("planner: 1,000 people in 40 zones over two weeks of 30-minute slots (bench/planner.py)")
    planner_records = run_planner()
    records += planner_records
    table += "\n## Fair meeting planner\n\n| Figure | Value |\n|---|---:|\n" + "".join(
        f"| {r['name']} | {r['value']:.1f} {r['unit']} |\n" for r in planner_records
    )
    log("matching: 10,000 mentees, 2,000 mentors; engine, unpruned, greedy (bench/matching.py)")
    matching = run_matching()
    records += matching["records"]
    table += "\n" + matching["markdown"]
    all_good = all_good and matching["ok"]
    (RESULTS / "latest.json").write_text(json.dumps(records, indent=2) + "\n")
    (RESULTS / "latest.md").write_text(table)
    if args.show_queries:
        for page in PAGES:
            print(f"\n## {page.name}: {prepared[args.members]['queries'][page.name]} queries")
            for number, sql in enumerate(prepared[args.members]["sql"][page.name], 1):
                print(f"{number:>3}. {sql}")
    print()
    print(table)
    log("written: bench/results/latest.json, bench/results/latest.md")
    if not all_good:
        log("some checks failed (marked in the table)")
        if args.strict:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
