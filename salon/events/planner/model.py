"""The planner's plain data: who takes part, the rules of inconvenience, and what comes
back (see the package's documentation)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
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
