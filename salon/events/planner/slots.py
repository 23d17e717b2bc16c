"""Ranking single meetings (see the package's documentation)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from salon.events.planner.grid import _Grid
from salon.events.planner.model import _DAY, DEFAULT_RULES, Participant, Rules, SlotProposal


def plan_slots(
    participants: Iterable[Participant],
    *,
    start: datetime,
    end: datetime,
    duration: timedelta,
    step: timedelta = timedelta(minutes=30),
    limit: int | None = 10,
    distinct: bool = False,
    rules: Rules = DEFAULT_RULES,
) -> list[SlotProposal]:
    """The ``limit`` best single meeting times starting in [start, end), best first.

    ``limit=None`` returns every candidate time: the whole heat map. ``distinct=True``
    offers choices rather than near-copies (the same good hour on eight days running):
    each time is the best one that falls on another day (UTC) and at another time of day
    than every better one chosen; when the range has too few of those, the best at another
    time of day, then on another day, then any.
    """
    if limit is not None and limit < 1:
        raise ValueError("limit must be at least 1.")
    grid = _Grid.build(tuple(participants), start, end, duration, step, rules)
    if distinct and limit is not None:
        return [grid.proposal(slot) for slot in _varied(grid, limit)]
    return [grid.proposal(int(slot)) for slot in grid.order[:limit]]


def _varied(grid: _Grid, limit: int) -> list[int]:
    """Up to ``limit`` candidate times, best first, as different from each other as the
    range allows (see ``plan_slots``)."""
    day = (grid.starts // _DAY).tolist()
    clock = (grid.starts % _DAY).tolist()
    order = [int(slot) for slot in grid.order]
    chosen: list[int] = []
    days: set[int] = set()
    clocks: set[int] = set()
    passes: tuple[Callable[[int], bool], ...] = (
        lambda s: day[s] not in days and clock[s] not in clocks,
        lambda s: clock[s] not in clocks,
        lambda s: day[s] not in days,
        lambda s: True,
    )
    for new_enough in passes:
        for slot in order:
            if len(chosen) == limit:
                break
            if slot not in chosen and new_enough(slot):
                chosen.append(slot)
                days.add(day[slot])
                clocks.add(clock[slot])
    return sorted(chosen, key=lambda slot: int(grid.rank[slot]))
