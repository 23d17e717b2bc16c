"""Choosing who reviews an assignment: plain data in, reviewer ids out (no ORM here).

Two reviewers for each submission, chosen fairly:

- never the author, and never someone the author blocked or who blocked the author;
- the least loaded first (reviews already asked of them for this assignment), so the
  work spreads evenly over the cohort;
- among the equally loaded, those who have not handed the assignment in yet first: their
  own submission will pass them by later, so taking them now keeps the round even;
- then people unlike the author: from another region, then from none of the author's
  own circles, which is where a fresh view comes from;
- then the fewest reviews across the whole programme, then a stable order (the id), so
  the same facts always give the same choice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

REVIEWERS = 2


@dataclass(frozen=True)
class Person:
    id: int
    region: str = ""
    circles: frozenset[int] = field(default_factory=frozenset)


def likeness(author: Person, other: Person) -> int:
    """How much ``other`` shares the author's context: same region (1), a shared circle
    (1). Lower is preferred."""
    same_region = bool(author.region) and author.region == other.region
    return int(same_region) + int(bool(author.circles & other.circles))


def choose_reviewers(
    *,
    author: Person,
    cohort: Sequence[Person],
    load: Mapping[int, int],
    programme_load: Mapping[int, int] | None = None,
    blocked: frozenset[int] = frozenset(),
    waiting: frozenset[int] = frozenset(),
    k: int = REVIEWERS,
) -> list[int]:
    """Up to ``k`` reviewers for ``author`` from ``cohort``. ``load`` counts the reviews
    each person has for this assignment already, ``programme_load`` across the programme;
    ``blocked`` holds everyone the author blocked or was blocked by; ``waiting``, those
    who have not handed the assignment in yet."""
    overall = programme_load or {}
    eligible = [p for p in cohort if p.id != author.id and p.id not in blocked]
    unique = {p.id: p for p in eligible}.values()
    ranked = sorted(
        unique,
        key=lambda p: (
            load.get(p.id, 0),
            p.id not in waiting,
            likeness(author, p),
            overall.get(p.id, 0),
            p.id,
        ),
    )
    return [p.id for p in ranked[:k]]
