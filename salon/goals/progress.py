"""Progress arithmetic and the small charts of goals, on plain values (no ORM), so they
can be tested with hypothesis."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise


def key_result_progress(
    *, kind: str, baseline: Decimal, target: Decimal, current: Decimal
) -> float:
    """How far from the baseline to the target the current value is, from 0 to 1.

    A "done" key result is 0 or 1. Otherwise (current − baseline) / (target − baseline),
    clamped, so a target below the baseline (cut costs from 10 to 6) works the same way.
    """
    if kind == "done":
        return 1.0 if current >= 1 else 0.0
    span = target - baseline
    if span == 0:
        return 1.0 if current == target else 0.0
    share = float((current - baseline) / span)
    return min(1.0, max(0.0, share))


def mean_progress(values: Iterable[float]) -> float | None:
    """An objective's progress: the mean of its key results' (None when it has none)."""
    items = list(values)
    if not items:
        return None
    return sum(items) / len(items)


BUCKETS = ((0, 19), (20, 39), (40, 59), (60, 79), (80, 100))


def histogram(progress_counts: dict[int, int]) -> list[dict[str, int | str]]:
    """Goals per fifth of progress, from ``{progress: how many goals}``, with the SVG bar
    geometry the directors' overview draws (viewBox 0 0 320 150, bars 48 wide)."""
    counts = [
        sum(n for value, n in progress_counts.items() if low <= value <= high)
        for low, high in BUCKETS
    ]
    most = max(counts, default=0) or 1
    bars: list[dict[str, int | str]] = []
    for i, ((low, high), count) in enumerate(zip(BUCKETS, counts, strict=True)):
        height = round(110 * count / most)
        bars.append(
            {
                "label": f"{low}–{high}%",
                "count": count,
                "x": 16 + i * 60,
                "y": 120 - height,
                "height": height,
                "label_x": 40 + i * 60,
            }
        )
    return bars


@dataclass(frozen=True)
class Chart:
    """A progress-over-time line: ``points`` for an SVG polyline in a ``width`` × ``height``
    viewBox (0 % at the bottom, 100 % at the top), and the dots with what they say."""

    width: int
    height: int
    points: str
    dots: list[dict[str, object]]
    first: date | None
    last: date | None


def progress_chart(
    samples: Sequence[tuple[date, int]], *, width: int = 320, height: int = 120, pad: int = 8
) -> Chart:
    """Place check-ins (day, progress 0–100), oldest first, on a time axis."""
    if not samples:
        return Chart(width, height, "", [], None, None)
    ordered = sorted(samples)
    first, last = ordered[0][0], ordered[-1][0]
    days = max((last - first).days, 1)
    inner_w, inner_h = width - 2 * pad, height - 2 * pad
    dots: list[dict[str, object]] = []
    for day, value in ordered:
        x = pad + (inner_w * (day - first).days / days if len(ordered) > 1 else inner_w / 2)
        y = pad + inner_h * (1 - min(max(value, 0), 100) / 100)
        # Strings: templates would localise numbers (a decimal comma breaks SVG).
        dots.append({"x": f"{x:.1f}", "y": f"{y:.1f}", "day": day, "progress": value})
    points = " ".join(f"{d['x']},{d['y']}" for d in dots)
    return Chart(width, height, points, dots, first, last)


def on_time_streak(check_in_days: Sequence[date], *, cadence_days: int) -> int:
    """How many check-ins in a row, counting back from the latest, came within the cadence
    (plus a few days' grace) of the one before. A gentle count, not a game."""
    ordered = sorted(check_in_days, reverse=True)
    if not ordered:
        return 0
    streak = 1
    grace = cadence_days + max(2, cadence_days // 4)
    for newer, older in pairwise(ordered):
        if (newer - older).days > grace:
            break
        streak += 1
    return streak
