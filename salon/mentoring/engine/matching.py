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
   best ones with the target's attribute) and each mentor its ``MENTOR_DEPTH`` x capacity
   best mentees among those that have it in their ``POOL`` x ``candidates`` best. The
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

from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
import numpy.typing as npt

from salon.mentoring.engine.cohort import Cohort
from salon.mentoring.engine.encoding import Timer, person_mask
from salon.mentoring.engine.records import (
    DEFAULT_CANDIDATES,
    GREEDY,
    QUARTERS,
    SOLVER,
    MatchResult,
    Mentee,
    Mentor,
    PairCheck,
    Person,
    PersonId,
    Rules,
    Target,
    Weights,
)
from salon.mentoring.engine.solver import certified_solve, meet_target

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
    timer = Timer()
    cohort = Cohort(mentees, mentors, weights or Weights(), rules or Rules())
    cohort.constrain(earlier_pairs, forbidden, pinned)
    timer.lap("encode")
    attribute = target.attribute if target else None
    edges = cohort.candidate_edges(candidates, attribute)
    timer.lap("score")
    assignment, edges, certified = certified_solve(cohort, edges)
    timer.lap("solve")
    report = None
    if target is not None:
        assignment, report = meet_target(cohort, edges, assignment, target)
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
    timer = Timer()
    cohort = Cohort(mentees, mentors, weights or Weights(), rules or Rules())
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
    cohort = Cohort([mentee], [mentor], weights or Weights(), rules or Rules())
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
    cohort = Cohort(mentees, mentors, weights or Weights(), rules or Rules())
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
    mask = np.unpackbits(np.frombuffer(person_mask(person, reference_week), np.uint8))
    return frozenset(float(q) / 4 for q in np.flatnonzero(mask[:QUARTERS]))
