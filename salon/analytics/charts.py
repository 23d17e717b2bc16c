"""Server-rendered charts of outcomes: plain numbers in, coordinates out; the templates draw
them as SVG with a table beside them as their text equivalent (no script)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

WIDTH = 560
HEIGHT = 160
PAD = 28


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: int | None


def line(points: Sequence[tuple[date, int | None]], *, top: int = 100) -> dict[str, object]:
    """A line of percentages over time; a withheld point breaks the line."""
    n = len(points)
    step = (WIDTH - 2 * PAD) / max(n - 1, 1)
    plotted = [
        Point(
            round(PAD + i * step, 1),
            round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * (value or 0) / top, 1),
            f"{day:%d %b}",
            value,
        )
        for i, (day, value) in enumerate(points)
    ]
    segments: list[list[Point]] = [[]]
    for p in plotted:
        if p.value is None:
            segments.append([])
        else:
            segments[-1].append(p)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "points": [p for p in plotted if p.value is not None],
        "paths": [" ".join(f"{p.x},{p.y}" for p in s) for s in segments if len(s) > 1],
        "grid": [
            {"y": round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * v / top, 1), "label": f"{v}%"}
            for v in (0, 50, 100)
        ],
        "first": plotted[0].label if plotted else "",
        "last": plotted[-1].label if plotted else "",
        "base": HEIGHT - PAD,
    }


ROW = 28
LABEL = 150


def bars(rows: Sequence[tuple[str, int | None]], *, width: int = 240) -> dict[str, object]:
    """Horizontal bars, each as a share of the longest, a label at the left."""
    most = max((v or 0 for _l, v in rows), default=0) or 1
    return {
        "width": LABEL + width + 40,
        "height": ROW * len(rows) + 8,
        "start": LABEL,
        "rows": [
            {
                "label": label,
                "value": value,
                "width": round(width * (value or 0) / most),
                "y": 4 + n * ROW,
                "text_y": 4 + n * ROW + 16,
                "value_x": LABEL + round(width * (value or 0) / most) + 6,
            }
            for n, (label, value) in enumerate(rows)
        ],
    }
