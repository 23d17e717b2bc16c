"""Notification fan-out: the time ``notify()`` takes to tell every member of the bench
community about one new post (posts do not exist yet, so a bench-only kind stands in).

    python -m bench.fanout             # on the database DATABASE_URL names; prints a table
    python -m bench.fanout --json      # {"records": [...], "markdown": "..."} for bench/run.py

bench/run.py runs it on the 5,000-member database after the page load test, with the
same environment (SQLite, the database task queue, the in-memory channel layer, mail to
memory). One measured call does everything ``notify()`` does when a feature calls it:
checks the permission policy for each member, reads their email choices, writes one
in-app notification each, queues the email tasks and pushes the new unread counts. It
runs ``--repeat`` times (each a new event) and reports the median; the rows it wrote are
deleted afterwards, so the bench database stays as salon.demo.scale built it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KIND = "bench.new_post"


def measure(slug: str, repeat: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks_db.models import DBTaskResult

    from salon.accounts.models import User
    from salon.communities.models import Community
    from salon.core.permissions import can
    from salon.notifications.models import Notification
    from salon.notifications.registry import Delivery, register_kind
    from salon.notifications.services import notify

    register_kind(
        KIND,
        label="A new post in a community (bench)",
        default=Delivery.IMMEDIATE,
        line=lambda data: f"{data['actor']} posted in {data['community']}",
        may_see=lambda user, community: can(user, "community.view", community),
    )
    community = Community.objects.get(slug=slug)
    members = User.objects.filter(memberships__community=community)
    # A web process that has served a page has its URL patterns loaded; so does this one.
    community.get_absolute_url()
    tasks_before = set(DBTaskResult.objects.values_list("id", flat=True))
    seconds: list[float] = []
    queries: list[int] = []
    told = 0
    try:
        for run in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                told = notify(members, KIND, community, None, key=f"bench-post-{run}")
                seconds.append(time.perf_counter() - started)
            queries.append(len(captured.captured_queries))
        written = Notification.objects.filter(kind=KIND).count()
        queued = DBTaskResult.objects.exclude(id__in=tasks_before)
        tasks = queued.count() // repeat
    finally:
        Notification.objects.filter(kind=KIND).delete()
        DBTaskResult.objects.exclude(id__in=tasks_before).delete()
    return {
        "recipients": told,
        "notifications_written": written // repeat,
        "seconds": statistics.median(seconds),
        "all_seconds": seconds,
        "queries": statistics.median(queries),
        "email_tasks": tasks,
    }


def records(result: dict[str, Any], members: int) -> list[dict[str, Any]]:
    return [
        {
            "name": f"notifications.fanout_{members}_members",
            "value": round(result["seconds"], 3),
            "unit": "s",
        },
        {
            "name": f"notifications.fanout_{members}_members.queries",
            "value": result["queries"],
            "unit": "queries",
        },
        {
            "name": f"notifications.fanout_{members}_members.email_tasks",
            "value": result["email_tasks"],
            "unit": "tasks",
        },
    ]


def markdown(result: dict[str, Any], members: int, repeat: int) -> str:
    per_thousand = 1000 * result["seconds"] / max(result["recipients"], 1)
    return "\n".join(
        [
            "| Notification fan-out | recipients | time | per 1,000 | SQL queries "
            "| email tasks queued |",
            "|---|---:|---:|---:|---:|---:|",
            f"| One post to a {members:,}-member community (`notify()`) "
            f"| {result['recipients']:,} | {result['seconds']:.2f} s | {per_thousand:.3f} s "
            f"| {result['queries']:g} | {result['email_tasks']} |",
            "",
            f"Median of {repeat} calls (bench/fanout.py): permission check per member, email "
            "choices, one in-app notification each (bulk insert), email tasks of 50 queued "
            "(database queue), new unread counts pushed (in-memory channel layer).",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slug", default="scale")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print records for bench/run.py")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from salon.communities.models import Membership

    members = Membership.objects.filter(community__slug=args.slug).count()
    result = measure(args.slug, args.repeat)
    table = markdown(result, members, args.repeat)
    if args.json:
        json.dump({"records": records(result, members), "markdown": table}, sys.stdout)
    else:
        print(table)


if __name__ == "__main__":
    main()
