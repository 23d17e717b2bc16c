"""Benchmark the fair meeting planner: 1,000 people in 40 time zones over two weeks.

`run()` returns {"name", "value", "unit"} records for bench/run.py; run this file on its
own (`.venv/bin/python bench/planner.py`) to print them. Times are the median of several
runs after one warm-up run (a long-running server keeps the planner's per-zone caches
warm); the cold first run is reported too. The fortnight starts on Monday 23 March 2026,
so Europe's clocks change in the middle of it.
"""

from __future__ import annotations

import statistics
import sys
import time as clock
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from salon.events import planner
from salon.events.planner import Participant, plan_series, plan_slots

ZONES = {
    "americas": (
        "America/Los_Angeles", "America/Vancouver", "America/Denver", "America/Phoenix",
        "America/Chicago", "America/Mexico_City", "America/New_York", "America/Toronto",
        "America/Bogota", "America/Lima", "America/Santiago", "America/Sao_Paulo",
        "America/Argentina/Buenos_Aires",
    ),
    "emea": (
        "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin",
        "Europe/Madrid", "Europe/Stockholm", "Europe/Warsaw", "Europe/Athens",
        "Europe/Istanbul", "Africa/Lagos", "Africa/Johannesburg", "Africa/Nairobi",
    ),
    "mea": ("Asia/Dubai", "Asia/Riyadh", "Africa/Cairo", "Asia/Karachi"),
    "apac": (
        "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok", "Asia/Singapore", "Asia/Shanghai",
        "Asia/Tokyo", "Asia/Seoul", "Australia/Sydney", "Australia/Perth", "Pacific/Auckland",
    ),
}  # fmt: skip
HOURS = ((time(9), time(17, 30)), (time(8), time(16)), (time(10), time(18)))
START = datetime(2026, 3, 23, tzinfo=UTC)
END = START + timedelta(days=14)
PEOPLE = 1_000


def people(count: int = PEOPLE) -> list[Participant]:
    """Spread over every zone and three working patterns; every seventh person marks two
    hours on two days as unavailable, so that path is measured too."""
    zones = [(zone, region) for region, names in ZONES.items() for zone in names]
    assert len(zones) == 40
    crowd = []
    for number in range(count):
        zone, region = zones[number % len(zones)]
        work_start, work_end = HOURS[number % len(HOURS)]
        busy: tuple[tuple[datetime, datetime], ...] = ()
        if number % 7 == 0:
            begins = [START + timedelta(days=day, hours=number % 24) for day in (1, 8)]
            busy = tuple((begin, begin + timedelta(hours=2)) for begin in begins)
        crowd.append(Participant(f"p{number}", zone, work_start, work_end, region, busy))
    return crowd


def timed(action: Callable[[], Any], repeat: int = 7) -> tuple[float, float]:
    """(cold, warm median) in milliseconds."""
    for module in list(sys.modules.values()):  # every cache of the planner's package
        if getattr(module, "__name__", "").startswith(planner.__name__):
            for value in list(vars(module).values()):
                if hasattr(value, "cache_clear"):
                    value.cache_clear()
    runs = []
    for _ in range(repeat + 1):
        began = clock.perf_counter()
        action()
        runs.append((clock.perf_counter() - began) * 1000)
    return runs[0], statistics.median(runs[1:])


def run() -> list[dict[str, Any]]:
    crowd = people()
    hour = timedelta(hours=1)
    slots = plan_slots(crowd, start=START, end=END, duration=hour, limit=1)
    assert slots[0].start >= START
    label = f"planner: {len(crowd):,} people, 40 zones, 672 slots"
    single = timed(lambda: plan_slots(crowd, start=START, end=END, duration=hour))
    series = timed(
        lambda: plan_series(
            crowd, start=START, end=END, duration=hour, sessions=6, min_gap=timedelta(days=2)
        )
    )
    records = []
    for name, (cold, warm) in (("plan_slots", single), ("plan_series, 6 sessions", series)):
        records.append({"name": f"{label} — {name}", "value": round(warm, 1), "unit": "ms"})
        records.append(
            {"name": f"{label} — {name}, cold caches", "value": round(cold, 1), "unit": "ms"}
        )
    return records


if __name__ == "__main__":
    for record in run():
        print(f"{record['name']}: {record['value']} {record['unit']}")
