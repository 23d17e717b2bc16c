"""Serving and loading for the benches: the processes (gunicorn's sync workers, uvicorn),
their environment (a temporary var folder, DEBUG off, SQLite unless told otherwise), and the
separate load generator (bench/load.py). bench/run.py, bench/forum.py and
bench/signin_burst.py share them."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
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


def run_json(args: list[str], what: str, env: dict[str, str] | None = None) -> Any:
    """Run one bench module in its own process and read the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    sys.stderr.write(done.stderr)
    if done.returncode != 0:
        raise SystemExit(f"The {what} bench failed (see above).")
    return json.loads(done.stdout.strip().splitlines()[-1])
