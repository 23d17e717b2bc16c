"""Coffee roulette's pairing, from plain data: pair people for a half-hour conversation,
across regions wherever possible, never twice the same pair, and nobody with someone they
are already connected with or blocked.

A maximum-weight matching (networkx) over a sparse graph: each person is offered up to
``CANDIDATES`` others, people from other regions first, so a round of 5,000 stays fast.
With an odd number, one person (the one who waited longest for a pair, else the last)
sits the round out.

Each pair's time (``fairest``) is fair across rounds as well as within one: the planner
ranks the half hours in both working weeks, and whoever bore an early or late time in an
earlier round counts for more in the choice this time.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from salon.events.planner import SlotProposal

CANDIDATES = 40
CROSS_REGION = 10  # a pair across regions is worth this many pairs within one
SAME_REGION = 1


@dataclass(frozen=True)
class Person:
    id: int
    region: str


def pair(
    people: Sequence[Person],
    *,
    avoid: Iterable[tuple[int, int]] = (),
    seed: int = 0,
) -> list[tuple[int, int]]:
    """Pairs of ids, each person in at most one, the most across regions possible among
    the candidates; ``avoid`` holds pairs (either order) that must not meet."""
    rng = random.Random(seed)  # noqa: S311 - shuffling for variety, not secrecy
    banned = {frozenset(p) for p in avoid}
    ordered = list(people)
    rng.shuffle(ordered)
    graph = nx.Graph()
    graph.add_nodes_from(p.id for p in ordered)
    for person in ordered:
        elsewhere = [o for o in ordered if o.region != person.region and o.id != person.id]
        near = [o for o in ordered if o.region == person.region and o.id != person.id]
        rng.shuffle(elsewhere)
        rng.shuffle(near)
        for other in (elsewhere + near)[: CANDIDATES + len(banned)]:
            if frozenset((person.id, other.id)) in banned:
                continue
            weight = CROSS_REGION if other.region != person.region else SAME_REGION
            graph.add_edge(person.id, other.id, weight=weight)
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    return sorted((min(a, b), max(a, b)) for a, b in matching)


def fairest(slots: Iterable[SlotProposal], carried: Mapping[int, float]) -> SlotProposal | None:
    """The time for one pair that is fair across rounds, from the planner's ranked
    candidates: nobody unavailable or asleep if that can be had, then the lowest cost once
    each person's cost is weighed by what they carried in earlier rounds (``carried``: the
    out-of-hours cost they bore before), so whoever gave up their evening last time gets
    their working hours this time. Ties keep the planner's order."""

    def key(slot: SlotProposal) -> tuple[int, int, float, int]:
        weighed = sum(cost * (1 + carried.get(int(pid), 0.0)) for pid, cost in slot.costs.items())
        return (slot.unavailable, slot.asleep, weighed, slot.rank)

    return min(slots, key=key, default=None)
