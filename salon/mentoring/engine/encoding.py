"""Helpers that turn people into arrays (shared codes, feature blocks, weekly working-time
masks), and the stopwatch behind the diagnostics' timings."""

from __future__ import annotations

import time as clock
from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np

from salon.mentoring.engine.records import (
    PREFERENCES,
    QUARTERS,
    Floats,
    Ints,
    Key,
    Mentee,
    Mentor,
    Person,
    PersonId,
)


class Timer:
    def __init__(self) -> None:
        self.started = self.last = clock.perf_counter()
        self.spent: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = clock.perf_counter()
        self.spent[name] = self.spent.get(name, 0.0) + now - self.last
        self.last = now

    def laps(self) -> dict[str, float]:
        return {**self.spent, "total": self.last - self.started}


# Helpers


def index_of(people: Sequence[Person], side: str) -> dict[PersonId, int]:
    index = {person.id: number for number, person in enumerate(people)}
    if len(index) != len(people):
        raise ValueError(f"Each {side} may be listed once.")
    return index


def positions_of(ids: Ints, size: int) -> Ints:
    """position[id] = where ``id`` is in ``ids``, -1 elsewhere."""
    position = np.full(size, -1, dtype=np.int64)
    position[ids] = np.arange(ids.size)
    return position


def shared_codes(mine: list[str], theirs: list[str]) -> tuple[Ints, Ints]:
    """Both sides' values as shared integer codes, -1 for unknown ("")."""
    vocabulary = {value: code for code, value in enumerate(sorted({*mine, *theirs} - {""}))}
    return (
        np.array([vocabulary.get(v, -1) for v in mine], dtype=np.int64),
        np.array([vocabulary.get(v, -1) for v in theirs], dtype=np.int64),
    )


def same_different(
    mine: Ints, theirs: Ints, same: Floats, different: Floats
) -> tuple[Floats, Floats]:
    """Feature columns whose product is ``same[i]`` when both codes are known and equal and
    ``different[i]`` when both are known and differ: a "known" column and a one-hot."""
    width = int(max(mine.max(initial=-1), theirs.max(initial=-1))) + 2
    f = np.zeros((mine.size, width), dtype=np.float32)
    g = np.zeros((theirs.size, width), dtype=np.float32)
    known = mine >= 0
    rows = np.flatnonzero(known)
    f[rows, 0] = different[known]
    f[rows, mine[known] + 1] = same[known] - different[known]
    g[theirs >= 0, 0] = 1
    g[np.flatnonzero(theirs >= 0), theirs[theirs >= 0] + 1] = 1
    return f, g


def overlap_block(
    wants: list[frozenset[Key]], offers: list[frozenset[Key]], vocabulary: list[Key]
) -> tuple[Floats, Floats]:
    """F[i] . G[j] = |wants_i & offers_j| / |wants_i| (0 when nothing is wanted)."""
    column = {key: c for c, key in enumerate(vocabulary)}
    f = np.zeros((len(wants), len(vocabulary)), dtype=np.float32)
    g = np.zeros((len(offers), len(vocabulary)), dtype=np.float32)
    sizes = np.array([len(keys) for keys in wants], dtype=np.int64)
    cols = np.array([column[k] for keys in wants for k in keys], dtype=np.int64)
    f[np.repeat(np.arange(len(wants)), sizes), cols] = np.repeat(1 / np.maximum(sizes, 1), sizes)
    known = [[column[k] for k in keys if k in column] for keys in offers]
    cols = np.array([c for found in known for c in found], dtype=np.int64)
    g[np.repeat(np.arange(len(offers)), [len(found) for found in known]), cols] = 1
    return f, g


def same_code_pairs(mine: Ints, theirs: Ints) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    for code in np.intersect1d(mine[mine >= 0], theirs[theirs >= 0]).tolist():
        for i in np.flatnonzero(mine == code).tolist():
            pairs.extend((i, j) for j in np.flatnonzero(theirs == code).tolist())
    return pairs


def preferences_met(mentee: Mentee, mentor: Mentor) -> tuple[list[str], list[str]]:
    """The mentee's stated preferences this mentor meets and misses ("region:different")."""
    met: list[str] = []
    missed: list[str] = []
    for preference, attribute in PREFERENCES:
        if wish := getattr(mentee, preference):
            mine, theirs = getattr(mentee, attribute), getattr(mentor, attribute)
            ok = bool(mine and theirs) and (mine == theirs) == (wish == "same")
            (met if ok else missed).append(f"{attribute}:{wish}")
    return met, missed


def differ(mine: str, theirs: str) -> float:
    return float(bool(mine and theirs) and mine != theirs)


def sorted_keys(keys: Collection[Key]) -> list[Key]:
    try:
        return sorted(keys)
    except TypeError:  # ints and strings mixed
        return sorted(keys, key=repr)


def person_mask(person: Person, week: date) -> bytes:
    availability = person.availability
    if availability is not None:
        hours = (
            [h for h in range(168) if availability >> h & 1]
            if isinstance(availability, int)
            else sorted(availability)
        )
        mask = np.zeros(QUARTERS, dtype=bool)
        for hour in hours:
            mask[hour * 4 : hour * 4 + 4] = True
        return np.packbits(mask).tobytes()
    return _week_mask(person.tz, person.work_start, person.work_end, person.workdays, week)


@lru_cache(maxsize=4096)
def _week_mask(
    tz: str, work_start: time, work_end: time, workdays: frozenset[int], week: date
) -> bytes:
    """The quarter hours of the reference week (UTC, from Monday 00:00) someone works, with
    their zone's clock in force that day; the week wraps around, as a weekly pattern does."""
    zone = ZoneInfo(tz)
    origin = datetime.combine(week, time(0), tzinfo=UTC)
    quarter = timedelta(minutes=15)
    mask = np.zeros(QUARTERS, dtype=bool)
    for day in workdays:
        local_day = week + timedelta(days=day)
        begin = datetime.combine(local_day, work_start, tzinfo=zone)
        end_day = local_day if work_end > work_start else local_day + timedelta(days=1)
        end = datetime.combine(end_day, work_end, tzinfo=zone)
        first = -((origin - begin.astimezone(UTC)) // quarter)  # whole quarters only
        last = (end.astimezone(UTC) - origin) // quarter
        mask[np.arange(first, last) % QUARTERS] = True
    return np.packbits(mask).tobytes()
