"""Fair hackathon judging, in plain Python: which teams a judge may not score (conflicts
of interest), a balanced assignment of judges to teams, and the ranking explained.

- A judge has a **conflict** with a team when they are in it, when they declared a
  conflict with one of its members (a report, a relative, a business partner), or when
  they share a circle with one of its members (people who work together every week).
- **Assignment**: each team gets up to ``per_team`` judges without a conflict; the teams
  with the fewest possible judges are served first, and each takes the judges with the
  fewest teams so far, so loads stay within one of each other whenever conflicts allow.
- **Ranking**: each judge's totals are put on one scale (z-scores, ``calibration.py``),
  so a harsh judge and a lenient one weigh the same; teams rank by their mean normalised
  score, and the raw mean is shown beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from salon.innovation.calibration import Scored, calibrate

Key = int


def conflicts_of(
    *,
    judge: Key,
    declared: set[Key],
    judge_circles: set[Key],
    members: Mapping[Key, set[Key]],
    circles: Mapping[Key, set[Key]],
) -> set[Key]:
    """The teams ``judge`` may not score. ``members``: team → its people; ``circles``:
    person → their circles; ``declared``: people the judge named."""
    found = set()
    for team, people in members.items():
        if (
            judge in people
            or people & declared
            or (judge_circles and any(circles.get(p, set()) & judge_circles for p in people))
        ):
            found.add(team)
    return found


def assign(
    *, judges: Iterable[Key], teams: Iterable[Key], conflicts: Mapping[Key, set[Key]], per_team: int
) -> dict[Key, list[Key]]:
    """Judge → the teams they score; never a team they have a conflict with."""
    judge_list = sorted(judges)
    load = dict.fromkeys(judge_list, 0)
    out: dict[Key, list[Key]] = {j: [] for j in judge_list}
    eligible = {t: [j for j in judge_list if t not in conflicts.get(j, set())] for t in teams}
    for team in sorted(eligible, key=lambda t: (len(eligible[t]), t)):
        chosen = sorted(eligible[team], key=lambda j: (load[j], j))[:per_team]
        for judge in chosen:
            load[judge] += 1
            out[judge].append(team)
    return {j: sorted(ts) for j, ts in out.items()}


@dataclass(frozen=True)
class Standing:
    team: Key
    rank: int
    normalised: float  # mean z-score over its judges
    raw: float  # mean weighted total over its judges
    judges: int


@dataclass(frozen=True)
class JudgeScale:
    judge: Key
    scored: int
    mean: float
    leniency: float  # above (+) or below (−) the other judges on the same teams


@dataclass(frozen=True)
class Ranking:
    standings: list[Standing]  # best first on normalised scores
    raw_order: list[Key]  # the teams best first on raw means, to compare
    judges: list[JudgeScale]


def rank(scores: Iterable[tuple[Key, Key, float]]) -> Ranking:
    """``scores``: (judge, team, weighted total). Teams nobody scored are left out."""
    calibration = calibrate(Scored(evaluator=j, idea=t, score=s) for j, t, s in scores)
    standings = [
        Standing(
            team=r.idea,
            rank=n,
            normalised=r.normalised,
            raw=r.raw,
            judges=r.evaluators,
        )
        for n, r in enumerate(calibration.normalised_ranking, start=1)
    ]
    return Ranking(
        standings=standings,
        raw_order=[r.idea for r in calibration.raw_ranking],
        judges=[
            JudgeScale(judge=e.evaluator, scored=e.scored, mean=e.mean, leniency=e.leniency)
            for e in calibration.evaluators
        ],
    )
