"""Bench load generator: its own process, no Django, several keep-alive connections.

bench/run.py starts it with a JSON plan on stdin and reads a JSON report from stdout:

    {"host": "127.0.0.1", "port": 8123, "connections": 8, "warmup": 1.0,
     "duration": 5.0, "rounds": 3,
     "targets": [{"name": "hello", "path": "/bench/hello", "cookie": ""}, ...]}

Each round measures every target in turn (interleaved, so a slow spell of the machine hits
all targets alike): open the connections, run `warmup` seconds unrecorded, then `duration`
seconds recorded, every connection sending its next request as soon as the previous
response has been read in full (HTTP/1.1 keep-alive, closed loop). Any status other than
200 counts as an error. Plain asyncio streams (uvloop when installed) keep the client's own
cost per request far below the server's.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Tally:
    requests: int = 0
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
    host: str, port: int, request: bytes, record_from: float, stop_at: float, tally: Tally
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while True:
            sent = time.perf_counter()
            if sent >= stop_at:
                break
            writer.write(request)
            status, body, keep = await _read_response(reader)
            done = time.perf_counter()
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


async def _measure(plan: dict[str, Any], target: dict[str, Any]) -> Tally:
    host, port = plan["host"], int(plan["port"])
    request = _request(host, port, target["path"], target.get("cookie", ""))
    now = time.perf_counter()
    record_from = now + float(plan["warmup"])
    stop_at = record_from + float(plan["duration"])
    tally = Tally(started=record_from)
    await asyncio.gather(
        *(
            _connection(host, port, request, record_from, stop_at, tally)
            for _ in range(int(plan["connections"]))
        )
    )
    return tally


def _percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


async def run(plan: dict[str, Any]) -> dict[str, Any]:
    report: dict[str, Any] = {}
    for target in plan["targets"]:
        report[target["name"]] = {"rounds_rps": [], "requests": 0, "errors": 0, "first_error": ""}
    latencies: dict[str, list[float]] = {t["name"]: [] for t in plan["targets"]}
    for _ in range(int(plan["rounds"])):
        for target in plan["targets"]:
            tally = await _measure(plan, target)
            entry = report[target["name"]]
            seconds = max(tally.finished - tally.started, 1e-9)
            entry["rounds_rps"].append(tally.requests / seconds)
            entry["requests"] += tally.requests
            entry["errors"] += tally.errors
            entry["first_error"] = entry["first_error"] or tally.first_error
            latencies[target["name"]].extend(tally.latencies)
    for name, entry in report.items():
        values = sorted(latencies[name])
        entry["rps"] = statistics.median(entry["rounds_rps"])
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
