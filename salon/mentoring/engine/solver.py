"""The assignment: a min-cost flow over the candidate edges (most mentees matched, then
the highest total score), certified maximum on the unpruned graph, and the bisection on a
bonus that meets a target."""

from __future__ import annotations

import math
import time as clock
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from ortools.graph.python import min_cost_flow

from salon.mentoring.engine.records import (
    BONUS_SPREAD,
    UNITS,
    Bools,
    Floats,
    Ints,
    Target,
    TargetReport,
)

if TYPE_CHECKING:  # the cohort builds the solver's edges: import it for types only
    from salon.mentoring.engine.cohort import Cohort


# The solver


@dataclass(frozen=True)
class Edges:
    rows: Ints
    cols: Ints
    scores: Floats  # whole UNITS in float32, for ranking and solving
    flags: Bools  # the target's attribute (all False without a target)
    near: Bools  # among the mentee's own best candidates

    @staticmethod
    def join(parts: Sequence[Edges]) -> Edges:
        return Edges(
            *(
                np.concatenate([np.zeros(0, dtype), *(getattr(p, name) for p in parts)])
                for name, dtype in _EDGE_FIELDS
            )
        )

    def take(self, which: Ints | Bools) -> Edges:
        return Edges(*(getattr(self, name)[which] for name, _ in _EDGE_FIELDS))

    def union(self, other: Edges, mentors: int) -> Edges:
        """Both sets, each pair once (near if it was near in either)."""
        both = Edges.join([self, other])
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


def _solve(cohort: Cohort, edges: Edges, bonus: int) -> Ints:
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
        gains += np.rint(bonus * (1 + BONUS_SPREAD * spread)).astype(np.int64) * edges.flags
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


def certified_solve(cohort: Cohort, edges: Edges) -> tuple[Ints, Edges, bool]:
    """Solve, then prove on the unpruned graph that no augmenting path is left (Berge); when
    one is found, add every feasible edge of the mentees it passes through and re-solve."""
    while True:
        assignment = _solve(cohort, edges, 0)
        extra = cohort.augmenting_edges(assignment)
        if extra is None:
            return assignment, edges, True
        edges = edges.union(extra, cohort.m)


def meet_target(
    cohort: Cohort, edges: Edges, untargeted: Ints, target: Target
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
    ceiling = UNITS * (matched + 1)
    low, high = 0, None
    bonus = UNITS
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
