"""The fair meeting planner: find times that are fair to people in every time zone.

This module is the pure algorithm. Plain data goes in (``Participant``), plain data comes
out (``SlotProposal``, ``SeriesProposal``); nothing here touches Django or the database.

How one time is judged for one person
-------------------------------------
A proposed time is a real instant (UTC). For each person it is turned into their own
local clock time with their time zone's rules for that date, so summer time is always
right: 09:00 in London is 08:00 UTC in July and 09:00 UTC in January. A meeting that
crosses a clock change is judged minute by minute on the clock as it really reads. Each
person then gets one of four statuses and an inconvenience cost in points:

* ``in_hours`` - the whole meeting is inside their working hours on one of their working
  days. 0 points.
* ``early_late`` - part of it is outside working hours, but on a working day and not at
  night (07:30, 19:00). 1 point, plus 1 per hour away from the working day: 08:00 to
  09:00 for someone who starts at 09:00 costs 2 points.
* ``asleep`` - part of it is at night (22:00-06:00 their time) or on a day off. 20
  points, plus 1 per hour deeper into the night (counted from its nearer end), so 03:00
  is worse than 22:30 or 05:00.
* ``unavailable`` - it overlaps a time they marked as unavailable. They cannot come.

A meeting is judged by its worst minute. Working days default to Monday-Friday (any set
works, e.g. Sunday-Thursday). Working hours may cross midnight (20:00-02:00): the shift
belongs to the day it starts on, and working hours count as in hours even at night.
All the numbers above are in ``Rules`` and can be changed.

Ranking single meetings (``plan_slots``)
----------------------------------------
Candidate times start within the date range on a grid, every 30 minutes by default (on
the hour and half hour UTC). They are ranked by these questions, in order; a later
question only separates times that tie on all the earlier ones:

1. Who cannot come? Fewest people unavailable.
2. Who would be asleep? Fewest people at night or on a day off.
3. Who is in working hours? The most people.
4. How bad is the worst case? The lowest cost for the most inconvenienced person.
5. How bad is it overall? The lowest total cost.
6. The earliest time.

Question 2 comes before 3 on purpose: a time that suits nine people perfectly but wakes
the tenth at 03:00 loses to one that asks three people to start at 08:00.

Planning a series (``plan_series``)
-----------------------------------
Sessions are at least ``min_gap`` apart. By default they are spread over the range: the
range divided by the number of sessions, in whole days once that is a day or more, so
sessions can keep their time of day. Each region keeps two tallies: sessions it took
asleep, and sessions it took out of hours (early/late or asleep). A session adds the share
of the region's members affected, so a session with half of "americas" asleep adds 0.5 to
americas. Sessions are chosen one at a time. Of the times that keep the spacing and still
leave room for the remaining sessions, the planner takes the one:

1. with the fewest people unavailable;
2. that, counting this session and the ones still to place, allows the most sessions at
   good times (no more people asleep or unavailable than at the median candidate time),
   so the series does not paint itself into a corner and end on a Saturday night;
3. that keeps the asleep tallies lowest - first the most burdened region's, then the next
   region's, and so on - so a night call goes to a region that has had fewer of them;
4. with the fewest people asleep;
5. that keeps the out-of-hours tallies lowest, in the same way;
6. that ranks best as a single meeting (questions 3 to 6 above).

So nobody is woken if the series can avoid it, and when somebody must be, the night
rotates between regions; when nobody need be woken, early starts and late evenings rotate.
Nobody is woken only to spare another region an early start. Fairness is between regions,
not head counts: a small region counts as much as a large one. When sessions are packed
tightly into the range, the spacing (rule 2) can stop the rotation: all sessions may then
sit at the same good time of day, which the reported tallies show.

What is guaranteed: if each region's members share one time zone and working pattern,
and at every point of the range each region has a time at which it alone is asleep, and
the range leaves room to spare (say twice the sessions times the gap), the regions'
asleep tallies end at most one session apart. If nobody need be asleep and, likewise,
each region has a time at which it alone is out of hours, the out-of-hours tallies end at
most one session apart.

What comes back
---------------
Every proposal carries each participant's status and cost (for a heat map), the counts of
each status per region, the metrics it was ranked on and its reasons in plain words. A
series also reports each participant's and each region's share of sessions out of hours
and asleep, and how far apart the most and least burdened regions are.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from typing import Literal, TypeAlias
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import numpy.typing as npt

Status = Literal["in_hours", "early_late", "asleep", "unavailable"]
STATUSES: tuple[Status, ...] = ("in_hours", "early_late", "asleep", "unavailable")
ParticipantId: TypeAlias = str | int
WEEKDAYS = frozenset(range(5))  # Monday = 0, as in datetime.weekday()
EVERY_DAY = frozenset(range(7))

_IN, _EARLY_LATE, _ASLEEP, _UNAVAILABLE = range(4)
_MINUTE = timedelta(minutes=1)
_DAY = 24 * 60
_WEEK = 7 * _DAY
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_THURSDAY = 3  # the epoch's weekday: minute-of-week counts from Monday 00:00 local
_MAX_CELLS = 20_000_000  # rows x candidate times held in memory at once
_INF = float("inf")

Floats: TypeAlias = npt.NDArray[np.float64]
Ints: TypeAlias = npt.NDArray[np.int64]
Bools: TypeAlias = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Rules:
    """What counts as night and what each kind of inconvenience costs."""

    night_start: time = time(22)
    night_end: time = time(6)
    early_late_cost: float = 1.0
    cost_per_hour_away: float = 1.0
    asleep_cost: float = 20.0
    cost_per_hour_into_night: float = 1.0

    def __post_init__(self) -> None:
        if self.night_start == self.night_end:
            raise ValueError("The night must start and end at different times.")
        if not 0 < self.early_late_cost < self.asleep_cost:
            raise ValueError("Costs must satisfy 0 < early_late_cost < asleep_cost.")
        if self.cost_per_hour_away < 0 or self.cost_per_hour_into_night < 0:
            raise ValueError("Costs per hour cannot be negative.")


DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class Participant:
    """One person: their time zone, working day and the times they cannot make.

    ``work_start`` after ``work_end`` means a shift across midnight. ``unavailable`` holds
    (start, end) pairs of timezone-aware datetimes. ``workdays`` counts Monday as 0.
    """

    id: ParticipantId
    tz: str
    work_start: time
    work_end: time
    region: str = ""
    unavailable: tuple[tuple[datetime, datetime], ...] = ()
    workdays: frozenset[int] = WEEKDAYS

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError, OSError) as error:
            raise ValueError(f"Unknown time zone {self.tz!r} for {self.id!r}.") from error
        if self.work_start == self.work_end:
            raise ValueError(f"{self.id!r}: working hours must start and end at different times.")
        days = frozenset(self.workdays)
        if not days or not days <= EVERY_DAY:
            raise ValueError(f"{self.id!r}: workdays must be a non-empty set of 0 (Mon)..6 (Sun).")
        object.__setattr__(self, "workdays", days)
        intervals = tuple((begin, end) for begin, end in self.unavailable)
        for begin, end in intervals:
            if _is_naive(begin) or _is_naive(end) or not begin < end:
                raise ValueError(f"{self.id!r}: unavailable times need aware start < end.")
        object.__setattr__(self, "unavailable", intervals)


@dataclass(frozen=True)
class SlotProposal:
    """One candidate meeting time, with everything it was ranked on."""

    start: datetime  # UTC
    end: datetime
    rank: int  # 1 = the best single meeting in the range
    in_hours: int
    early_late: int
    asleep: int
    unavailable: int
    worst_cost: float  # the most inconvenienced person's cost, among those who can come
    total_cost: float
    statuses: Mapping[ParticipantId, Status]
    costs: Mapping[ParticipantId, float]  # only people who can come
    by_region: Mapping[str, Mapping[Status, int]]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Burden:
    """How many sessions of a series were out of hours or asleep for a person or a region.

    For a region the counts are shares of its members: a session in which half the region
    is asleep adds 0.5 to ``asleep``.
    """

    members: int
    out_of_hours: float
    asleep: float
    unavailable: float
    out_of_hours_share: float  # of the series' sessions
    asleep_share: float


@dataclass(frozen=True)
class Fairness:
    asleep_spread: float  # most minus least asleep sessions across regions
    out_of_hours_spread: float
    most_asleep_region: str
    most_out_of_hours_region: str
    people_asleep: int  # person-sessions across the series
    people_out_of_hours: int
    total_cost: float


@dataclass(frozen=True)
class SeriesProposal:
    sessions: tuple[SlotProposal, ...]  # in date order
    min_gap: timedelta
    participants: Mapping[ParticipantId, Burden]
    regions: Mapping[str, Burden]
    fairness: Fairness
    reasons: tuple[str, ...]


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


def plan_slots(
    participants: Iterable[Participant],
    *,
    start: datetime,
    end: datetime,
    duration: timedelta,
    step: timedelta = timedelta(minutes=30),
    limit: int | None = 10,
    rules: Rules = DEFAULT_RULES,
) -> list[SlotProposal]:
    """The ``limit`` best single meeting times starting in [start, end), best first.

    ``limit=None`` returns every candidate time: the whole heat map.
    """
    if limit is not None and limit < 1:
        raise ValueError("limit must be at least 1.")
    grid = _Grid.build(tuple(participants), start, end, duration, step, rules)
    return [grid.proposal(int(slot)) for slot in grid.order[:limit]]


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


def _is_naive(moment: datetime) -> bool:
    return moment.tzinfo is None or moment.utcoffset() is None


def _floor_minutes(moment: datetime, name: str) -> int:
    if _is_naive(moment):
        raise ValueError(f"{name} must be timezone-aware.")
    return (moment - _EPOCH) // _MINUTE


def _ceil_minutes(moment: datetime, name: str) -> int:
    _floor_minutes(moment, name)  # validates
    return -((_EPOCH - moment) // _MINUTE)


def _duration_minutes(length: timedelta, limit: int | None = _DAY) -> int:
    minutes = length // _MINUTE
    if length % _MINUTE or minutes < 1 or (limit is not None and minutes > limit):
        raise ValueError("Durations must be whole minutes, from 1 minute to 24 hours.")
    return minutes


def _steps(step: timedelta) -> int:
    return _duration_minutes(step)


def _clock(moment: time) -> int:
    return moment.hour * 60 + moment.minute
