"""Enqueue scheduled jobs when they are due. Safe to run on several machines at once."""

from __future__ import annotations

import time
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from salon.core.jobs import JOBS, run_due


class Command(BaseCommand):
    help = "Run the scheduler loop (or one pass with --once)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Check once, then exit.")
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between checks.")

    def handle(self, *args: Any, **options: Any) -> None:
        _import_task_modules()
        self.stdout.write(f"Scheduler: {len(JOBS)} job(s): {', '.join(sorted(JOBS))}")
        while True:
            for name in run_due():
                self.stdout.write(f"Enqueued {name}")
            if options["once"]:
                return
            time.sleep(options["interval"])
            close_old_connections()


def _import_task_modules() -> None:
    """Scheduled jobs register themselves when their app's tasks module is imported."""
    from importlib import import_module

    for config in apps.get_app_configs():
        if config.name.startswith("salon."):
            try:
                import_module(f"{config.name}.tasks")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.tasks":
                    raise
