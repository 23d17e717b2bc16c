"""Everyone's status and cost at every candidate time, computed once for a planning
question; single meetings and series are both read off it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta

import numpy as np
import numpy.typing as npt

from salon.events.planner.costs import _busy, _group_cost, _offsets, _status_of, local_start
from salon.events.planner.model import (
    _ASLEEP,
    _DAY,
    _EARLY_LATE,
    _EPOCH,
    _IN,
    _INF,
    _MAX_CELLS,
    _MINUTE,
    _UNAVAILABLE,
    STATUSES,
    Burden,
    Fairness,
    Floats,
    Ints,
    Participant,
    Rules,
    SeriesProposal,
    SlotProposal,
    _ceil_minutes,
    _duration_minutes,
    _steps,
)


class _Grid:
    """Everyone's status and cost at every candidate time, as NumPy arrays.

    People who share a time zone, working pattern, region and unavailable times are one row
    with a weight, so 1,000 people in 40 time zones are a few dozen rows of arithmetic.
    """

    def __init__(
        self,
        people: tuple[Participant, ...],
        person_row: Ints,
        row_cost: Floats,
        starts: Ints,
        duration: int,
        rules: Rules,
    ) -> None:
        self.people = people
        self.ids = [person.id for person in people]
        self.person_row = person_row
        self.starts = starts
        self.duration = duration
        self.cost = row_cost  # (rows, times), inf where unavailable
        self.status = _status_of(row_cost, rules)
        self.weight = np.bincount(person_row, minlength=row_cost.shape[0]).astype(np.int64)
        self.regions = tuple(sorted({person.region for person in people}))
        index = {region: number for number, region in enumerate(self.regions)}
        self.row_region = np.zeros(row_cost.shape[0], dtype=np.int64)
        self.row_region[person_row] = [index[person.region] for person in people]
        self.members = np.bincount(
            self.row_region, weights=self.weight, minlength=len(self.regions)
        ).astype(np.int64)
        self.counts = np.stack([self.weight @ (self.status == code) for code in range(4)])
        can_come = np.isfinite(row_cost)
        # Rounded so that float noise from summing in another order never reorders ties.
        self.worst = np.round(np.where(can_come, row_cost, 0.0).max(axis=0), 6)
        self.total = np.round(self.weight @ np.where(can_come, row_cost, 0.0), 6)
        self.order = np.lexsort(
            (
                starts,
                self.total,
                self.worst,
                -self.counts[_IN],
                self.counts[_ASLEEP],
                self.counts[_UNAVAILABLE],
            )
        )
        self.rank = np.empty(starts.size, dtype=np.int64)
        self.rank[self.order] = np.arange(1, starts.size + 1)

    @classmethod
    def build(
        cls,
        people: tuple[Participant, ...],
        start: datetime,
        end: datetime,
        duration: timedelta,
        step: timedelta,
        rules: Rules,
    ) -> _Grid:
        if not people:
            raise ValueError("Pick at least one participant.")
        if len({person.id for person in people}) != len(people):
            raise ValueError("Participant ids must be unique.")
        length = _duration_minutes(duration)
        every = _steps(step)
        first, stop = _ceil_minutes(start, "start"), _ceil_minutes(end, "end")
        if stop <= first:
            raise ValueError("The date range must end after it starts.")
        starts = np.arange(-(-first // every) * every, stop, every, dtype=np.int64)
        if starts.size == 0:
            raise ValueError("No candidate time starts within the date range.")
        rows: dict[tuple[object, ...], int] = {}
        person_row = np.array(
            [
                rows.setdefault(
                    (p.tz, p.work_start, p.work_end, p.workdays, p.region, p.unavailable),
                    len(rows),
                )
                for p in people
            ],
            dtype=np.int64,
        )
        if starts.size * len(rows) > _MAX_CELLS:
            raise ValueError("Too many people and candidate times at once; shorten the range.")
        row_cost = np.empty((len(rows), starts.size))
        patterns: dict[tuple[str, time, time, frozenset[int]], Floats] = {}
        for row, (person_index, _) in enumerate(_firsts(person_row)):
            p = people[person_index]
            key = (p.tz, p.work_start, p.work_end, p.workdays)
            if key not in patterns:
                offsets = _offsets(p.tz, int(starts[0]), int(starts[-1]) + length)
                pattern = (p.work_start, p.work_end, p.workdays, rules)
                patterns[key] = _group_cost(pattern, offsets, starts, length)
            row_cost[row] = patterns[key]
            if p.unavailable:
                row_cost[row, _busy(p, starts, length)] = np.inf
        return cls(people, person_row, row_cost, starts, length, rules)

    def proposal(self, slot: int, extra: tuple[str, ...] = ()) -> SlotProposal:
        codes = self.status[self.person_row, slot].tolist()
        costs = self.cost[self.person_row, slot].tolist()
        per_region = np.bincount(
            self.row_region * 4 + self.status[:, slot],
            weights=self.weight,
            minlength=4 * len(self.regions),
        ).reshape(len(self.regions), 4)
        begin = _EPOCH + int(self.starts[slot]) * _MINUTE
        return SlotProposal(
            start=begin,
            end=begin + self.duration * _MINUTE,
            rank=int(self.rank[slot]),
            in_hours=int(self.counts[_IN, slot]),
            early_late=int(self.counts[_EARLY_LATE, slot]),
            asleep=int(self.counts[_ASLEEP, slot]),
            unavailable=int(self.counts[_UNAVAILABLE, slot]),
            worst_cost=float(self.worst[slot]),
            total_cost=float(self.total[slot]),
            statuses=dict(zip(self.ids, map(STATUSES.__getitem__, codes), strict=True)),
            costs={pid: c for pid, c in zip(self.ids, costs, strict=True) if c != _INF},
            by_region={
                region: dict(zip(STATUSES, map(int, row), strict=True))
                for region, row in zip(self.regions, per_region, strict=True)
            },
            reasons=(*self.slot_reasons(slot, begin), *extra),
        )

    def slot_reasons(self, slot: int, begin: datetime) -> tuple[str, ...]:
        everyone = len(self.people)
        in_hours, early_late, asleep, unavailable = (int(n) for n in self.counts[:, slot])
        reasons = [f"{in_hours} of {everyone} people are within their working hours."]
        if early_late:
            reasons.append(f"{early_late} would start early or finish late.")
        if asleep:
            reasons.append(f"{asleep} would be up at night or on a day off.")
        if unavailable:
            reasons.append(f"{unavailable} marked this time as unavailable.")
        costs = np.where(np.isfinite(self.cost[:, slot]), self.cost[:, slot], -1.0)
        worst_row = int(costs.argmax())
        if costs[worst_row] > 0:
            person = self.people[int(np.flatnonzero(self.person_row == worst_row)[0])]
            status = STATUSES[int(self.status[worst_row, slot])].replace("_", "/")
            reasons.append(
                f"Worst local time: {person.id} at {local_start(person, begin):%a %H:%M}"
                f" in {person.tz} ({status})."
            )
        reasons.append(f"Ranked {self.rank[slot]} of {self.starts.size} single meeting times.")
        return tuple(reasons)

    def region_share(self, mask: npt.NDArray[np.bool_]) -> Floats:
        """(regions, times): the share of each region's members for whom ``mask`` holds."""
        people = np.zeros((len(self.regions), mask.shape[1]))
        for number in range(len(self.regions)):
            rows = self.row_region == number
            people[number] = self.weight[rows] @ mask[rows]
        return people / self.members[:, None]

    def session_reasons(self, asleep: Floats, out: Floats, tally: Floats) -> tuple[str, ...]:
        if not asleep.any():
            reasons = ["Series: nobody is asked to be up at night."]
        else:
            reasons = [f"Series: at night this time: {_shares(self.regions, asleep)}."]
            reasons.append(f"Asleep sessions so far: {_shares(self.regions, tally, '')}.")
        if out.any():
            reasons.append(f"Series: out of hours this time: {_shares(self.regions, out)}.")
        return tuple(reasons)

    def series(
        self, sessions: list[SlotProposal], picked: list[int], gap_minutes: int
    ) -> SeriesProposal:
        count = len(picked)
        rows = self.status[:, picked]
        masks = ((rows == _EARLY_LATE) | (rows == _ASLEEP), rows == _ASLEEP, rows == _UNAVAILABLE)
        per_row = [mask.sum(axis=1) for mask in masks]
        out, asleep, unavailable = (tally.tolist() for tally in per_row)
        per_person = {
            person.id: _burden(
                1, float(out[row]), float(asleep[row]), float(unavailable[row]), count
            )
            for person, row in zip(self.people, self.person_row.tolist(), strict=True)
        }
        tallies = [np.round(self.region_share(mask).sum(axis=1), 9) for mask in masks]
        per_region = {
            region: _burden(int(n), float(o), float(a), float(u), count)
            for region, n, o, a, u in zip(self.regions, self.members, *tallies, strict=True)
        }
        out_tally, asleep_tally = tallies[0], tallies[1]
        fairness = Fairness(
            asleep_spread=float(asleep_tally.max() - asleep_tally.min()),
            out_of_hours_spread=float(out_tally.max() - out_tally.min()),
            most_asleep_region=self.regions[int(asleep_tally.argmax())],
            most_out_of_hours_region=self.regions[int(out_tally.argmax())],
            people_asleep=int(self.weight @ per_row[1]),
            people_out_of_hours=int(self.weight @ per_row[0]),
            total_cost=round(sum(session.total_cost for session in sessions), 6),
        )
        reasons = (
            f"{count} sessions, at least {_spoken(gap_minutes)} apart.",
            f"Asleep sessions per region: {_shares(self.regions, asleep_tally, '')}"
            f" (most minus least: {fairness.asleep_spread:g}).",
            f"Out-of-hours sessions per region: {_shares(self.regions, out_tally, '')}"
            f" (most minus least: {fairness.out_of_hours_spread:g}).",
        )
        return SeriesProposal(
            tuple(sessions), _MINUTE * gap_minutes, per_person, per_region, fairness, reasons
        )


def _firsts(person_row: Ints) -> list[tuple[int, int]]:
    """(first person, row) for each row, in row order."""
    rows, first = np.unique(person_row, return_index=True)
    return list(zip(first.tolist(), rows.tolist(), strict=True))


def _spoken(minutes: int) -> str:
    days, rest = divmod(minutes, _DAY)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    return " ".join(f"{n} {unit}{'s' * (n != 1)}" for n, unit in parts if n) or "0 minutes"


def _burden(members: int, out: float, asleep: float, unavailable: float, count: int) -> Burden:
    return Burden(members, out, asleep, unavailable, out / count, asleep / count)


def _shares(regions: Sequence[str], values: Floats, unit: str = "%") -> str:
    if unit:
        parts = [f"{r or '(no region)'} {v:.0%}" for r, v in zip(regions, values, strict=True) if v]
    else:
        parts = [
            f"{r or '(no region)'} {round(v, 2):g}" for r, v in zip(regions, values, strict=True)
        ]
    return ", ".join(parts)
