"""Build the minimal Django's database: ``BENCH_PLAIN_DATABASE=… python -m bench.plain``.

A fresh SQLite file with one table of 5,000 rows, unique index on ``key``.
"""

import os
import sys
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.plain.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from bench.plain.models import Item

    call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
    Item.objects.all().delete()
    Item.objects.bulk_create(
        [Item(key=f"item-{n:05}", name=f"Item number {n}") for n in range(5_000)],
        batch_size=1_000,
    )


if __name__ == "__main__":
    main()
