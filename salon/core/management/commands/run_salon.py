"""Serve Salon the way `make demo` does: pages through WSGI, WebSockets through ASGI on the
next port, with the task worker and the scheduler beside them."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from salon.core.socket_relay import RELAY_PATH


def serving_environment(*, host: str, port: int, environ: dict[str, str]) -> dict[str, str]:
    """The environment for the web server, worker and scheduler: unless the address people
    use is set explicitly, it is the one being served, so links in invitations, emails and
    calendar feeds carry this port (``PORT=9000 make demo`` links to :9000, not :8000)."""
    env = dict(environ)
    if not env.get("SALON_BASE_URL", "").strip():
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
        env["SALON_BASE_URL"] = f"http://{shown}:{port}"
    return env


class Command(BaseCommand):
    help = (
        "Serve pages with gunicorn (WSGI workers), WebSockets with uvicorn on the next port, "
        "a task worker and the scheduler, until Ctrl-C."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--socket-port",
            type=int,
            default=int(os.environ.get("SOCKET_PORT", "0")) or None,
            help="port of the WebSockets (default: the pages' port + 1)",
        )
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=2, help="page worker processes")
        parser.add_argument("--threads", type=int, default=4, help="threads per page worker")

    def handle(self, *args: Any, **options: Any) -> None:
        python = sys.executable
        host, port = options["host"], options["port"]
        socket_port = options["socket_port"] or port + 1
        commands = serving_commands(
            python=python,
            host=host,
            port=port,
            socket_port=socket_port,
            workers=options["workers"],
            threads=options["threads"],
            redis=bool(settings.REDIS_URL),
        )
        env = serving_environment(host=host, port=port, environ=dict(os.environ))
        env["SALON_SOCKET_PORT"] = str(socket_port)
        if not settings.REDIS_URL:
            # No Redis: page workers relay live updates to the socket process, and all
            # share a cache on disk (salon/core/socket_relay.py, settings).
            relay_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
            env["SALON_SOCKET_RELAY_TOKEN"] = env.get("SALON_SOCKET_RELAY_TOKEN") or (
                secrets.token_urlsafe(32)
            )
            env["SALON_SOCKET_RELAY_URL"] = f"http://{relay_host}:{socket_port}{RELAY_PATH}"
        processes = []
        for name, cmd in commands.items():
            own = dict(env)
            if name == "sockets":
                own["SALON_SOCKET_PROCESS"] = "1"
            processes.append(subprocess.Popen(cmd, env=own))  # noqa: S603
        self.stdout.write(
            f"Pages: http://{host}:{port}  · sockets: port {socket_port}"
            f"  · links: {env['SALON_BASE_URL']}  · worker: {' '.join(commands['worker'][1:3])}"
        )

        def stop(*_: Any) -> None:
            for p in processes:
                if p.poll() is None:
                    p.terminate()

        # Both by hand: a shell that starts run_salon in the background (a script, CI) hands
        # it SIGINT ignored, and Python then never raises KeyboardInterrupt for Ctrl-C.
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for p in processes:
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()


def serving_commands(
    *,
    python: str,
    host: str,
    port: int,
    socket_port: int,
    workers: int,
    threads: int,
    redis: bool,
) -> dict[str, list[str]]:
    """Pages through WSGI (gunicorn's threaded workers: Django's WSGI path costs about half
    the CPU of its ASGI path per request, docs/deployment.md), WebSockets through ASGI
    (uvicorn, one process: without Redis the sockets' groups live in its memory)."""
    pages = [
        python,
        "-m",
        "gunicorn",
        "salon.wsgi:application",
        "--bind",
        f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
    ]
    sockets = [
        python,
        "-m",
        "uvicorn",
        "salon.asgi:application",
        "--host",
        host,
        "--port",
        str(socket_port),
        "--workers",
        "1",
        "--no-access-log",
        "--lifespan",
        "off",
    ]
    if redis:
        worker = [
            python,
            "manage.py",
            "rqworker",
            "default",
            "--job-class",
            "django_tasks_rq.Job",
            "--with-scheduler",
        ]
    else:
        worker = [python, "manage.py", "db_worker", "--queue-name", "default"]
    scheduler = [python, "manage.py", "run_scheduler"]
    return {"pages": pages, "sockets": sockets, "worker": worker, "scheduler": scheduler}
