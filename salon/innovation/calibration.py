"""Calibrating expert scores: how lenient each evaluator is against the others, and the
ranking of ideas on raw and on normalised scores. Pure Python, plain data in and out.

Evaluators differ: one scores everything 4 or 5, another rarely gives more than 3. A raw
average then rewards the ideas that happened to meet the lenient ones. Here:

- an evaluator's **leniency** is the mean, over the ideas they scored, of how far their
  score sits above (or below) that idea's average score from everyone who scored it;
- **normalised** scores put each evaluator on one scale: their score minus their own mean,
  divided by their own spread (a z-score; an evaluator who gave every idea the same score
  has no spread, and each of their scores counts as 0, "average for them");
- an idea's raw score is the mean of its raw scores; its normalised score the mean of its
  normalised ones. Both rankings are given, best first (ties by the idea's key).

Shifting or stretching one evaluator's scores (everything +1, or everything ×2) leaves the
normalised ranking as it was: tests/test_calibration.py checks this and more with
hypothesis.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# An evaluator or an idea: any hashable key (ids, names).
Key = Any


@dataclass(frozen=True)
class Scored:
    evaluator: Key
    idea: Key
    score: float  # the weighted total on the scorecard


@dataclass(frozen=True)
class Leniency:
    evaluator: Key
    scored: int  # how many ideas
    mean: float  # their mean score
    leniency: float  # mean of (their score − the idea's mean score)


@dataclass(frozen=True)
class Ranked:
    idea: Key
    raw: float
    normalised: float
    evaluators: int


@dataclass(frozen=True)
class Calibration:
    evaluators: list[Leniency]  # most lenient first
    raw_ranking: list[Ranked]
    normalised_ranking: list[Ranked]


def _sort_key(key: Key) -> tuple[str, str]:
    return (type(key).__name__, str(key))


def calibrate(scores: Iterable[Scored]) -> Calibration:
    """Leniency per evaluator and both rankings; one score per (evaluator, idea) counts
    (a later one replaces an earlier one)."""
    by_pair: dict[tuple[Key, Key], float] = {}
    for s in scores:
        by_pair[(s.evaluator, s.idea)] = float(s.score)
    by_idea: dict[Key, list[tuple[Key, float]]] = {}
    by_evaluator: dict[Key, list[tuple[Key, float]]] = {}
    for (evaluator, idea), score in by_pair.items():
        by_idea.setdefault(idea, []).append((evaluator, score))
        by_evaluator.setdefault(evaluator, []).append((idea, score))
    idea_mean = {i: statistics.fmean(s for _e, s in v) for i, v in by_idea.items()}
    evaluators = []
    z: dict[tuple[Key, Key], float] = {}
    for evaluator, given in by_evaluator.items():
        values = [s for _i, s in given]
        mean = statistics.fmean(values)
        spread = statistics.pstdev(values) if len(values) > 1 else 0.0
        for idea, score in given:
            z[(evaluator, idea)] = (score - mean) / spread if spread > 1e-9 else 0.0
        evaluators.append(
            Leniency(
                evaluator=evaluator,
                scored=len(given),
                mean=mean,
                leniency=statistics.fmean(s - idea_mean[i] for i, s in given),
            )
        )
    ranked = [
        Ranked(
            idea=idea,
            raw=idea_mean[idea],
            normalised=statistics.fmean(z[(e, idea)] for e, _s in given),
            evaluators=len(given),
        )
        for idea, given in by_idea.items()
    ]
    return Calibration(
        evaluators=sorted(evaluators, key=lambda e: (-e.leniency, _sort_key(e.evaluator))),
        raw_ranking=sorted(ranked, key=lambda r: (-r.raw, _sort_key(r.idea))),
        normalised_ranking=sorted(ranked, key=lambda r: (-r.normalised, _sort_key(r.idea))),
    )


def weighted_total(values: Mapping[Key, float], weights: Mapping[Key, float]) -> float:
    """A scorecard's total: the weighted mean of the criteria scored (weights need not add
    up to 100; criteria left unscored do not count)."""
    used = [k for k in values if weights.get(k, 0) > 0]
    total_weight = sum(weights[k] for k in used)
    if not total_weight:
        return 0.0
    return sum(values[k] * weights[k] for k in used) / total_weight
