"""Rebuild the search index: every registered kind, or the ones named."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from salon.core import search
from salon.core.search import schema


class Command(BaseCommand):
    help = (
        "Rebuild search documents from the objects apps registered (after bulk imports or "
        "data fixes that bypassed saves), then rebuild and compact the engine's index."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "kinds", nargs="*", help="Only these kinds (default: all registered kinds)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        known = [s.kind for s in search.sources()]
        kinds = options["kinds"] or known
        unknown = sorted(set(kinds) - set(known))
        if unknown:
            raise CommandError(f"Unknown kind(s): {', '.join(unknown)}. Known: {', '.join(known)}.")
        started = time.perf_counter()
        with transaction.atomic():
            schema.install(connection)
        counts = search.reindex(kinds)
        with transaction.atomic():
            schema.rebuild(connection)
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count} document(s)")
        self.stdout.write(f"Reindexed in {time.perf_counter() - started:.1f} s.")
