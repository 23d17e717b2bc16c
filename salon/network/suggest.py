"""People you should meet: a pure ranking with reasons, for one person among many.

Plain data in, plain data out (no ORM): ``rank(me, candidates, tied_regions, limit)``.
Each candidate earns points for what they share with the viewer or add to their network,
and keeps the words that say why:

- a competency both work on in a development goal ("You both work on Strategic thinking");
- a region where the viewer has no tie yet ("You have no tie in Asia-Pacific yet"), or at
  least a region other than their own ("Based in Americas: a tie across regions");
- a function the viewer does not share ("Leads Finance, a function you do not work in");
- a circle, an event or a forum thread they shared;
- being a mentor in the community, for someone with development goals.

Ties across regions weigh most: the network Salon measures should not stay inside them.
Ties break by fewer existing connections (newcomers first), then by id, so the ranking is
stable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

NEW_REGION = 5
OTHER_REGION = 2
SHARED_COMPETENCY = 3
OTHER_FUNCTION = 1
SHARED_CIRCLE = 1
SHARED_EVENT = 1
SHARED_THREAD = 1
MENTOR = 1
# Reasons shown per person.
REASONS = 3


@dataclass(frozen=True)
class Person:
    id: int
    region: str = ""
    function: str = ""
    competencies: frozenset[str] = frozenset()
    circles: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    threads: frozenset[str] = frozenset()
    is_mentor: bool = False
    connections: int = 0


@dataclass(frozen=True)
class Suggestion:
    id: int
    score: int
    reasons: tuple[str, ...] = field(default_factory=tuple)


def _first(items: Iterable[str]) -> str:
    return sorted(items)[0]


def explain(
    me: Person,
    other: Person,
    tied_regions: frozenset[str],
    region_names: Mapping[str, str],
    function_names: Mapping[str, str],
) -> Suggestion:
    """What ``other`` adds for ``me``: points and the reasons, strongest first."""
    scored: list[tuple[int, str]] = []
    shared = me.competencies & other.competencies
    if shared:
        scored.append(
            (SHARED_COMPETENCY * min(len(shared), 2), f"You both work on {_first(shared)}")
        )
    region = region_names.get(other.region, other.region)
    if other.region and other.region not in tied_regions and other.region != me.region:
        scored.append((NEW_REGION, f"You have no tie in {region} yet"))
    elif other.region and me.region and other.region != me.region:
        scored.append((OTHER_REGION, f"Based in {region}: a tie across regions"))
    if other.function and me.function and other.function != me.function:
        function = function_names.get(other.function, other.function)
        scored.append((OTHER_FUNCTION, f"Works in {function}, a function you do not"))
    if me.circles & other.circles:
        scored.append((SHARED_CIRCLE, f"You are both in {_first(me.circles & other.circles)}"))
    if me.events & other.events:
        scored.append((SHARED_EVENT, f"You both attended {_first(me.events & other.events)}"))
    if me.threads & other.threads:
        scored.append((SHARED_THREAD, f"You both wrote in “{_first(me.threads & other.threads)}”"))
    if other.is_mentor and me.competencies:
        scored.append((MENTOR, "A mentor in your community"))
    scored.sort(key=lambda item: -item[0])
    return Suggestion(
        id=other.id,
        score=sum(points for points, _why in scored),
        reasons=tuple(why for _points, why in scored[:REASONS]),
    )


def rank(
    me: Person,
    candidates: Iterable[Person],
    *,
    tied_regions: frozenset[str] = frozenset(),
    region_names: Mapping[str, str] | None = None,
    function_names: Mapping[str, str] | None = None,
    limit: int = 10,
) -> list[Suggestion]:
    """The best ``limit`` suggestions for ``me``; nobody without a reason, never ``me``."""
    region_names = region_names or {}
    function_names = function_names or {}
    scored = [
        (explain(me, c, tied_regions, region_names, function_names), c.connections)
        for c in candidates
        if c.id != me.id
    ]
    best = sorted(
        (pair for pair in scored if pair[0].score > 0),
        key=lambda pair: (-pair[0].score, pair[1], pair[0].id),
    )
    return [suggestion for suggestion, _n in best[:limit]]
