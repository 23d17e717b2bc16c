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
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.report import (
    ASGI_PAIRS,
    CEILING,
    PAGES,
    PLAIN_PATHS,
    SERVER_LABEL,
    Page,
    figures,
    markdown,
)
from bench.servers import (
    BENCH,
    HOST,
    OWN_ENV,
    ROOT,
    WORKERS,
    bench_env,
    free_port,
    log,
    remove_database,
    run_json,
    run_load,
    start_gunicorn,
    start_uvicorn,
    stop_server,
)

RESULTS = BENCH / "results"
SLUG = "scale"
# (topics, posts, posts in the long topic) of the forum at each size (bench/forum.py's).
FORUM_LARGE = (10_000, 200_000, 5_000)
FORUM_SMALL = (1_000, 20_000, 500)


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


def run_fixed_cost(env: dict[str, str], cookie: str) -> dict[str, Any]:
    """bench/fixed_cost.py: where a signed-in request's fixed cost goes, in-process."""
    result: dict[str, Any] = run_json(
        ["-m", "bench.fixed_cost", "--json", "--cookie", cookie], "fixed cost", env
    )
    return result


def run_fanout(env: dict[str, str]) -> dict[str, Any]:
    """bench/fanout.py on the large database: notify() of one post to every member."""
    result: dict[str, Any] = run_json(["-m", "bench.fanout", "--json"], "notification fan-out", env)
    return result


def run_outcomes(env: dict[str, str]) -> dict[str, Any]:
    """bench/outcomes.py on the large database: the rollups' times and the dashboard's."""
    result: dict[str, Any] = run_json(["-m", "bench.outcomes", "--json"], "outcomes", env)
    return result


def run_planner() -> list[dict[str, Any]]:
    """The pure planner needs no server or database: time it in its own process."""
    code = "import json; from bench.planner import run; print(json.dumps(run()))"
    records: list[dict[str, Any]] = run_json(["-c", code], "planner")
    return records


def run_matching() -> dict[str, Any]:
    """bench/matching.py: the mentoring matching engine, pure like the planner, in its own
    process: 10,000 mentees and 2,000 mentors, against the unpruned optimum and greedy."""
    result: dict[str, Any] = run_json(["-m", "bench.matching", "--json"], "matching")
    return result


def run_search() -> dict[str, Any]:
    """bench/search.py: search latency over 100,000 documents, SQLite and PostgreSQL."""
    result: dict[str, Any] = run_json(["-m", "bench.search", "--json"], "search")
    return result


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
