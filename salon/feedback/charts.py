"""Server-rendered charts of feedback: plain numbers in, coordinates out; the templates
draw them as SVG (no script, prints as it shows)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WIDTH = 560
LABEL = 200
ROW = 34
PAD = 12


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    others_x: float | None
    self_x: float | None
    others: float | None
    own: float | None
    flag: str | None

    @property
    def others_width(self) -> float:
        return round(self.others_x - LABEL - PAD, 1) if self.others_x is not None else 0


def _x(value: float | None, points: int) -> float | None:
    if value is None:
        return None
    span = WIDTH - LABEL - 2 * PAD
    return round(LABEL + PAD + span * (value - 1) / max(points - 1, 1), 1)


def self_and_others(view: Any) -> dict[str, Any]:
    """One row per competency: a bar to the others' mean and a marker at the self-rating."""
    points = view.report.points
    bars = [
        Bar(
            label=view.competencies[row.competency].name,
            y=PAD + n * ROW,
            others_x=_x(row.others, points),
            self_x=_x(row.self, points),
            others=row.others,
            own=row.self,
            flag=row.flag,
        )
        for n, row in enumerate(view.report.competencies)
    ]
    ticks = [{"x": _x(p, points), "label": p} for p in range(1, points + 1)]
    return {
        "width": WIDTH,
        "height": PAD * 2 + ROW * len(bars) + 20,
        "axis_y": PAD + ROW * len(bars),
        "start": LABEL + PAD,
        "bars": bars,
        "ticks": ticks,
    }


def _shade(value: float | None, points: int) -> int | None:
    """0 (lowest) to 4 (highest) of the scale, for the heatmap's colour classes."""
    if value is None:
        return None
    return min(4, max(0, int((value - 1) / max(points - 1, 1) * 5)))


def heatmap(overview: Any) -> list[dict[str, Any]]:
    """Rows of competencies, one cell per closed cycle (newest first): the cohort's mean
    of others' ratings, withheld below five people."""
    rows = []
    for competency in overview.competencies:
        cells = []
        for cycle_view in overview.cycles:
            points = len(cycle_view.cycle.scale)
            value, people = cycle_view.view.others.get(competency.pk, (None, 0))
            own, _n = cycle_view.view.self.get(competency.pk, (None, 0))
            cells.append(
                {"value": value, "self": own, "people": people, "shade": _shade(value, points)}
            )
        rows.append({"competency": competency, "cells": cells})
    return rows
