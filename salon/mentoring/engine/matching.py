"""The mentoring matching engine: an optimal, explainable, capacitated assignment.

This module is the pure algorithm (docs/mentoring.md tells the whole story). Plain records
go in (``Mentee``, ``Mentor``, ``Weights``, ``Rules``, id pairs), plain data comes out
(``MatchResult`` with ``to_dict()``); nothing here touches Django or the database.

1. **Hard rules** drop a pair (``RULES``): the same person, the same reporting chain (either
   is in the other's ``managers``), no shared language, fewer than ``min_shared_hours`` of
   shared working time a week, either on the other's avoid list, an earlier pair (unless
   ``allow_repeat_pairs``), a forbidden pair, the same organisation unit (only when
   ``allow_same_unit`` is off), and a mentor whose capacity is used up (by pins).
2. **Score** of a pair: the sum over ``CRITERIA`` of weight x value, each value in [0, 1].
   Every matched pair carries that breakdown and plain ``Reason`` records for the UI.
3. **Assignment**: a min-cost flow (OR-Tools' ``SimpleMinCostFlow``, max flow first, then
   the least cost among maximum flows): as many mentees as capacity allows, then the
   highest total score. Pins are fixed first, forbidden pairs never considered.
4. **Pruning**: each mentee keeps its ``candidates`` best mentors (with a target, also its
   best ones with the target's attribute) and each mentor its ``_MENTOR_DEPTH`` x capacity
   best mentees among those that have it in their ``_POOL`` x ``candidates`` best. The
   count matched is then *certified* maximum on the unpruned graph by an augmenting-path
   search (and repaired if not); bench/matching.py shows the total stays within 0.1% of
   the unpruned optimum.
5. **Targets** ("at least 80% of pairs cross-region"): a bonus on the edges that have the
   attribute, found by bisection over a handful of re-solves; the price is the total
   (unbonused) score lost against the untargeted optimum.

Reverse mentoring needs nothing here: the programme decides who enrols on which side.

Speed: every pair's score is bilinear in a mentee row and a mentor row, apart from the
working-hours and language terms, which depend only on a person's "compatibility group"
(weekly UTC working mask and languages). So scoring 20 million pairs is one float32 matrix
product per block of mentees plus a gather from a small group x group table.
"""

from __future__ import annotations

import dataclasses
import gc
import math
import time as clock
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Literal, TypeAlias
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

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

_QUARTERS = 7 * 24 * 4  # the week in quarter hours: every UTC offset in use is a multiple
# A pair with every criterion at 1, in the integer units that scores are compared in while
# pruning and solving. Sums of such integers stay exact in float32 (below 2**24), so a
# score never depends on how the matrix product was split among threads: runs repeat.
_UNITS = 1 << 22
_BLOCK_CELLS = 1_000_000  # mentee x mentor scores held at once
_MENTOR_DEPTH = 4  # candidates a mentor should have, per unit of capacity
_BONUS_SPREAD = 0.01  # a target's bonus varies by up to 1% between edges (see _solve)
_POOL = 3  # mentors take their candidates from each mentee's _POOL x candidates best
_GROUP_CELLS = 8_000_000  # the largest group x mentor table kept for fast scoring
_PREFERENCES = (  # (preference field, attribute compared)
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


# The public entry points


def match(
    mentees: Sequence[Mentee],
    mentors: Sequence[Mentor],
    *,
    weights: Weights | None = None,
    rules: Rules | None = None,
    earlier_pairs: Iterable[tuple[PersonId, PersonId]] = (),
    pinned: Iterable[tuple[PersonId, PersonId]] = (),
    forbidden: Iterable[tuple[PersonId, PersonId]] = (),
    target: Target | None = None,
    candidates: int | None = DEFAULT_CANDIDATES,
) -> MatchResult:
    """The optimal matching: most mentees matched, then the highest total score.

    Pairs are (mentee id, mentor id). ``candidates`` mentors are kept per mentee (None
    keeps every feasible pair: slower, the reference). A pin that breaks a hard rule or a
    capacity raises ``ValueError``.
    """
    if candidates is not None and candidates < 1:
        raise ValueError("candidates must be at least 1, or None for no pruning.")
    timer = _Timer()
    cohort = _Cohort(mentees, mentors, weights or Weights(), rules or Rules())
    cohort.constrain(earlier_pairs, forbidden, pinned)
    timer.lap("encode")
    attribute = target.attribute if target else None
    edges = cohort.candidate_edges(candidates, attribute)
    timer.lap("score")
    assignment, edges, certified = _certified_solve(cohort, edges)
    timer.lap("solve")
    report = None
    if target is not None:
        assignment, report = _meet_target(cohort, edges, assignment, target)
        timer.lap("target")
    return cohort.result(assignment, edges, SOLVER, candidates, certified, report, timer)


def greedy_match(
    mentees: Sequence[Mentee],
    mentors: Sequence[Mentor],
    *,
    weights: Weights | None = None,
    rules: Rules | None = None,
    earlier_pairs: Iterable[tuple[PersonId, PersonId]] = (),
    pinned: Iterable[tuple[PersonId, PersonId]] = (),
    forbidden: Iterable[tuple[PersonId, PersonId]] = (),
) -> MatchResult:
    """The baseline: take the best-scoring feasible pair left, again and again."""
    timer = _Timer()
    cohort = _Cohort(mentees, mentors, weights or Weights(), rules or Rules())
    cohort.constrain(earlier_pairs, forbidden, pinned)
    timer.lap("encode")
    edges = cohort.candidate_edges(None, None)
    timer.lap("score")
    order = np.lexsort((edges.cols, edges.rows, -edges.scores))
    free = (cohort.pinned_col < 0).tolist()
    room = cohort.capacity_left.tolist()
    assignment = cohort.pinned_col.copy()
    left = sum(free)
    for row, col in zip(edges.rows[order].tolist(), edges.cols[order].tolist(), strict=True):
        if free[row] and room[col] > 0:
            free[row], assignment[row] = False, col
            room[col] -= 1
            left -= 1
            if not left:
                break
    timer.lap("solve")
    return cohort.result(assignment, edges, GREEDY, None, False, None, timer)


def check_pair(
    mentee: Mentee,
    mentor: Mentor,
    *,
    weights: Weights | None = None,
    rules: Rules | None = None,
    earlier_pairs: Iterable[tuple[PersonId, PersonId]] = (),
    forbidden: Iterable[tuple[PersonId, PersonId]] = (),
) -> PairCheck:
    """One pair's score, "why this match" and the hard rules it breaks (for a swap)."""
    cohort = _Cohort([mentee], [mentor], weights or Weights(), rules or Rules())
    cohort.constrain(earlier_pairs, forbidden, ())
    return PairCheck(cohort.explain(0, 0), cohort.broken_rules(0, 0))


def pair_scores(
    mentees: Sequence[Mentee],
    mentors: Sequence[Mentor],
    *,
    weights: Weights | None = None,
    rules: Rules | None = None,
    earlier_pairs: Iterable[tuple[PersonId, PersonId]] = (),
    forbidden: Iterable[tuple[PersonId, PersonId]] = (),
) -> npt.NDArray[np.float64]:
    """Every pair's exact score (mentees x mentors), NaN where a hard rule drops the pair.

    Pair by pair in Python: for small cohorts, suggestions for one mentee, and tests."""
    cohort = _Cohort(mentees, mentors, weights or Weights(), rules or Rules())
    cohort.constrain(earlier_pairs, forbidden, ())
    scores = np.full((len(mentees), len(mentors)), np.nan)
    for i in range(len(mentees)):
        for j in range(len(mentors)):
            if not cohort.broken_rules(i, j):
                scores[i, j] = cohort.explain(i, j).score
    return scores


def week_hours(person: Person, reference_week: date = Rules.reference_week) -> frozenset[float]:
    """The UTC quarter hours of the reference week the person works, as hours from Monday
    00:00 UTC (9.25 is Monday 09:15 UTC). For showing and testing the overlap rule."""
    mask = np.unpackbits(np.frombuffer(_person_mask(person, reference_week), np.uint8))
    return frozenset(float(q) / 4 for q in np.flatnonzero(mask[:_QUARTERS]))


# The solver


@dataclass(frozen=True)
class _Edges:
    rows: Ints
    cols: Ints
    scores: Floats  # whole _UNITS in float32, for ranking and solving
    flags: Bools  # the target's attribute (all False without a target)
    near: Bools  # among the mentee's own best candidates

    @staticmethod
    def join(parts: Sequence[_Edges]) -> _Edges:
        return _Edges(
            *(
                np.concatenate([np.zeros(0, dtype), *(getattr(p, name) for p in parts)])
                for name, dtype in _EDGE_FIELDS
            )
        )

    def take(self, which: Ints | Bools) -> _Edges:
        return _Edges(*(getattr(self, name)[which] for name, _ in _EDGE_FIELDS))

    def union(self, other: _Edges, mentors: int) -> _Edges:
        """Both sets, each pair once (near if it was near in either)."""
        both = _Edges.join([self, other])
        _, first, inverse = np.unique(
            both.rows * mentors + both.cols, return_index=True, return_inverse=True
        )
        merged = both.take(first)
        merged.near[:] = np.bincount(inverse, weights=both.near, minlength=first.size) > 0
        return merged


_EDGE_FIELDS = (
    ("rows", np.int64),
    ("cols", np.int64),
    ("scores", np.float32),
    ("flags", np.bool_),
    ("near", np.bool_),
)


def _solve(cohort: _Cohort, edges: _Edges, bonus: int) -> Ints:
    """Each mentee's mentor index (-1: none), pins included: max flow, then min cost."""
    assignment = cohort.pinned_col.copy()
    if not edges.rows.size:
        return assignment
    n, m = cohort.n, cohort.m
    source, sink = n + m, n + m + 1
    used = np.unique(edges.rows)
    gains = edges.scores.astype(np.int64)
    if bonus:
        # Each edge's bonus differs by up to 1%, so that mentees whose trade-offs tie do not
        # all switch at the same bonus: the share can then stop right at the target.
        spread = (edges.rows * 2_654_435_761 + edges.cols * 40_503) % 1009 / 1009
        gains += np.rint(bonus * (1 + _BONUS_SPREAD * spread)).astype(np.int64) * edges.flags
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate((np.full(used.size, source), edges.rows, n + np.arange(m))).astype(np.int32),
        np.concatenate((used, n + edges.cols, np.full(m, sink))).astype(np.int32),
        np.concatenate((np.ones(used.size + edges.rows.size), cohort.capacity_left)).astype(
            np.int64
        ),
        np.concatenate((np.zeros(used.size), -gains, np.zeros(m))).astype(np.int64),
    )
    flow.set_node_supply(source, int(used.size))
    flow.set_node_supply(sink, -int(used.size))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"The min-cost flow failed: {status}.")
    pair_arcs = np.asarray(arcs, dtype=np.int32)[used.size : used.size + edges.rows.size]
    chosen = np.asarray(flow.flows(pair_arcs)) > 0
    assignment[edges.rows[chosen]] = edges.cols[chosen]
    return assignment


def _certified_solve(cohort: _Cohort, edges: _Edges) -> tuple[Ints, _Edges, bool]:
    """Solve, then prove on the unpruned graph that no augmenting path is left (Berge); when
    one is found, add every feasible edge of the mentees it passes through and re-solve."""
    while True:
        assignment = _solve(cohort, edges, 0)
        extra = cohort.augmenting_edges(assignment)
        if extra is None:
            return assignment, edges, True
        edges = edges.union(extra, cohort.m)


def _meet_target(
    cohort: _Cohort, edges: _Edges, untargeted: Ints, target: Target
) -> tuple[Ints, TargetReport]:
    """Bisection on a bonus for edges with the attribute; the share only grows with it."""
    started = clock.perf_counter()
    solves = 0

    def share(assignment: Ints) -> float:
        rows = np.flatnonzero(assignment >= 0)
        flags = cohort.flags(target.attribute, rows, assignment[rows])
        return float(flags.mean()) if rows.size else 1.0

    matched = int((untargeted >= 0).sum())
    enough = math.ceil(target.min_share * matched - 1e-9) / matched if matched else 0.0

    def solve(bonus: int) -> tuple[Ints, float]:
        nonlocal solves
        solves += 1
        assignment = _solve(cohort, edges, bonus)
        return assignment, share(assignment)

    base_share = share(untargeted)
    best: tuple[Ints, float, int] = (untargeted, base_share, 0)
    # Enough to outweigh every score in any matching: the most cross pairs possible.
    ceiling = _UNITS * (matched + 1)
    low, high = 0, None
    bonus = _UNITS
    while base_share < target.min_share and high is None:
        assignment, reached = solve(bonus)
        if reached >= target.min_share:
            high, best = bonus, (assignment, reached, bonus)
        elif bonus >= ceiling:
            best = (assignment, reached, bonus)
            break
        else:
            low, bonus = bonus, min(bonus * 16, ceiling)
    # To a thousandth of the bonus, finer than the spread between edges' bonuses.
    while high is not None and high - low > max(1, high >> 10) and best[1] > enough + 1e-12:
        middle = (low + high) // 2
        assignment, reached = solve(middle)
        if reached >= target.min_share:
            high, best = middle, (assignment, reached, middle)
        else:
            low = middle
    met = best[1] >= target.min_share
    chosen = best[0] if met else untargeted
    untargeted_total = cohort.total(untargeted)
    price = max(0.0, untargeted_total - cohort.total(chosen))
    return chosen, TargetReport(
        attribute=target.attribute,
        min_share=target.min_share,
        met=met,
        share=share(chosen),
        untargeted_share=base_share,
        reachable=None if met else best[1],
        bonus=best[2] / cohort.scale if met else 0.0,
        price=price,
        price_percent=100 * price / untargeted_total if untargeted_total else 0.0,
        untargeted_total=untargeted_total,
        solves=solves,
        seconds=clock.perf_counter() - started,
    )


# The cohort, encoded for fast scoring


class _Cohort:
    def __init__(
        self, mentees: Sequence[Mentee], mentors: Sequence[Mentor], weights: Weights, rules: Rules
    ) -> None:
        self.mentees, self.mentors = list(mentees), list(mentors)
        self.weights, self.rules = weights, rules
        self.weight_of: dict[str, float] = dataclasses.asdict(weights)
        self.n, self.m = len(self.mentees), len(self.mentors)
        self.mentee_index = _index(self.mentees, "mentee")
        self.mentor_index = _index(self.mentors, "mentor")
        total_weight = sum(dataclasses.astuple(weights))
        self.scale = _UNITS / total_weight if total_weight else 1.0  # units per point
        self.capacity = np.array([mentor.capacity for mentor in self.mentors], dtype=np.int64)
        self.capacity_left = self.capacity.copy()
        self.pinned_col = np.full(self.n, -1, dtype=np.int64)
        self.codes: dict[str, tuple[Ints, Ints]] = {}
        for attribute in ("region", "function", "industry", "first_language", "unit"):
            self.codes[attribute] = _codes(
                [getattr(p, attribute) for p in self.mentees],
                [getattr(p, attribute) for p in self.mentors],
            )
        self._group_people(rules)
        self.mentee_features, self.mentor_features = self._features(weights)
        self.counts = {"earlier_pairs": 0, "forbidden": 0, "pinned": 0}

    # Encoding

    def _group_people(self, rules: Rules) -> None:
        """People with the same weekly mask and languages share one row of the group table:
        ``group_score`` is the shared-hours points, -inf where hours or language rule out."""
        week = rules.reference_week
        groups: list[dict[tuple[bytes, frozenset[str]], int]] = [{}, {}]
        members: list[list[int]] = [[], []]
        sides: tuple[Sequence[Person], Sequence[Person]] = (self.mentees, self.mentors)
        for side, people in enumerate(sides):
            for person in people:
                key = (_person_mask(person, week), person.languages)
                members[side].append(groups[side].setdefault(key, len(groups[side])))
        self.group_i = np.array(members[0], dtype=np.int64)
        self.group_j = np.array(members[1], dtype=np.int64)
        masks = [
            np.unpackbits(
                np.frombuffer(b"".join(key[0] for key in g) or b"\0", np.uint8)[
                    : _QUARTERS // 8 * len(g)
                ].reshape(len(g), _QUARTERS // 8),
                axis=1,
            )[:, :_QUARTERS].astype(np.float32)
            for g in groups
        ]
        languages = sorted({lang for g in groups for key in g for lang in key[1]})
        column = {lang: c for c, lang in enumerate(languages)}
        spoken = [np.zeros((len(g), len(languages)), dtype=np.float32) for g in groups]
        for side, g in enumerate(groups):
            for (_, langs), row in g.items():
                spoken[side][row, [column[lang] for lang in langs]] = 1
        self.group_hours = (masks[0] @ masks[1].T) / 4
        self.group_language = (spoken[0] @ spoken[1].T) > 0
        self.group_hours_ok = self.group_hours >= rules.min_shared_hours
        points = np.rint(
            self.scale
            * self.weights.shared_hours
            * np.minimum(self.group_hours / rules.full_score_hours, 1)
        )
        self.group_score = np.where(
            self.group_language & self.group_hours_ok, points, -np.inf
        ).astype(np.float32)

    def _features(self, weights: Weights) -> tuple[Floats, Floats]:
        """Rows F (mentees) and G (mentors) with F[i] . G[j] = every criterion but hours."""
        vocab_wants = sorted({k for p in self.mentees for k in p.wants}, key=repr)
        vocab_goals = sorted({k for p in self.mentees for k in p.goals}, key=repr)
        blocks: list[tuple[Floats, Floats]] = [
            _overlap_block(
                [p.wants for p in self.mentees], [p.offers for p in self.mentors], vocab_wants
            ),
            _overlap_block(
                [p.goals for p in self.mentees], [p.goals for p in self.mentors], vocab_goals
            ),
        ]
        mentee_side = [blocks[0][0] * weights.competencies, blocks[1][0] * weights.goals]
        mentor_side = [blocks[0][1], blocks[1][1]]
        # Per attribute, the points for "the same" and for "different", all criteria summed.
        attributes = ("region", "function", "industry", "first_language")
        same = {attribute: np.zeros(self.n, np.float32) for attribute in attributes}
        different = {attribute: np.zeros(self.n, np.float32) for attribute in attributes}
        same["industry"] += weights.industry
        different["region"] += weights.cross_region
        different["function"] += weights.cross_function
        choices = {
            preference: np.array([getattr(p, preference) or "" for p in self.mentees])
            for preference, _ in _PREFERENCES
        }
        stated = sum((choice != "").astype(np.float32) for choice in choices.values())
        share = np.divide(
            weights.preferences, stated, out=np.zeros(self.n, np.float32), where=stated > 0
        )
        for preference, attribute in _PREFERENCES:
            same[attribute] += np.where(choices[preference] == "same", share, 0)
            different[attribute] += np.where(choices[preference] == "different", share, 0)
        for attribute in same:
            f, g = _same_different(*self.codes[attribute], same[attribute], different[attribute])
            mentee_side.append(f)
            mentor_side.append(g)
        return (
            np.ascontiguousarray(np.rint(np.hstack(mentee_side) * self.scale), dtype=np.float32),
            np.ascontiguousarray(np.hstack(mentor_side).T, dtype=np.float32),
        )

    def constrain(
        self,
        earlier_pairs: Iterable[tuple[PersonId, PersonId]],
        forbidden: Iterable[tuple[PersonId, PersonId]],
        pinned: Iterable[tuple[PersonId, PersonId]],
    ) -> None:
        """The sparse hard rules as (row, col, rule) lists, then the pins."""
        found: dict[str, list[tuple[int, int]]] = {rule: [] for rule in RULES}
        for i, mentee in enumerate(self.mentees):
            if (col := self.mentor_index.get(mentee.id)) is not None:
                found["same_person"].append((i, col))
            for manager in mentee.managers:
                if (col := self.mentor_index.get(manager)) is not None:
                    found["reporting_chain"].append((i, col))
            for avoided in mentee.avoid:
                if (col := self.mentor_index.get(avoided)) is not None:
                    found["avoid"].append((i, col))
        for j, mentor in enumerate(self.mentors):
            for manager in mentor.managers:
                if (row := self.mentee_index.get(manager)) is not None:
                    found["reporting_chain"].append((row, j))
            for avoided in mentor.avoid:
                if (row := self.mentee_index.get(avoided)) is not None:
                    found["avoid"].append((row, j))
        for rule, given in (("earlier_pair", earlier_pairs), ("forbidden", forbidden)):
            given = list(given)
            self.counts["earlier_pairs" if rule == "earlier_pair" else rule] = len(given)
            if rule == "earlier_pair" and self.rules.allow_repeat_pairs:
                continue
            for mentee_id, mentor_id in given:
                row, col = self.mentee_index.get(mentee_id), self.mentor_index.get(mentor_id)
                if row is not None and col is not None:
                    found[rule].append((row, col))
        if not self.rules.allow_same_unit:
            found["same_unit"] = _same_code_pairs(*self.codes["unit"])
        keys = {
            rule: np.unique(np.array([i * self.m + j for i, j in pairs], dtype=np.int64))
            for rule, pairs in found.items()
        }
        self.rule_pairs = keys
        every = np.unique(np.concatenate(list(keys.values())))
        self.excluded_rows, self.excluded_cols = every // max(self.m, 1), every % max(self.m, 1)
        self._pin(pinned)
        self.group_columns: Floats | None = None
        if self.group_score.shape[0] * self.m <= _GROUP_CELLS:
            self.group_columns = self.group_score[:, self.group_j]
            self.group_columns[:, self.capacity_left <= 0] = -np.inf

    def _pin(self, pinned: Iterable[tuple[PersonId, PersonId]]) -> None:
        for mentee_id, mentor_id in pinned:
            i, j = self.mentee_index.get(mentee_id), self.mentor_index.get(mentor_id)
            if i is None or j is None:
                raise ValueError(f"Pinned pair ({mentee_id!r}, {mentor_id!r}): unknown id.")
            if self.pinned_col[i] >= 0:
                raise ValueError(f"Mentee {mentee_id!r} is pinned twice.")
            if broken := self.broken_rules(i, j):
                raise ValueError(
                    f"Pinned pair ({mentee_id!r}, {mentor_id!r}) breaks {', '.join(broken)}."
                )
            self.pinned_col[i] = j
            self.capacity_left[j] -= 1
            if self.capacity_left[j] < 0:
                raise ValueError(f"More pins than capacity for mentor {mentor_id!r}.")
        self.counts["pinned"] = int((self.pinned_col >= 0).sum())

    # Scoring

    def scores(self, rows: Ints, cols: Ints | None = None) -> Floats:
        """float32 points of ``rows`` x ``cols`` (every mentor when None), -inf where a pair
        is not feasible."""
        if cols is None:
            block = self.mentee_features[rows] @ self.mentor_features
            if self.group_columns is not None:
                block += self.group_columns[self.group_i[rows]]
            else:
                block += self.group_score[self.group_i[rows][:, None], self.group_j[None, :]]
                block[:, self.capacity_left <= 0] = -np.inf
        else:
            block = self.mentee_features[rows] @ self.mentor_features[:, cols]
            block += self.group_score[self.group_i[rows][:, None], self.group_j[cols][None, :]]
            block[:, self.capacity_left[cols] <= 0] = -np.inf
        at = _positions(rows, self.n)[self.excluded_rows]
        hit = at >= 0
        if cols is None:
            block[at[hit], self.excluded_cols[hit]] = -np.inf
        else:
            at_col = _positions(cols, self.m)[self.excluded_cols]
            hit &= at_col >= 0
            block[at[hit], at_col[hit]] = -np.inf
        return block

    def candidate_edges(self, keep: int | None, attribute: Attribute | None) -> _Edges:
        """The pruned graph: each mentee's ``keep`` best feasible mentors (with an attribute,
        also its ``keep`` best that have it), and each mentor's ``_MENTOR_DEPTH`` x capacity
        best mentees among those that have it in their ``_POOL`` x ``keep`` best; every
        feasible pair when ``keep`` is None. Counts feasible mentors per mentee on the way."""
        self.feasible = np.zeros(self.n, dtype=np.int64)
        parts: list[_Edges] = []
        step = max(1, _BLOCK_CELLS // max(self.m, 1))
        for start in range(0, self.n, step):
            rows = np.arange(start, min(start + step, self.n))
            block = self.scores(rows)
            self.feasible[rows] = np.count_nonzero(block > -np.inf, axis=1)
            solving = self.pinned_col[rows] < 0
            if not solving.all():
                block, rows = block[solving], rows[solving]
            flagged = self._flag_block(attribute, rows) if attribute else None
            parts.append(self._best(rows, block, keep, flagged))
            if flagged is not None:
                parts.append(self._best(rows, np.where(flagged, block, -np.inf), keep, flagged))
        edges = _Edges.join(parts)
        if keep is None:
            return edges
        edges = edges.union(_Edges.join([]), self.m) if len(parts) > 1 else edges
        # Each mentor's best from the pool, then the pool is cut back to the chosen: one sort
        # by mentor, best first (np.lexsort is eight times slower).
        points = np.clip(edges.scores.astype(np.int64), 0, _UNITS)
        order = np.argsort(edges.cols * (_UNITS + 1) + (_UNITS - points))
        cols = edges.cols[order]
        first = np.searchsorted(cols, np.arange(self.m))
        rank = np.empty(order.size, dtype=np.int64)
        rank[order] = np.arange(order.size) - first[cols]
        chosen = edges.near | (rank < _MENTOR_DEPTH * self.capacity_left[edges.cols])
        return edges.take(chosen)

    def feasible_edges(self, rows: Ints) -> _Edges:
        step = max(1, _BLOCK_CELLS // max(self.m, 1))
        return _Edges.join(
            [
                self._best(part, self.scores(part), None, None)
                for part in np.array_split(rows, max(1, -(-rows.size // step)))
            ]
        )

    def _best(self, rows: Ints, block: Floats, keep: int | None, flagged: Bools | None) -> _Edges:
        """Each row's ``_POOL`` x ``keep`` best, ``near`` marking its ``keep`` best. Scores are
        coarse, so ties at the last place are kept too, unless there are so many that the row
        takes an arbitrary ``keep`` of them."""
        m = block.shape[1]
        feasible = block > -np.inf
        if keep is None or keep >= m:
            chosen = near = feasible
        else:
            wide = min(keep * _POOL, m)
            # One partition for the pool, a small one inside it (two kth at once is 3x slower).
            pool = np.partition(block, m - wide, axis=1)[:, m - wide :]
            last = np.partition(pool, wide - keep, axis=1)[:, wide - keep]
            near = (block >= last[:, None]) & feasible
            chosen = (block >= pool[:, :1]) & feasible
            # A pool swamped by ties is cut back to the row's own best.
            swamped = np.flatnonzero(np.count_nonzero(chosen, axis=1) > 2 * wide)
            chosen[swamped] = near[swamped]
            crowded = np.flatnonzero(np.count_nonzero(near, axis=1) > 2 * keep)
            if crowded.size:
                top = np.argpartition(block[crowded], m - keep, axis=1)[:, m - keep :]
                near[crowded] = False
                near[crowded[:, None], top] = feasible[crowded[:, None], top]
        local, cols = np.nonzero(chosen)
        flags = flagged[local, cols] if flagged is not None else np.zeros(local.size, bool)
        return _Edges(
            rows[local], cols.astype(np.int64), block[local, cols], flags, near[local, cols]
        )

    def _flag_block(self, attribute: Attribute, rows: Ints) -> Bools:
        mine, theirs = self.codes[_ATTRIBUTES[attribute]]
        a, b = mine[rows][:, None], theirs[None, :]
        return (a != b) & (a >= 0) & (b >= 0)

    def flags(self, attribute: Attribute, rows: Ints, cols: Ints) -> Bools:
        mine, theirs = self.codes[_ATTRIBUTES[attribute]]
        a, b = mine[rows], theirs[cols]
        return (a != b) & (a >= 0) & (b >= 0)

    def augmenting_edges(self, assignment: Ints) -> _Edges | None:
        """None when no augmenting path exists in the unpruned graph (the count matched is
        maximum); else every feasible edge of the mentees the search went through."""
        solving = self.pinned_col < 0
        unmatched = np.flatnonzero(solving & (assignment < 0) & (self.feasible > 0))
        taken = np.bincount(assignment[solving & (assignment >= 0)], minlength=self.m)
        spare = taken < self.capacity_left
        if not unmatched.size or not spare.any():
            return None
        seen_rows = np.zeros(self.n, dtype=bool)
        seen_cols = np.zeros(self.m, dtype=bool)
        frontier, found = unmatched, []
        while frontier.size:
            seen_rows[frontier] = True
            found.append(self.feasible_edges(frontier))
            reached = np.zeros(self.m, dtype=bool)
            reached[found[-1].cols] = True
            new = reached & ~seen_cols
            if (new & spare).any():
                return _Edges.join(found)
            seen_cols |= new
            frontier = np.flatnonzero(solving & ~seen_rows & (assignment >= 0))
            frontier = frontier[new[assignment[frontier]]]
        return None

    # Rules and explanations, pair by pair

    def broken_rules(self, i: int, j: int) -> tuple[str, ...]:
        key = i * self.m + j
        broken = [
            rule
            for rule, keys in self.rule_pairs.items()
            if keys.size and keys[min(int(np.searchsorted(keys, key)), keys.size - 1)] == key
        ]
        gi, gj = self.group_i[i], self.group_j[j]
        if not self.group_language[gi, gj]:
            broken.append("no_shared_language")
        if not self.group_hours_ok[gi, gj]:
            broken.append("too_few_shared_hours")
        if self.capacity_left[j] <= 0:
            broken.append("mentor_full")
        return tuple(rule for rule in RULES if rule in broken)

    def explain_all(self, assignment: Ints) -> list[Pair]:
        rows = np.flatnonzero(assignment >= 0)
        cols = assignment[rows]
        hours = self.group_hours[self.group_i[rows], self.group_j[cols]].tolist()
        pinned = (self.pinned_col[rows] >= 0).tolist()
        collecting = gc.isenabled()
        gc.disable()  # for tens of thousands of small objects the collector would run often
        try:
            return [
                self.explain(i, j, pin, hour)
                for i, j, pin, hour in zip(rows.tolist(), cols.tolist(), pinned, hours, strict=True)
            ]
        finally:
            if collecting:
                gc.enable()

    def explain(self, i: int, j: int, pinned: bool = False, hours: float | None = None) -> Pair:
        """The exact score, criterion by criterion, from the records themselves."""
        mentee, mentor = self.mentees[i], self.mentors[j]
        if hours is None:
            hours = float(self.group_hours[self.group_i[i], self.group_j[j]])
        covered = mentee.wants & mentor.offers
        shared = mentee.goals & mentor.goals
        met, missed = _preferences(mentee, mentor)
        values = {
            "competencies": len(covered) / len(mentee.wants) if mentee.wants else 0.0,
            "shared_hours": min(hours / self.rules.full_score_hours, 1.0),
            "cross_region": _differ(mentee.region, mentor.region),
            "cross_function": _differ(mentee.function, mentor.function),
            "goals": len(shared) / len(mentee.goals) if mentee.goals else 0.0,
            "industry": float(bool(mentee.industry) and mentee.industry == mentor.industry),
            "preferences": len(met) / (len(met) + len(missed)) if met or missed else 0.0,
        }
        weight = self.weight_of
        breakdown = {name: weight[name] * value for name, value in values.items()}
        scored = sorted((n for n in CRITERIA if breakdown[n]), key=lambda n: -breakdown[n])
        reasons = []
        for name in scored:
            if name == "competencies":
                detail: dict[str, Any] = {"covered": _sorted(covered), "wanted": len(mentee.wants)}
            elif name == "goals":
                detail = {"shared": _sorted(shared), "wanted": len(mentee.goals)}
            elif name == "shared_hours":
                detail = {"hours": hours}
            elif name == "preferences":
                detail = {"met": met, "missed": missed}
            elif name == "industry":
                detail = {"industry": mentee.industry}
            else:
                attribute = "region" if name == "cross_region" else "function"
                detail = {
                    "mentee": getattr(mentee, attribute),
                    "mentor": getattr(mentor, attribute),
                }
            reasons.append(Reason(name, breakdown[name], detail))
        return Pair(
            mentee.id, mentor.id, sum(breakdown.values()), breakdown, values, tuple(reasons), pinned
        )

    def total(self, assignment: Ints) -> float:
        return sum(pair.score for pair in self.explain_all(assignment))

    # The result

    def result(
        self,
        assignment: Ints,
        edges: _Edges,
        solver: str,
        candidates: int | None,
        certified: bool,
        target: TargetReport | None,
        timer: _Timer,
    ) -> MatchResult:
        pairs = tuple(self.explain_all(assignment))
        eliminated = self._eliminated()
        unmatched = tuple(
            Unmatched(
                mentee=self.mentees[i].id,
                why="capacity_exhausted" if self.feasible[i] else "no_feasible_mentor",
                feasible_mentors=int(self.feasible[i]),
                eliminated_by={
                    rule: int(counts[i]) for rule, counts in eliminated.items() if counts[i]
                },
            )
            for i in np.flatnonzero(assignment < 0).tolist()
        )
        timer.lap("explain")
        scores = np.array([pair.score for pair in pairs])
        marks = {"min": 0, "p10": 10, "p25": 25, "median": 50, "p75": 75, "p90": 90, "max": 100}
        rules = dataclasses.asdict(self.rules)
        rules["reference_week"] = self.rules.reference_week.isoformat()
        diagnostics = Diagnostics(
            solver=solver,
            mentees=self.n,
            mentors=self.m,
            capacity=int(self.capacity.sum()),
            pinned=self.counts["pinned"],
            forbidden=self.counts["forbidden"],
            earlier_pairs=self.counts["earlier_pairs"],
            feasible_pairs=int(self.feasible.sum()),
            candidate_pairs=int(edges.rows.size),
            candidates_per_mentee=candidates,
            matched=len(pairs),
            unmatched=len(unmatched),
            max_matched_certified=certified,
            total_score=float(scores.sum()),
            mean_score=float(scores.mean()) if pairs else None,
            worst_score=float(scores.min()) if pairs else None,
            quantiles={k: float(np.percentile(scores, q)) for k, q in marks.items()}
            if pairs
            else {},
            eliminated_by={rule: int(counts.sum()) for rule, counts in eliminated.items()},
            weights=dataclasses.asdict(self.weights),
            rules=rules,
            target=target,
            timings=timer.laps(),
        )
        return MatchResult(pairs, unmatched, diagnostics)

    def _eliminated(self) -> dict[str, Ints]:
        """For each mentee and rule, how many mentors the rule rules out."""
        per_group = np.bincount(self.group_j, minlength=self.group_score.shape[1])
        eliminated = {
            rule: np.bincount(keys // max(self.m, 1), minlength=self.n)
            for rule, keys in self.rule_pairs.items()
            if rule != "mentor_full"
        }
        eliminated["no_shared_language"] = (~self.group_language).astype(np.int64) @ per_group
        eliminated["no_shared_language"] = eliminated["no_shared_language"][self.group_i]
        hours = (~self.group_hours_ok).astype(np.int64) @ per_group
        eliminated["too_few_shared_hours"] = hours[self.group_i]
        eliminated["mentor_full"] = np.full(self.n, int((self.capacity_left <= 0).sum()))
        return {rule: eliminated[rule] for rule in RULES}


_ATTRIBUTES: dict[str, str] = {"cross_region": "region", "cross_function": "function"}


class _Timer:
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


def _index(people: Sequence[Person], side: str) -> dict[PersonId, int]:
    index = {person.id: number for number, person in enumerate(people)}
    if len(index) != len(people):
        raise ValueError(f"Each {side} may be listed once.")
    return index


def _positions(ids: Ints, size: int) -> Ints:
    """position[id] = where ``id`` is in ``ids``, -1 elsewhere."""
    position = np.full(size, -1, dtype=np.int64)
    position[ids] = np.arange(ids.size)
    return position


def _codes(mine: list[str], theirs: list[str]) -> tuple[Ints, Ints]:
    """Both sides' values as shared integer codes, -1 for unknown ("")."""
    vocabulary = {value: code for code, value in enumerate(sorted({*mine, *theirs} - {""}))}
    return (
        np.array([vocabulary.get(v, -1) for v in mine], dtype=np.int64),
        np.array([vocabulary.get(v, -1) for v in theirs], dtype=np.int64),
    )


def _same_different(
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


def _overlap_block(
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


def _same_code_pairs(mine: Ints, theirs: Ints) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    for code in np.intersect1d(mine[mine >= 0], theirs[theirs >= 0]).tolist():
        for i in np.flatnonzero(mine == code).tolist():
            pairs.extend((i, j) for j in np.flatnonzero(theirs == code).tolist())
    return pairs


def _preferences(mentee: Mentee, mentor: Mentor) -> tuple[list[str], list[str]]:
    """The mentee's stated preferences this mentor meets and misses ("region:different")."""
    met: list[str] = []
    missed: list[str] = []
    for preference, attribute in _PREFERENCES:
        if wish := getattr(mentee, preference):
            mine, theirs = getattr(mentee, attribute), getattr(mentor, attribute)
            ok = bool(mine and theirs) and (mine == theirs) == (wish == "same")
            (met if ok else missed).append(f"{attribute}:{wish}")
    return met, missed


def _differ(mine: str, theirs: str) -> float:
    return float(bool(mine and theirs) and mine != theirs)


def _sorted(keys: Collection[Key]) -> list[Key]:
    try:
        return sorted(keys)
    except TypeError:  # ints and strings mixed
        return sorted(keys, key=repr)


def _person_mask(person: Person, week: date) -> bytes:
    availability = person.availability
    if availability is not None:
        hours = (
            [h for h in range(168) if availability >> h & 1]
            if isinstance(availability, int)
            else sorted(availability)
        )
        mask = np.zeros(_QUARTERS, dtype=bool)
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
    mask = np.zeros(_QUARTERS, dtype=bool)
    for day in workdays:
        local_day = week + timedelta(days=day)
        begin = datetime.combine(local_day, work_start, tzinfo=zone)
        end_day = local_day if work_end > work_start else local_day + timedelta(days=1)
        end = datetime.combine(end_day, work_end, tzinfo=zone)
        first = -((origin - begin.astimezone(UTC)) // quarter)  # whole quarters only
        last = (end.astimezone(UTC) - origin) // quarter
        mask[np.arange(first, last) % _QUARTERS] = True
    return np.packbits(mask).tobytes()
