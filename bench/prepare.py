"""Bench data step (Django, in-process): one fresh database, scale data, query counts.

bench/run.py runs this once per size with the database chosen through DATABASE_URL (and
SALON_VAR_DIR pointing at a temporary folder), so ./var/salon.sqlite3 is never touched:

    python -m bench.prepare --members 5000 --forum 10000,200000,5000

It migrates, builds `salon.demo.scale.build_scale_data(members)` and, on the same
community, bench/world.py's forum (topics, posts, posts in the long topic), events, goals,
mentoring, notifications and search index, and rolls up its outcomes (as the hourly task
would). Then it signs the community's director in with
Django's test client, requests each page twice and counts the SQL of the second request
(the steady state: the first one also writes the fresh session). It prints one JSON
object: timings, each page's URL, query count and SQL, and the session cookies the load
generator sends.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Pages of Salon's own that need no data: (name, URL, signed in, text they show).
FIXED = [
    ("hello", "/bench/hello", False, "Hello, world"),
    ("healthz", "/healthz", False, '"ok"'),
    ("healthz_signed_in", "/healthz", True, '"ok"'),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, required=True)
    parser.add_argument("--slug", default="scale")
    parser.add_argument("--forum", required=True, help="topics,posts,posts in the long topic")
    args = parser.parse_args()
    topics, posts, long_posts = (int(n) for n in args.forum.split(","))

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.world import build_world, pages
    from salon.analytics.rollups import roll_up_community, snapshots_store
    from salon.demo.scale import build_scale_data

    if "bench" not in str(settings.DATABASES["default"]["NAME"]):
        raise SystemExit("prepare.py only builds bench databases (DATABASE_URL must name one).")

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    community = build_scale_data(args.members, slug=args.slug)
    people = time.perf_counter()
    builder = build_world(community, (topics, posts, long_posts))
    built = time.perf_counter()
    # What the hourly task does: the outcome dashboard reads its rollups and figures.
    roll_up_community(community)
    snapshots_store(community)
    rolled = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    signed_in = Client()
    signed_in.force_login(builder.director)
    anonymous = Client()
    targets: dict[str, tuple[str, bool, list[str]]] = {
        name: (path, auth, [text]) for name, path, auth, text in FIXED
    }
    for name, (path, texts) in pages(community, builder).items():
        targets[name] = (path, True, texts)

    queries: dict[str, int] = {}
    sql: dict[str, list[str]] = {}
    for name, (path, auth, texts) in targets.items():
        client = signed_in if auth else anonymous
        client.get(path)  # warm: fills caches, writes the session's last-seen time
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        body = response.content.decode()
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}: {body[:300]}")
        for text in texts:
            if text not in body:
                raise SystemExit(f"{path} does not show {text!r}; is the bench data there?")
        queries[name] = len(captured.captured_queries)
        sql[name] = [q["sql"] for q in captured.captured_queries]

    cookies = "; ".join(
        f"{name}={morsel.value}"
        for name, morsel in signed_in.cookies.items()
        if name in {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    )
    result: dict[str, Any] = {
        "members": args.members,
        "posts": posts,
        "slug": community.slug,
        "migrate_seconds": migrated - started,
        "people_seconds": people - migrated,
        "build_seconds": built - migrated,
        "rollup_seconds": rolled - built,
        "paths": {name: target[0] for name, target in targets.items()},
        "auth": {name: target[1] for name, target in targets.items()},
        "queries": queries,
        "sql": sql,
        "cookie": cookies,
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
