"""Bench load generator: its own process, no Django, several keep-alive connections.

bench/run.py starts it with a JSON plan on stdin and reads a JSON report from stdout:

    {"host": "127.0.0.1", "port": 8123, "connections": 4, "warmup": 0.5,
     "duration": 3.0, "rounds": 5, "prime": 3, "at_least": 10,
     "targets": [{"name": "hello", "path": "/hello", "cookie": "", "port": 8124,
                  "pid": 4242}, ...]}

(a target's "port" overrides the plan's: one run can compare several servers).

Before the first round every target is primed: each connection sends it `prime` requests
(default 3), unrecorded, so that every worker process of every server has loaded its code
and compiled its templates before anything is timed.

Each round measures every target in turn (interleaved, so a slow spell of the machine hits
all targets alike): open the connections, run `warmup` seconds unrecorded, then `duration`
seconds recorded (longer, up to six times that, until `at_least` responses are recorded:
a page that takes a second still gets a figure), every connection sending its next
request as soon as the previous response has been read in full (HTTP/1.1 keep-alive,
closed loop; a server that closes the connection after each response, as gunicorn's sync
workers do, gets a new one for the next request). Any status other than 200 counts as an error.

A target with "pid" (a server's main process) also gets the CPU time its server used
during each recorded window: that process and all its descendants, user + system, from
/proc (Linux), so the report can give CPU time per request, which other programs on a
shared machine inflate far less than latency or throughput.

Plain asyncio streams (uvloop when installed) keep the client's own cost per request far
below the server's.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from typing import Any


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            with open(f"/proc/{current}/task/{current}/children") as children:
                todo += [int(child) for child in children.read().split()]
        except OSError:
            continue
    return found


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds of a process and its live descendants (0 without /proc)."""
    if not pid:
        return 0.0
    ticks = 0
    for process in _descendants(pid):
        try:
            with open(f"/proc/{process}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


@dataclass
class Tally:
    requests: int = 0  # sent in the window (and answered)
    completed: int = 0  # answered in the window, whenever sent: what its CPU time paid for
    errors: int = 0
    first_error: str = ""
    latencies: list[float] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """Read one whole response; return its status, its body and whether to keep the socket."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        chunks: list[bytes] = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            chunks.append(chunk[:-2])
        body = b"".join(chunks)
    else:
        body = await reader.readexactly(int(headers.get("content-length", "0")))
    keep = headers.get("connection", "").lower() != "close"
    return status, body, keep


def _request(host: str, port: int, path: str, cookie: str) -> bytes:
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {host}:{port}",
        "User-Agent: salon-bench/1",
        "Accept: text/html,application/json",
        "Accept-Encoding: identity",
    ]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _connection(
    host: str,
    port: int,
    request: bytes,
    record_from: float,
    stop_at: float,
    tally: Tally,
    count: int = 0,
    at_least: int = 0,
    give_up_at: float = 0.0,
) -> None:
    """Send requests back to back until ``stop_at`` and until ``at_least`` are recorded
    (however not after ``give_up_at``), or, with ``count``, that many."""
    reader, writer = await asyncio.open_connection(host, port)
    sent_count = 0
    try:
        while True:
            sent = time.perf_counter()
            if count:
                if sent_count >= count:
                    break
            elif sent >= stop_at and (tally.requests >= at_least or sent >= give_up_at):
                break
            sent_count += 1
            writer.write(request)
            status, body, keep = await _read_response(reader)
            done = time.perf_counter()
            if done >= record_from:
                tally.completed += 1
            if sent >= record_from:
                tally.requests += 1
                tally.latencies.append(done - sent)
                tally.finished = max(tally.finished, done)
                if status != 200:
                    tally.errors += 1
                    tally.first_error = tally.first_error or f"HTTP {status}: {body[:200]!r}"
            if not keep:
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    finally:
        writer.close()


async def _prime(plan: dict[str, Any], target: dict[str, Any]) -> Tally:
    host, port = plan["host"], int(target.get("port", plan["port"]))
    request = _request(host, port, target["path"], target.get("cookie", ""))
    tally = Tally()
    count = int(plan.get("prime", 3))
    await asyncio.gather(
        *(
            _connection(host, port, request, 0.0, 0.0, tally, count)
            for _ in range(int(plan["connections"]))
        )
    )
    return tally


async def _measure(plan: dict[str, Any], target: dict[str, Any]) -> tuple[Tally, float]:
    """One window: warm-up, then the recorded requests; with the server's CPU seconds."""
    host, port = plan["host"], int(target.get("port", plan["port"]))
    request = _request(host, port, target["path"], target.get("cookie", ""))
    now = time.perf_counter()
    record_from = now + float(plan["warmup"])
    stop_at = record_from + float(plan["duration"])
    tally = Tally(started=record_from)
    cpu: list[float] = []

    async def clock() -> None:
        await asyncio.sleep(max(0.0, record_from - time.perf_counter()))
        cpu.append(cpu_seconds(target.get("pid")))

    await asyncio.gather(
        clock(),
        *(
            _connection(
                host,
                port,
                request,
                record_from,
                stop_at,
                tally,
                at_least=int(plan.get("at_least", 10)),
                give_up_at=stop_at + 5 * float(plan["duration"]),
            )
            for _ in range(int(plan["connections"]))
        ),
    )
    # The last recorded response is in: the server's work for the window is done.
    return tally, cpu_seconds(target.get("pid")) - cpu[0]


def _percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


async def run(plan: dict[str, Any]) -> dict[str, Any]:
    report: dict[str, Any] = {}
    for target in plan["targets"]:
        report[target["name"]] = {
            "rounds_rps": [],
            "rounds_cpu_ms": [],
            "requests": 0,
            "errors": 0,
            "first_error": "",
        }
    latencies: dict[str, list[float]] = {t["name"]: [] for t in plan["targets"]}
    for target in plan["targets"]:
        primed = await _prime(plan, target)
        entry = report[target["name"]]
        entry["errors"] += primed.errors
        entry["first_error"] = entry["first_error"] or primed.first_error
    for _ in range(int(plan["rounds"])):
        for target in plan["targets"]:
            tally, cpu = await _measure(plan, target)
            entry = report[target["name"]]
            seconds = max(tally.finished - tally.started, 1e-9)
            entry["rounds_rps"].append(tally.requests / seconds)
            # The server's CPU time in the window per response in it (the requests in
            # service when the window opens count whole, though part of their work was
            # before: with 10 or more responses a window, within a few %).
            entry["rounds_cpu_ms"].append(1000 * cpu / max(tally.completed, 1))
            entry["requests"] += tally.requests
            entry["errors"] += tally.errors
            entry["first_error"] = entry["first_error"] or tally.first_error
            latencies[target["name"]].extend(tally.latencies)
    for name, entry in report.items():
        values = sorted(latencies[name])
        entry["rps"] = statistics.median(entry["rounds_rps"])
        entry["cpu_ms"] = statistics.median(entry["rounds_cpu_ms"])
        entry["latency_ms"] = {
            "p50": _percentile(values, 0.50) * 1000,
            "p90": _percentile(values, 0.90) * 1000,
            "p99": _percentile(values, 0.99) * 1000,
        }
    return report


def main() -> None:
    plan = json.load(sys.stdin)
    runner: Any = asyncio.run
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:
        pass
    json.dump(runner(run(plan)), sys.stdout)


if __name__ == "__main__":
    main()
