"""Ranking "For you": plain data in, plain data out (no ORM), so it can be tested alone.

A candidate scores for each of the member's active goals whose competency it builds (the
strongest signal: the member said this is what they work on), for what peers in the
member's circles found useful, and a little for general popularity, which only breaks
ties. What the member has done or hidden never comes back. Every recommendation carries
the reason that weighed most, in words the member can check.

The 360 gaps of the feedback cycles are meant to join as one more signal
(``gaps``: competency id → how far below the member's own view the raters were): a
candidate building a gap competency scores like a goal match, with its own reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

GOAL_WEIGHT = 3.0
GAP_WEIGHT = 2.5
PEER_WEIGHT = 1.0
POPULAR_WEIGHT = 0.1


@dataclass(frozen=True)
class Candidate:
    kind: str  # "resource" or "path"
    id: int
    title: str
    competency_ids: frozenset[int]
    peer_useful: int = 0
    useful: int = 0


@dataclass(frozen=True)
class Goal:
    title: str
    competency_id: int
    competency_name: str


@dataclass(frozen=True)
class Reason:
    kind: str  # "goal", "gap", "peers" or "popular"
    goal: str = ""
    competency: str = ""
    peers: int = 0


@dataclass(frozen=True)
class Recommendation:
    candidate: Candidate
    score: float
    reason: Reason


@dataclass
class Signals:
    goals: list[Goal] = field(default_factory=list)
    gaps: Mapping[int, tuple[str, float]] = field(default_factory=dict)  # id → (name, size)
    done: frozenset[tuple[str, int]] = frozenset()
    hidden: frozenset[tuple[str, int]] = frozenset()


def rank(
    candidates: Iterable[Candidate], signals: Signals, *, limit: int = 10
) -> list[Recommendation]:
    scored = []
    for c in candidates:
        key = (c.kind, c.id)
        if key in signals.done or key in signals.hidden:
            continue
        score = 0.0
        reason: Reason | None = None
        for goal in signals.goals:
            if goal.competency_id in c.competency_ids:
                score += GOAL_WEIGHT
                reason = reason or Reason("goal", goal=goal.title, competency=goal.competency_name)
        for competency_id, (name, size) in signals.gaps.items():
            if competency_id in c.competency_ids:
                score += GAP_WEIGHT * min(1.0, size)
                reason = reason or Reason("gap", competency=name)
        if c.peer_useful:
            score += PEER_WEIGHT * min(c.peer_useful, 5)
            reason = reason or Reason("peers", peers=c.peer_useful)
        score += POPULAR_WEIGHT * min(c.useful, 20)
        if score <= 0:
            continue
        scored.append(Recommendation(c, score, reason or Reason("popular")))
    scored.sort(key=lambda r: (-r.score, r.candidate.kind, r.candidate.id))
    return scored[:limit]
