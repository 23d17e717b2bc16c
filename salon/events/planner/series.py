"""Planning a fair series: sessions spaced over the range, night calls and out-of-hours
times rotating between regions (see the package's documentation)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

from salon.events.planner.grid import _Grid, _spoken
from salon.events.planner.model import (
    _ASLEEP,
    _DAY,
    _EARLY_LATE,
    _MINUTE,
    _UNAVAILABLE,
    DEFAULT_RULES,
    Bools,
    Floats,
    Ints,
    Participant,
    Rules,
    SeriesProposal,
    _duration_minutes,
    _steps,
)


def plan_series(
    participants: Iterable[Participant],
    *,
    start: datetime,
    end: datetime,
    duration: timedelta,
    sessions: int,
    min_gap: timedelta | None = None,
    step: timedelta = timedelta(minutes=30),
    rules: Rules = DEFAULT_RULES,
) -> SeriesProposal:
    """``sessions`` meetings starting in [start, end), fair across regions (module doc)."""
    grid = _Grid.build(tuple(participants), start, end, duration, step, rules)
    slots = grid.starts.size
    gap = _gap_steps(grid, sessions, min_gap, step)
    asleep_share = grid.region_share(grid.status == _ASLEEP)
    out_share = grid.region_share((grid.status == _EARLY_LATE) | (grid.status == _ASLEEP))
    asleep_tally = np.zeros(len(grid.regions))
    out_tally = np.zeros(len(grid.regions))
    everywhere = _next_usable(np.ones(slots, dtype=bool))
    # Good times: no more people asleep or unavailable than at the median candidate time.
    troubled = grid.counts[_ASLEEP] + grid.counts[_UNAVAILABLE]
    good = troubled <= np.median(troubled)
    good_times = _next_usable(good)
    chosen: dict[int, tuple[str, ...]] = {}
    while len(chosen) < sessions:
        rest = sessions - len(chosen) - 1
        spaced, room = _room_after(sorted(chosen), gap, rest, everywhere)
        candidates = np.flatnonzero(spaced & (room >= rest))
        good_room = _room_after(sorted(chosen), gap, rest, good_times)[1][candidates]
        keys = (  # least important first, as np.lexsort wants them
            grid.rank[candidates],
            *_leximax(out_tally, out_share[:, candidates]),
            grid.counts[_ASLEEP, candidates],
            *_leximax(asleep_tally, asleep_share[:, candidates]),
            -(good[candidates] + np.minimum(good_room, rest)),
            grid.counts[_UNAVAILABLE, candidates],
        )
        best = int(candidates[np.lexsort(keys)[0]])
        asleep_tally += asleep_share[:, best]
        out_tally += out_share[:, best]
        chosen[best] = grid.session_reasons(asleep_share[:, best], out_share[:, best], asleep_tally)
    picked = sorted(chosen)
    return grid.series(
        [grid.proposal(slot, chosen[slot]) for slot in picked], picked, gap * _steps(step)
    )


def _leximax(tally: Floats, share: Floats) -> list[Floats]:
    """Sort keys (least important first) preferring the smallest tallies, largest first."""
    after = np.round(np.sort(tally[:, None] + share, axis=0), 9)
    return list(after)  # ascending rows: the last key given to lexsort is the largest tally


def _next_usable(usable: npt.NDArray[np.bool_]) -> Ints:
    """For each time (and one past the end), the first usable time at or after it."""
    never = np.iinfo(np.int64).max // 2
    nearest = np.append(np.where(usable, np.arange(usable.size), never), never)
    return np.minimum.accumulate(nearest[::-1])[::-1]


def _room_after(taken: list[int], gap: int, wanted: int, usable: Ints) -> tuple[Bools, Ints]:
    """For each time: is it ``gap`` from every session taken, and how many more sessions
    (up to ``wanted``) would still fit on usable times if a session went there."""
    slots = usable.size - 1
    here = np.arange(slots)
    chosen = np.array(taken, dtype=np.int64)
    bounds = np.concatenate(([-gap], chosen, [slots - 1 + gap]))
    position = np.searchsorted(chosen, here)
    before, after = bounds[position], bounds[position + 1]

    def fit(low: Ints, high: Ints) -> Ints:
        """Sessions that fit strictly between ``low`` and ``high``, earliest first."""
        count = np.zeros(low.shape, dtype=np.int64)
        cursor = low + gap
        for _ in range(wanted):
            cursor = usable[np.clip(cursor, 0, slots)]
            fits = cursor <= high - gap
            count += fits
            cursor = np.where(fits, cursor + gap, high)
        return count

    room = fit(bounds[:-1], bounds[1:])
    room_here = room.sum() - room[position] + fit(before, here) + fit(here, after)
    return (here - before >= gap) & (after - here >= gap), room_here


def _gap_steps(grid: _Grid, sessions: int, min_gap: timedelta | None, step: timedelta) -> int:
    every, slots = _steps(step), grid.starts.size
    if sessions < 1:
        raise ValueError("A series needs at least one session.")
    no_overlap = -(-grid.duration // every)
    if min_gap is None:
        spread, per_day = slots // sessions, _DAY // every
        if _DAY % every == 0 and spread >= per_day:
            spread -= spread % per_day  # whole days, so sessions can keep their time of day
        gap = max(no_overlap, spread)
    elif min_gap < grid.duration * _MINUTE:
        raise ValueError("min_gap must be at least the duration, or sessions would overlap.")
    else:
        gap = -(-_duration_minutes(min_gap, limit=None) // every)
    if (sessions - 1) * gap > slots - 1:
        raise ValueError(
            f"{sessions} sessions at least {_spoken(gap * every)} apart do not fit in the range."
        )
    return gap
