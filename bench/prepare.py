"""Bench data step (Django, in-process): one fresh database, scale data, query counts.

bench/run.py runs this once per size with the database chosen through DATABASE_URL (and
SALON_VAR_DIR pointing at a temporary folder), so ./var/salon.sqlite3 is never touched:

    python -m bench.prepare --members 5000 --pages '[{"name": ..., "path": ...}]'

It migrates, builds `salon.demo.scale.build_scale_data(members)`, signs the community's
director in with Django's test client, requests each page twice and counts the SQL of the
second request (the steady state: the first one also writes the fresh session). It prints
one JSON object: timings, query counts, the SQL itself and the session cookies the load
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, required=True)
    parser.add_argument("--slug", default="scale")
    parser.add_argument("--pages", required=True, help="JSON list of {name, path, auth, expect}")
    args = parser.parse_args()
    pages: list[dict[str, Any]] = json.loads(args.pages)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from salon.communities.models import Membership, Role
    from salon.demo.scale import build_scale_data

    if connection.vendor == "sqlite" and "bench" not in str(settings.DATABASES["default"]["NAME"]):
        raise SystemExit("prepare.py only builds bench databases (DATABASE_URL must name one).")

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    community = build_scale_data(args.members, slug=args.slug)
    built = time.perf_counter()

    director = (
        Membership.objects.select_related("user").get(community=community, role=Role.DIRECTOR).user
    )
    signed_in = Client()
    signed_in.force_login(director)
    anonymous = Client()

    queries: dict[str, int] = {}
    sql: dict[str, list[str]] = {}
    for page in pages:
        client = signed_in if page["auth"] else anonymous
        path = page["path"].format(slug=community.slug)
        client.get(path)  # warm: fills caches, writes the session's last-seen time
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        body = response.content.decode()
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}: {body[:300]}")
        expect = page.get("expect", "").format(members=args.members)
        if expect and expect not in body:
            raise SystemExit(f"{path} does not show {expect!r}; is the scale data there?")
        queries[page["name"]] = len(captured.captured_queries)
        sql[page["name"]] = [q["sql"] for q in captured.captured_queries]

    cookies = "; ".join(
        f"{name}={morsel.value}"
        for name, morsel in signed_in.cookies.items()
        if name in {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    )
    json.dump(
        {
            "members": args.members,
            "slug": community.slug,
            "migrate_seconds": migrated - started,
            "build_seconds": built - migrated,
            "queries": queries,
            "sql": sql,
            "cookie": cookies,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
