"""The engine's vocabulary: the people, weights, rules and targets that go in, the
pairs, reasons and diagnostics that come out, and the criteria and hard rules by name."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Any, Literal, TypeAlias
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import numpy.typing as npt

PersonId: TypeAlias = int | str
Key: TypeAlias = int | str  # a competency, goal or topic id
Preference: TypeAlias = Literal["same", "different"]
Attribute: TypeAlias = Literal["cross_region", "cross_function"]
Floats: TypeAlias = npt.NDArray[np.float32]
Ints: TypeAlias = npt.NDArray[np.int64]
Bools: TypeAlias = npt.NDArray[np.bool_]

CRITERIA = (
    "competencies",  # share of what the mentee wants to develop that the mentor offers
    "shared_hours",  # shared weekly working hours, full marks at Rules.full_score_hours
    "cross_region",  # both regions known and different
    "cross_function",  # both functions known and different
    "goals",  # share of the mentee's goal topics the mentor has experience of
    "industry",  # the same industry
    "preferences",  # share of the mentee's stated same/different preferences met
)
RULES = (
    "same_person",
    "reporting_chain",
    "no_shared_language",
    "too_few_shared_hours",
    "avoid",
    "earlier_pair",
    "forbidden",
    "same_unit",
    "mentor_full",  # the mentor's capacity is 0, or used up by pinned pairs
)
WEEKDAYS = frozenset(range(5))  # Monday = 0
DEFAULT_CANDIDATES = 30
SOLVER = "OR-Tools SimpleMinCostFlow (maximum flow, then minimum cost)"
GREEDY = "greedy best-pair-first"

QUARTERS = 7 * 24 * 4  # the week in quarter hours: every UTC offset in use is a multiple
# A pair with every criterion at 1, in the integer units that scores are compared in while
# pruning and solving. Sums of such integers stay exact in float32 (below 2**24), so a
# score never depends on how the matrix product was split among threads: runs repeat.
UNITS = 1 << 22
BLOCK_CELLS = 1_000_000  # mentee x mentor scores held at once
MENTOR_DEPTH = 4  # candidates a mentor should have, per unit of capacity
BONUS_SPREAD = 0.01  # a target's bonus varies by up to 1% between edges (see _solve)
POOL = 3  # mentors take their candidates from each mentee's POOL x candidates best
GROUP_CELLS = 8_000_000  # the largest group x mentor table kept for fast scoring
PREFERENCES = (  # (preference field, attribute compared)
    ("region_preference", "region"),
    ("language_preference", "first_language"),
    ("industry_preference", "industry"),
    ("function_preference", "function"),
)


@dataclass(frozen=True, kw_only=True)
class Person:
    """What both sides share. ``managers`` is the reporting chain above the person.

    Working time is ``work_start``-``work_end`` on ``workdays`` in ``tz`` (a shift may cross
    midnight), unless ``availability`` gives the UTC hours of the week directly: a set of
    0..167 (Monday 00:00-01:00 UTC is 0) or an int with those bits set.
    """

    id: PersonId
    languages: frozenset[str] = frozenset()
    tz: str = "UTC"
    work_start: time = time(9)
    work_end: time = time(17)
    workdays: frozenset[int] = WEEKDAYS
    availability: frozenset[int] | int | None = None
    region: str = ""
    function: str = ""
    industry: str = ""
    unit: str = ""
    first_language: str = ""
    managers: frozenset[PersonId] = frozenset()
    avoid: frozenset[PersonId] = frozenset()

    def __post_init__(self) -> None:
        for name in ("languages", "workdays", "managers", "avoid", *self._sets()):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        if isinstance(self.availability, int) and not 0 <= self.availability < 1 << 168:
            raise ValueError(f"{self.id!r}: an availability bitmask has bits 0..167.")
        if isinstance(self.availability, Iterable):
            hours = frozenset(self.availability)
            if not hours <= frozenset(range(168)):
                raise ValueError(f"{self.id!r}: availability hours must be within 0..167.")
            object.__setattr__(self, "availability", hours)
        try:
            ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError, OSError) as error:
            raise ValueError(f"Unknown time zone {self.tz!r} for {self.id!r}.") from error
        if not self.workdays <= frozenset(range(7)):
            raise ValueError(f"{self.id!r}: workdays are 0 (Monday) to 6 (Sunday).")

    def _sets(self) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True, kw_only=True)
class Mentee(Person):
    wants: frozenset[Key] = frozenset()  # competencies to develop
    goals: frozenset[Key] = frozenset()  # goal topics
    region_preference: Preference | None = None
    language_preference: Preference | None = None  # compares first_language
    industry_preference: Preference | None = None
    function_preference: Preference | None = None

    def _sets(self) -> tuple[str, ...]:
        return ("wants", "goals")


@dataclass(frozen=True, kw_only=True)
class Mentor(Person):
    offers: frozenset[Key] = frozenset()  # competencies offered
    goals: frozenset[Key] = frozenset()  # goal topics they have experience of
    capacity: int = 1

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.capacity < 0:
            raise ValueError(f"{self.id!r}: capacity cannot be negative.")

    def _sets(self) -> tuple[str, ...]:
        return ("offers", "goals")


@dataclass(frozen=True)
class Weights:
    """Points for each criterion at full value (see ``CRITERIA``)."""

    competencies: float = 4.0
    shared_hours: float = 1.0
    cross_region: float = 1.0
    cross_function: float = 0.5
    goals: float = 2.0
    industry: float = 0.5
    preferences: float = 1.0

    def __post_init__(self) -> None:
        if not all(math.isfinite(w) and w >= 0 for w in dataclasses.astuple(self)):
            raise ValueError("Weights must be finite and not negative.")


@dataclass(frozen=True)
class Rules:
    """The hard rules' settings. Shared hours are measured in ``reference_week`` (a Monday),
    so each person's summer or winter time is the one in force that week."""

    min_shared_hours: float = 2.0
    full_score_hours: float = 8.0
    allow_repeat_pairs: bool = False
    allow_same_unit: bool = True
    reference_week: date = date(2026, 1, 5)

    def __post_init__(self) -> None:
        if self.reference_week.weekday() != 0:
            raise ValueError("reference_week must be a Monday.")
        if self.min_shared_hours < 0 or self.full_score_hours <= 0:
            raise ValueError("min_shared_hours >= 0 and full_score_hours > 0, please.")


@dataclass(frozen=True)
class Target:
    """At least ``min_share`` of all pairs (pins included) have ``attribute``."""

    attribute: Attribute = "cross_region"
    min_share: float = 0.8

    def __post_init__(self) -> None:
        if not 0 <= self.min_share <= 1:
            raise ValueError("min_share is a share between 0 and 1.")


# Reason and Pair are not frozen: a frozen dataclass is three times slower to create, and
# a run creates about five per mentee.
@dataclass(slots=True)
class Reason:
    """One criterion that counted for a pair, with plain facts for the UI to phrase."""

    criterion: str
    points: float
    detail: dict[str, Any]


@dataclass(slots=True)
class Pair:
    mentee: PersonId
    mentor: PersonId
    score: float  # == sum(breakdown.values())
    breakdown: dict[str, float]  # criterion -> weight x value
    values: dict[str, float]  # criterion -> value in [0, 1]
    reasons: tuple[Reason, ...]  # the criteria that scored, most points first
    pinned: bool = False


@dataclass(frozen=True)
class PairCheck:
    pair: Pair
    broken_rules: tuple[str, ...]  # empty when the pair may be matched


@dataclass(frozen=True)
class Unmatched:
    mentee: PersonId
    why: Literal["no_feasible_mentor", "capacity_exhausted"]
    feasible_mentors: int  # mentors passing every rule (all full when capacity_exhausted)
    eliminated_by: dict[str, int]  # rule -> mentors it rules out (one may fail several)


@dataclass(frozen=True)
class TargetReport:
    attribute: str
    min_share: float
    met: bool
    share: float  # in the returned pairs
    untargeted_share: float
    reachable: float | None  # when not met: the most any maximum matching reaches
    bonus: float  # points added to each edge with the attribute
    price: float  # untargeted total score - returned total score (>= 0)
    price_percent: float
    untargeted_total: float
    solves: int
    seconds: float


@dataclass(frozen=True)
class Diagnostics:
    solver: str
    mentees: int
    mentors: int
    capacity: int
    pinned: int
    forbidden: int
    earlier_pairs: int
    feasible_pairs: int
    candidate_pairs: int  # edges given to the solver
    candidates_per_mentee: int | None  # None: unpruned
    matched: int
    unmatched: int
    max_matched_certified: bool  # proved maximum on the unpruned graph
    total_score: float
    mean_score: float | None
    worst_score: float | None
    quantiles: dict[str, float]
    eliminated_by: dict[str, int]  # rule -> pairs it rules out
    weights: dict[str, float]
    rules: dict[str, Any]
    target: TargetReport | None
    timings: dict[str, float]  # seconds


@dataclass(frozen=True)
class MatchResult:
    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    diagnostics: Diagnostics

    def to_dict(self) -> dict[str, Any]:
        """Everything, as JSON-ready dicts, lists, strings and numbers."""
        return dataclasses.asdict(self)

    def mentor_of(self) -> dict[PersonId, PersonId]:
        return {pair.mentee: pair.mentor for pair in self.pairs}
