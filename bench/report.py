"""The rows bench/run.py measures and how its figures are worked out: every page's req/s
and CPU time as a share of the plain Django hello world served by gunicorn's sync workers in
the same round (never of a slower server's hello world), and the Markdown table."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bench.servers import ROOT, WORKERS


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
