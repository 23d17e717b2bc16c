"""A burst of failed sign-ins against the served site: memory and /healthz while it lasts.

    .venv/bin/python -m bench.signin_burst            # 100 attempts at once, both hashers
    .venv/bin/python -m bench.signin_burst -n 40

Issue #19: with Django's default Argon2 (100 MiB, 8 lanes per hash) 40 concurrent sign-in
attempts took a server from 0.5 to 4.2 GB. This serves a fresh, migrated SQLite site with
gunicorn as docs/deployment.md lays out (2 gthread workers × 4 threads), behind a pretend
proxy (``SALON_TRUSTED_PROXY_COUNT=1``, each attempt from its own address and for an
unknown email, so no throttle stops it before the hash: the worst case), and fires N
sign-ins at once. While they run it samples the resident memory of gunicorn and its workers
every 20 ms and asks ``/healthz`` every 100 ms. It does this twice in one run: with Django's
default hasher, then with Salon's (salon/accounts/hashers.py), and prints both.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import http.client
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.load import _descendants
from bench.servers import HOST, ROOT, bench_env, free_port, log, start_gunicorn, stop_server

RESULTS = ROOT / "bench" / "results" / "signin-burst.md"
VARIANTS = {
    "django": "Django's default Argon2 (100 MiB, 8 lanes)",
    "salon": "Salon's bounded Argon2id",
}


def rss_mib(pid: int) -> float:
    total = 0
    for child in _descendants(pid):
        try:
            with open(f"/proc/{child}/status") as status:
                match = re.search(r"VmRSS:\s+(\d+) kB", status.read())
        except OSError:
            continue
        total += int(match.group(1)) if match else 0
    return total / 1024


def _get(port: int, path: str, headers: dict[str, str]) -> tuple[int, bytes, Any]:
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, response


def sign_in_form(port: int) -> tuple[str, str]:
    """The CSRF cookie and the form's token, as a browser would have them."""
    status, body, response = _get(port, "/accounts/login/", {"X-Forwarded-For": "192.0.2.1"})
    if status != 200:
        raise SystemExit(f"/accounts/login/ answered {status}")
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", ""))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not cookie or not token:
        raise SystemExit("No CSRF token on the sign-in page")
    return cookie.group(1), token.group(1).decode()


def attempt(port: int, n: int, cookie: str, token: str) -> tuple[int, float]:
    body = f"csrfmiddlewaretoken={token}&login=nobody{n}%40burst.test&password=wrong-{n}-guess"
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=600)
    connection.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "Referer": f"http://{HOST}:{port}/accounts/login/",
            "X-Forwarded-For": f"198.18.{n // 250}.{n % 250 + 1}",
        },
    )
    try:
        status = connection.getresponse().status
    except OSError:
        status = 0  # no answer: the connection was dropped or timed out
    connection.close()
    return status, time.perf_counter() - started


def burst(variant: str, attempts: int, env: dict[str, str], var: Path) -> dict[str, Any]:
    port = free_port()
    env = {**env, "BENCH_HASHER": variant, "SALON_BASE_URL": f"http://{HOST}:{port}"}
    server = start_gunicorn("salon.wsgi:application", env, port, var / f"{variant}.log")
    try:
        cookie, token = sign_in_form(port)
        idle = rss_mib(server.pid)
        peak, health, done = [idle], [], threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak.append(rss_mib(server.pid))
                time.sleep(0.02)

        def probe() -> None:
            while not done.is_set():
                started = time.perf_counter()
                _get(port, "/healthz", {"X-Forwarded-For": "192.0.2.2"})
                health.append(time.perf_counter() - started)
                time.sleep(0.1)

        watchers = [threading.Thread(target=sample), threading.Thread(target=probe)]
        for watcher in watchers:
            watcher.start()
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(attempts) as pool:
            answers = list(pool.map(lambda n: attempt(port, n, cookie, token), range(attempts)))
        elapsed = time.perf_counter() - started
        time.sleep(0.3)
        done.set()
        for watcher in watchers:
            watcher.join()
    finally:
        stop_server(server)
    statuses: dict[int, int] = {}
    for status, _seconds in answers:
        statuses[status] = statuses.get(status, 0) + 1
    return {
        "variant": VARIANTS[variant],
        "idle_mib": idle,
        "peak_mib": max(peak),
        "seconds": elapsed,
        "statuses": statuses,
        "healthz_median_ms": statistics.median(health) * 1000 if health else 0.0,
        "healthz_max_ms": max(health) * 1000 if health else 0.0,
    }


def markdown(rows: list[dict[str, Any]], attempts: int) -> str:
    lines = [
        f"# {attempts} failed sign-ins at once (`python -m bench.signin_burst -n {attempts}`)",
        "",
        "gunicorn, 2 gthread workers × 4 threads, SQLite; each attempt from its own address "
        "for an unknown email. Memory is the resident size of gunicorn and its workers.",
        "",
        "| hasher | memory idle | memory peak | burst took | answers | /healthz median | "
        "/healthz worst |",
        "|---|---:|---:|---:|---|---:|---:|",
    ]
    for row in rows:
        answers = ", ".join(
            f"{n} × {status or 'no answer'}" for status, n in sorted(row["statuses"].items())
        )
        lines.append(
            f"| {row['variant']} | {row['idle_mib']:.0f} MiB | {row['peak_mib']:.0f} MiB | "
            f"{row['seconds']:.1f} s | {answers} | {row['healthz_median_ms']:.0f} ms | "
            f"{row['healthz_max_ms']:.0f} ms |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("-n", type=int, default=100, help="sign-in attempts fired at once")
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="salon-signin-burst-"))
    env = bench_env(var, var / "db.sqlite3", 0, secrets.token_urlsafe(40))
    env["SALON_TRUSTED_PROXY_COUNT"] = "1"
    for command in (["migrate", "-v", "0"], ["collectstatic", "--no-input", "-v", "0"]):
        log(f"manage.py {command[0]}")
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    rows = []
    for variant in VARIANTS:
        log(f"{args.n} sign-ins at once with {VARIANTS[variant]}")
        rows.append(burst(variant, args.n, env, var))
    table = markdown(rows, args.n)
    RESULTS.write_text(table)
    print(table)


if __name__ == "__main__":
    main()
