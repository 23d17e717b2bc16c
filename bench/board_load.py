"""One brainstorming board under load: N people (40 by default) have it open over the real
socket server and add and move notes for a minute; did every change reach everyone, and
how fast?

    .venv/bin/python bench/board_load.py                  # 40 clients, 60 s; prints a table
    .venv/bin/python bench/board_load.py --clients 10 --seconds 15 --json
    REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/python bench/board_load.py --redis

It builds a fresh SQLite database in a temporary folder (a community, N members, one board
with five clusters, a session each), serves it with ``manage.py run_salon`` exactly as
``make demo`` does (gunicorn's threaded page workers, one uvicorn socket process, the
page workers relaying to it over loopback, or Redis with ``--redis``), and runs the
clients in this process: each holds the board's socket (``/ws/boards/<id>/``) and, every
``--interval`` seconds on average, posts what ``board.js`` posts (a new note, or a move
of any note on the board into a random cluster, so two people often move the same note
at once), with ``Accept: application/json``.

What it reports:

- **delivery**: for each change the server accepted, the time from the moment its writer
  started the post until each of the N sockets received it (p50, p95, p99, max);
- **missed**: accepted changes (a note's version) some socket never received;
- **diverged**: notes whose version or cluster, as a client last heard it, differs from
  the board's state read at the end (what a lost update would look like on screen);
- the posts: how many, how many the server refused (a note moved while the board was
  written to is never refused; a refusal here is a bug), their p50 and p95.

The clients share the machine with the server (here: 2 cores for both), so the numbers
include the load generator's own delays. Not part of ``make test`` or ``make bench``.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import (  # noqa: E402
    HOST,
    bench_env,
    free_port,
    log,
    run_json,
    stop_server,
)

CLUSTERS = 5


# The world (run in its own process, with the server's settings) ----------------------------


def prepare(clients: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from salon.accounts.models import User
    from salon.communities.models import Community, Membership, Role
    from salon.innovation.services.boards import BoardPlan, board_create, cluster_add

    call_command("migrate", verbosity=0, interactive=False)
    community = Community.objects.create(name="Board load", slug="board-load")
    director = User.objects.create_user(
        email="director@load.test", password=None, name="Load Director", timezone_confirmed=True
    )
    Membership.objects.create(user=director, community=community, role=Role.DIRECTOR)
    board = board_create(
        actor=director, community=community, plan=BoardPlan(title="Forty people, one board")
    )
    clusters = [
        cluster_add(actor=director, board=board, name=f"Theme {k}").pk for k in range(CLUSTERS)
    ]
    # The CSRF cookie's value (32 characters) is sent back in the header, as board.js does.
    csrf = secrets.token_hex(16)
    cookies = []
    for n in range(clients):
        person = User.objects.create_user(
            email=f"p{n}@load.test", password=None, name=f"Person {n:02}", timezone_confirmed=True
        )
        Membership.objects.create(user=person, community=community, role=Role.MEMBER)
        client = Client()
        client.force_login(person)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append(
            f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"
        )
    return {"board": board.pk, "clusters": clusters, "cookies": cookies, "csrf": csrf}


# The clients --------------------------------------------------------------------------------


class Run:
    def __init__(self, page_port: int, board: int, clusters: list[int], csrf: str) -> None:
        self.page_port = page_port
        self.csrf = csrf
        self.board = board
        self.clusters = clusters
        # (note id, version) -> (post started, post answered), for changes the server took
        self.accepted: dict[tuple[int, int], tuple[float, float]] = {}
        self.post_seconds: list[float] = []
        self.refused: list[str] = []
        self.errors: list[str] = []
        self.note_ids: list[int] = []

    def post(self, cookie: str, path: str, data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        connection = http.client.HTTPConnection(HOST, self.page_port, timeout=30)
        try:
            connection.request(
                "POST",
                path,
                urllib.parse.urlencode(data),
                {
                    "Cookie": cookie,
                    "X-CSRFToken": self.csrf,
                    "Accept": "application/json",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            answer = connection.getresponse()
            body = answer.read()
            if body.startswith(b"{"):
                return answer.status, json.loads(body)
            return answer.status, {"body": body[:300].decode(errors="replace")}
        finally:
            connection.close()

    def get(self, cookie: str, path: str) -> dict[str, Any]:
        connection = http.client.HTTPConnection(HOST, self.page_port, timeout=30)
        try:
            connection.request("GET", path, headers={"Cookie": cookie})
            answer = connection.getresponse()
            return dict(json.loads(answer.read()))
        finally:
            connection.close()


class Client:
    """One person with the board open: what their socket heard, and their posts."""

    def __init__(self, number: int, cookie: str) -> None:
        self.number = number
        self.cookie = cookie
        self.heard: dict[tuple[int, int], float] = {}
        # note id -> (version, cluster) as this client last heard it
        self.view: dict[int, tuple[int, int | None]] = {}
        self.written = 0

    async def listen(self, ws: Any) -> None:
        async for raw in ws:
            message = json.loads(raw)
            note = message.get("note") if message.get("kind") in ("note", "dots") else None
            if note is None:
                continue
            key = (note["id"], note["version"])
            self.heard.setdefault(key, time.monotonic())
            if note["version"] > self.view.get(note["id"], (0, None))[0]:
                self.view[note["id"]] = (note["version"], note["cluster"])

    async def write(
        self, run: Run, pool: ThreadPoolExecutor, until: float, interval: float
    ) -> None:
        loop = asyncio.get_running_loop()
        rng = random.Random(self.number)
        while True:
            await asyncio.sleep(interval * rng.uniform(0.5, 1.5))
            if time.monotonic() >= until:
                return
            if len(run.note_ids) < 20 or rng.random() < 0.3:
                path = f"/boards/{run.board}/notes/"
                data: dict[str, Any] = {
                    "text": f"Person {self.number:02}, note {self.written}",
                    "cluster": rng.choice([*run.clusters, ""]),
                }
            else:
                path = f"/notes/{rng.choice(run.note_ids)}/move/"
                data = {"cluster": rng.choice([*run.clusters, ""])}
            self.written += 1
            started = time.monotonic()
            try:
                status, body = await loop.run_in_executor(pool, run.post, self.cookie, path, data)
            except (OSError, http.client.HTTPException) as exc:
                run.errors.append(f"{path}: {exc!r}")
                continue
            answered = time.monotonic()
            run.post_seconds.append(answered - started)
            if status != 200 or body.get("kind") != "note":
                run.refused.append(f"{path} {status}: {str(body)[:120]}")
                continue
            note = body["note"]
            run.accepted[(note["id"], note["version"])] = (started, answered)
            if note["id"] not in run.note_ids:
                run.note_ids.append(note["id"])


async def load(
    run: Run, cookies: list[str], socket_port: int, seconds: float, interval: float
) -> dict[str, Any]:
    from websockets.asyncio.client import connect

    clients = [Client(n, cookie) for n, cookie in enumerate(cookies)]
    url = f"ws://{HOST}:{socket_port}/ws/boards/{run.board}/"
    origin = f"http://{HOST}:{run.page_port}"
    sockets = []
    for client in clients:
        ws = await connect(
            url,
            additional_headers={"Cookie": client.cookie},
            origin=origin,  # type: ignore[arg-type]
            proxy=None,
            max_queue=None,
        )
        sockets.append((client, ws, asyncio.create_task(client.listen(ws))))
    await asyncio.sleep(2)  # everyone's presence settles
    pool = ThreadPoolExecutor(max_workers=len(clients))
    started = time.monotonic()
    until = started + seconds
    await asyncio.gather(*(c.write(run, pool, until, interval) for c in clients))
    writing = time.monotonic() - started
    await asyncio.sleep(5)  # the last changes are on their way
    state = await asyncio.get_running_loop().run_in_executor(
        pool, run.get, cookies[0], f"/boards/{run.board}/state/"
    )
    for _client, ws, task in sockets:
        await ws.close()
        task.cancel()
    pool.shutdown()
    return summarise(run, clients, state, writing)


def _ms(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def summarise(
    run: Run, clients: list[Client], state: dict[str, Any], writing: float
) -> dict[str, Any]:
    delays, missed = [], 0
    for key, (started, _answered) in run.accepted.items():
        for client in clients:
            heard = client.heard.get(key)
            if heard is None:
                missed += 1
            else:
                delays.append(heard - started)
    truth = {n["id"]: (n["version"], n["cluster"]) for n in state["notes"]}
    diverged = sum(
        1 for client in clients for note, seen in truth.items() if client.view.get(note) != seen
    )
    return {
        "clients": len(clients),
        "seconds": round(writing, 1),
        "posts": len(run.post_seconds) + len(run.errors),
        "posts_per_second": round((len(run.post_seconds) + len(run.errors)) / writing, 1),
        "accepted": len(run.accepted),
        "refused": len(run.refused),
        "errors": len(run.errors),
        "post_p50_ms": _ms(run.post_seconds, 0.50),
        "post_p95_ms": _ms(run.post_seconds, 0.95),
        "deliveries": len(delays),
        "missed": missed,
        "notes": len(truth),
        "diverged": diverged,
        "delivery_p50_ms": _ms(delays, 0.50),
        "delivery_p95_ms": _ms(delays, 0.95),
        "delivery_p99_ms": _ms(delays, 0.99),
        "delivery_max_ms": _ms(delays, 1.0),
        "delivery_mean_ms": round(1000 * statistics.fmean(delays), 1) if delays else 0.0,
        "refused_examples": run.refused[:3],
        "error_examples": run.errors[:3],
    }


def markdown(report: dict[str, Any]) -> str:
    rows = [
        ("clients, seconds of writing", f"{report['clients']}, {report['seconds']}"),
        ("posts (per second)", f"{report['posts']} ({report['posts_per_second']})"),
        (
            "accepted / refused / errors",
            f"{report['accepted']} / {report['refused']} / {report['errors']}",
        ),
        ("post p50 / p95", f"{report['post_p50_ms']} ms / {report['post_p95_ms']} ms"),
        ("deliveries (accepted × clients)", str(report["deliveries"])),
        ("missed deliveries", str(report["missed"])),
        (
            "notes diverged at the end (of notes × clients)",
            f"{report['diverged']} (of {report['notes'] * report['clients']})",
        ),
        (
            "delivery p50 / p95 / p99 / max",
            f"{report['delivery_p50_ms']} / {report['delivery_p95_ms']} / "
            f"{report['delivery_p99_ms']} / {report['delivery_max_ms']} ms",
        ),
    ]
    lines = ["| measure | value |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines)


# Serving ------------------------------------------------------------------------------------


def _ready(port: int, server: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"run_salon exited:\n{log_path.read_text()[-3000:]}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/readyz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"run_salon did not become ready:\n{log_path.read_text()[-3000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--interval", type=float, default=2.0, help="mean seconds between posts")
    parser.add_argument("--redis", action="store_true", help="channel layer on REDIS_URL")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare(args.clients)))
        return

    redis_url = os.environ.get("REDIS_URL", "")
    if args.redis and not redis_url:
        parser.error("--redis needs REDIS_URL")
    with tempfile.TemporaryDirectory(prefix="salon-board-load-") as tmp:
        var_dir = Path(tmp)
        page_port, socket_port = free_port(), free_port()
        env = bench_env(
            var_dir, var_dir / "bench-board.sqlite3", page_port, secrets.token_urlsafe(50)
        )
        if args.redis:
            env["REDIS_URL"] = redis_url
        log(f"building the board and {args.clients} people")
        prepared = run_json(
            [str(Path(__file__)), "--prepare", "--clients", str(args.clients)],
            "board load preparation",
            env,
        )
        log_path = var_dir / "run_salon.log"
        with log_path.open("wb") as out:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "run_salon",
                    "--port",
                    str(page_port),
                    "--socket-port",
                    str(socket_port),
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=out,
            )
        try:
            _ready(page_port, server, log_path)
            _ready(socket_port, server, log_path)
            log(f"{args.clients} clients for {args.seconds:.0f} s on board {prepared['board']}")
            run = Run(page_port, prepared["board"], prepared["clusters"], prepared["csrf"])
            report = asyncio.run(
                load(run, prepared["cookies"], socket_port, args.seconds, args.interval)
            )
        finally:
            stop_server(server)
        report["channel_layer"] = "redis" if args.redis else "in-memory, relayed"
    if args.json:
        print(json.dumps(report))
    else:
        print(markdown(report))
        for example in report["refused_examples"] + report["error_examples"]:
            print(f"  {example}")


if __name__ == "__main__":
    main()
