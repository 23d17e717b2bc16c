"""The outcome dashboard's rollups at scale (issue #21): how long rolling up takes, and what
the dashboard costs once it reads them.

    python -m bench.outcomes           # on the database DATABASE_URL names; prints a table
    python -m bench.outcomes --json    # {"records": [...], "markdown": "..."} for bench/run.py

On the bench community (5,000 members, three years of forum, a year of sessions, goals,
mentoring), in-process:

1. with ``--from-scratch`` (or when nothing is rolled up yet), the first rollup of the
   whole history (what the hourly task does for a new community; bench/prepare.py times
   it too, as ``rollup_seconds``);
2. the rollup of one day (median of ``--repeat`` runs; the issue's bar is under 10 s);
3. the hourly step once caught up (the last ``LATE_DAYS`` days again, and today);
4. storing the dashboard's figures for its three periods from the rollups;
5. the dashboard page through Django's test client, signed in as the director: its SQL
   query count, and p50/p95 of ``--repeat`` requests (the bar is p95 under 300 ms; the
   page's ratio to the plain Django hello world is in the main table, row ``outcomes``);
6. the same figures computed from the rollups on request (before the day's first run).

Running it twice gives the same rollups (they are idempotent) and changes nothing else.
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


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(slug: str, repeat: int, from_scratch: bool) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from salon.analytics import selectors
    from salon.analytics.models import DailyActivity, DailyTie, OutcomeSnapshot, Rollup
    from salon.analytics.rollups import roll_up, roll_up_community, snapshots_store
    from salon.communities.models import Community, Membership

    community = Community.objects.get(slug=slug)
    today = timezone.now().date()
    first = None
    if from_scratch or not Rollup.objects.filter(community=community).exists():
        Rollup.objects.filter(community=community).delete()
        OutcomeSnapshot.objects.filter(community=community).delete()
        started = time.perf_counter()
        roll_up_community(community, today=today)
        first = time.perf_counter() - started
    rows = DailyActivity.objects.filter(community=community).count()
    ties = DailyTie.objects.filter(community=community).count()

    one_day = []
    for _ in range(repeat):
        started = time.perf_counter()
        roll_up(community.pk, today, today)
        one_day.append(time.perf_counter() - started)
    yesterday = today.fromordinal(today.toordinal() - 1)
    started = time.perf_counter()
    roll_up(community.pk, yesterday, yesterday)
    a_full_day = time.perf_counter() - started

    started = time.perf_counter()
    roll_up_community(community, today=today)
    hourly = time.perf_counter() - started
    started = time.perf_counter()
    snapshots_store(community, today=today)
    stored = time.perf_counter() - started

    director = Membership.objects.filter(community=community, role="director").first()
    assert director is not None
    client = Client()
    client.force_login(director.user)
    url = f"/c/{slug}/outcomes/"
    client.get(url)  # warm: templates, the session's last-seen time
    seconds = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            seconds.append(time.perf_counter() - started)
        if response.status_code != 200 or "The six benefits" not in response.content.decode():
            raise SystemExit(f"{url} answered {response.status_code} without its figures")
    queries = len(captured.captured_queries)

    live = []
    for _ in range(max(1, repeat // 5)):
        with CaptureQueriesContext(connection) as computed:
            started = time.perf_counter()
            selectors.outcomes_computed(community=community, days=selectors.DEFAULT_PERIOD)
            live.append(time.perf_counter() - started)

    members = Membership.objects.filter(community=community).count()
    records = [
        {"name": "outcomes.members", "value": members, "unit": "people"},
        *(
            [{"name": "outcomes.rollup_first_s", "value": round(first, 2), "unit": "s"}]
            if first is not None
            else []
        ),
        {"name": "outcomes.rollup_rows", "value": rows, "unit": "rows"},
        {"name": "outcomes.rollup_tie_rows", "value": ties, "unit": "rows"},
        {
            "name": "outcomes.rollup_today_s",
            "value": round(statistics.median(one_day), 3),
            "unit": "s",
        },
        {"name": "outcomes.rollup_one_full_day_s", "value": round(a_full_day, 3), "unit": "s"},
        {"name": "outcomes.rollup_hourly_s", "value": round(hourly, 2), "unit": "s"},
        {"name": "outcomes.snapshots_s", "value": round(stored, 2), "unit": "s"},
        {
            "name": "outcomes.dashboard_p50_ms",
            "value": round(1000 * statistics.median(seconds), 1),
            "unit": "ms",
        },
        {
            "name": "outcomes.dashboard_p95_ms",
            "value": round(1000 * _p95(seconds), 1),
            "unit": "ms",
        },
        {"name": "outcomes.dashboard_queries", "value": queries, "unit": "queries"},
        {
            "name": "outcomes.computed_on_request_s",
            "value": round(statistics.median(live), 2),
            "unit": "s",
        },
        {
            "name": "outcomes.computed_on_request_queries",
            "value": len(computed.captured_queries),
            "unit": "queries",
        },
    ]
    lines = [
        f"### Outcomes: rollups and the dashboard ({members:,} members, in-process)",
        "",
        "| figure | value |",
        "|---|---:|",
        *(f"| `{r['name']}` | {r['value']} {r['unit']} |" for r in records),
    ]
    return {"records": records, "markdown": "\n".join(lines)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slug", default="scale")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--from-scratch",
        action="store_true",
        help="drop the rollups and time the first run over the whole history again "
        "(bench/prepare.py already timed it: rollup_seconds)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    result = measure(args.slug, args.repeat, args.from_scratch)
    print(json.dumps(result) if args.json else result["markdown"])


if __name__ == "__main__":
    main()
