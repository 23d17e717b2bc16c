"""How one time is judged for one person: their local clock, working pattern and the
rules turned into a cost per minute of the week (see the package's documentation)."""

from __future__ import annotations

import itertools
from datetime import datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from salon.events.planner.model import (
    _ASLEEP,
    _DAY,
    _EARLY_LATE,
    _EPOCH,
    _IN,
    _MINUTE,
    _THURSDAY,
    _UNAVAILABLE,
    _WEEK,
    DEFAULT_RULES,
    STATUSES,
    Floats,
    Ints,
    Participant,
    Rules,
    Status,
    _clock,
    _duration_minutes,
    _floor_minutes,
)


def local_start(participant: Participant, instant: datetime) -> datetime:
    """The participant's own clock time at ``instant``."""
    return instant.astimezone(ZoneInfo(participant.tz))


def inconvenience(
    participant: Participant,
    instant: datetime,
    duration: timedelta = timedelta(hours=1),
    *,
    rules: Rules = DEFAULT_RULES,
) -> float:
    """The participant's cost for a meeting at ``instant``; infinite if unavailable."""
    start = _floor_minutes(instant, "instant")
    length = _duration_minutes(duration)
    if _busy(participant, np.array([start], dtype=np.int64), length)[0]:
        return float("inf")
    profile = _profile(participant.work_start, participant.work_end, participant.workdays, rules)
    offsets = _offsets(participant.tz, start, start + length)
    return _exact_cost(profile, offsets, start, length)


def classify(
    participant: Participant,
    instant: datetime,
    duration: timedelta = timedelta(hours=1),
    *,
    rules: Rules = DEFAULT_RULES,
) -> Status:
    """The participant's status for a meeting of ``duration`` starting at ``instant``."""
    cost = inconvenience(participant, instant, duration, rules=rules)
    return STATUSES[int(_status_of(np.array([cost]), rules)[0])]


def _status_of(cost: Floats, rules: Rules) -> npt.NDArray[np.int8]:
    status = np.full(cost.shape, _EARLY_LATE, dtype=np.int8)
    status[cost == 0] = _IN
    status[cost >= rules.asleep_cost] = _ASLEEP
    status[np.isinf(cost)] = _UNAVAILABLE
    return status


def _group_cost(
    pattern: tuple[time, time, frozenset[int], Rules],
    offsets: tuple[Ints, Ints],
    starts: Ints,
    length: int,
) -> Floats:
    """Cost of a meeting at each start for one time zone and working pattern."""
    breaks, values = offsets
    at_start = values[np.searchsorted(breaks, starts, side="right")]
    at_last_minute = values[np.searchsorted(breaks, starts + length - 1, side="right")]
    cost = _window_worst(*pattern, length)[(starts + at_start + _THURSDAY * _DAY) % _WEEK]
    for slot in np.flatnonzero(at_start != at_last_minute):  # the clocks change mid-meeting
        cost[slot] = _exact_cost(_profile(*pattern), offsets, int(starts[slot]), length)
    return cost


def _exact_cost(profile: Floats, offsets: tuple[Ints, Ints], start: int, length: int) -> float:
    """The worst minute of a meeting, reading the local clock piece by piece."""
    breaks, values = offsets
    worst, cursor, stop = 0.0, start, start + length
    while cursor < stop:
        index = int(np.searchsorted(breaks, cursor, side="right"))
        piece_end = min(stop, int(breaks[index])) if index < breaks.size else stop
        local = cursor + int(values[index]) + _THURSDAY * _DAY
        minutes = (local + np.arange(piece_end - cursor)) % _WEEK
        worst = max(worst, float(profile[minutes].max()))
        cursor = piece_end
    return worst


@lru_cache(maxsize=512)
def _window_worst(
    work_start: time, work_end: time, workdays: frozenset[int], rules: Rules, length: int
) -> Floats:
    """For each local minute of the week, the worst cost of a meeting starting there."""
    profile = _profile(work_start, work_end, workdays, rules)
    wrapped = np.concatenate((profile, profile[: length - 1]))
    worst = np.lib.stride_tricks.sliding_window_view(wrapped, length).max(axis=1)
    worst.flags.writeable = False
    return worst


@lru_cache(maxsize=512)
def _profile(work_start: time, work_end: time, workdays: frozenset[int], rules: Rules) -> Floats:
    """The cost of being in a meeting at each local minute of the week (Monday 00:00 = 0)."""
    minute = np.arange(_WEEK)
    clock = minute % _DAY
    begin, finish = _clock(work_start), _clock(work_end)
    working = np.zeros(_WEEK, dtype=bool)
    for day in workdays:  # a shift that crosses midnight belongs to the day it starts
        working[(day * _DAY + begin + np.arange((finish - begin) % _DAY)) % _WEEK] = True
    into_night = (clock - _clock(rules.night_start)) % _DAY
    until_morning = (_clock(rules.night_end) - clock) % _DAY
    night = into_night < (_clock(rules.night_end) - _clock(rules.night_start)) % _DAY
    depth = np.where(night, np.minimum(into_night, until_morning), 0)
    workday = np.isin(minute // _DAY, sorted(workdays))
    work_minutes = np.flatnonzero(working)
    around = np.concatenate((work_minutes - _WEEK, work_minutes, work_minutes + _WEEK))
    position = np.searchsorted(around, minute)
    away = np.minimum(around[position] - minute, minute - around[position - 1])
    early_late = rules.early_late_cost + rules.cost_per_hour_away * away / 60
    below_asleep = np.nextafter(rules.asleep_cost, 0.0)
    cost = np.where(
        working,
        0.0,
        np.where(
            workday & ~night,
            np.minimum(early_late, below_asleep),
            rules.asleep_cost + rules.cost_per_hour_into_night * depth / 60,
        ),
    )
    cost.flags.writeable = False
    return cost


@lru_cache(maxsize=1024)
def _offsets(tz: str, first: int, last: int) -> tuple[Ints, Ints]:
    """UTC offsets in minutes over [first, last]: offset(t) = values[searchsorted(breaks, t)].

    Samples every six hours and bisects to the minute where the offset changes; time zones
    never change their clocks twice within six hours.
    """
    zone = ZoneInfo(tz)

    def offset(minute: int) -> int:
        delta = (_EPOCH + minute * _MINUTE).astimezone(zone).utcoffset()
        assert delta is not None
        return delta // _MINUTE

    samples = [*range(first, last, 360), last]
    breaks: list[int] = []
    values = [offset(first)]
    for low, high in itertools.pairwise(samples):
        if offset(high) != values[-1]:
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if offset(middle) == values[-1] else (low, middle)
            breaks.append(high)
            values.append(offset(high))
    return np.array(breaks, dtype=np.int64), np.array(values, dtype=np.int64)


def _busy(person: Participant, starts: Ints, length: int) -> npt.NDArray[np.bool_]:
    busy = np.zeros(starts.size, dtype=bool)
    for begin, end in person.unavailable:
        low, high = (begin - _EPOCH) / _MINUTE, (end - _EPOCH) / _MINUTE
        busy |= (starts < high) & (starts + length > low)
    return busy
