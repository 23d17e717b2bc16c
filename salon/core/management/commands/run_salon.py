"""Serve Salon the way `make demo` does: the ASGI web server with the task worker beside it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


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
    help = "Run the web server (uvicorn), a task worker and the scheduler until Ctrl-C."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        python = sys.executable
        web = [
            python,
            "-m",
            "uvicorn",
            "salon.asgi:application",
            "--host",
            options["host"],
            "--port",
            str(options["port"]),
            "--workers",
            str(options["workers"]),
            "--no-access-log",
            "--lifespan",
            "off",
        ]
        if settings.REDIS_URL:
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
        env = serving_environment(
            host=options["host"], port=options["port"], environ=dict(os.environ)
        )
        processes = [subprocess.Popen(cmd, env=env) for cmd in (web, worker, scheduler)]  # noqa: S603
        self.stdout.write(
            f"Web: http://{options['host']}:{options['port']}  · links: {env['SALON_BASE_URL']}"
            f"  · worker: {' '.join(worker[1:3])}"
        )

        def stop(*_: Any) -> None:
            for p in processes:
                if p.poll() is None:
                    p.terminate()

        signal.signal(signal.SIGTERM, stop)
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
