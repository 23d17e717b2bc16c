"""The community's network, drawn and read: from each person's region and the ties between
people (pairs who interacted in the period, from the analytics rollups), the picture a
director looks at and the people a facilitator can act on. No Django: people are ids,
regions strings.

The picture never shows a person: each region is a bubble of anonymous dots, coloured by
whether that person has a tie outside the region, only inside it, or none yet, and the
lines between bubbles are as thick as the ties across. Regions are first put through the
anonymity rule of the outcome figures (``core.anonymity.units``): a region of fewer than
five people is pooled with the other small ones as "other regions", or left out when even
the pool is that small, so no bubble or line is about one or two people.

*Bridging members* are the people through whom most shortest paths between others pass
(betweenness, sampled on large networks); *inward* people have a region and no tie outside
it yet.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from salon.analytics.network import ei_index
from salon.core.anonymity import units

Pair = tuple[int, int]

WIDTH, HEIGHT = 800, 560
ACROSS, INSIDE, NONE = "across", "inside", "none"
# Bubbles hold at most this many dots; the rest are in the region's counts.
MAX_DOTS = 240
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    kind: str  # ACROSS, INSIDE or NONE


@dataclass(frozen=True)
class Bubble:
    region: str
    members: int
    across: int  # members with a tie outside the region
    inside: int  # members whose ties all stay inside it
    without: int  # members with no tie at all
    ties_inside: int
    ties_across: int
    ei: float | None  # Krackhardt's E–I index of the region's ties (−1 inside … +1 outside)
    x: float
    y: float
    r: float
    dots: list[Dot] = field(default_factory=list)


@dataclass(frozen=True)
class Line:
    a: str
    b: str
    ties: int
    x1: float
    y1: float
    x2: float
    y2: float
    width: float


@dataclass(frozen=True)
class Drawing:
    people: int  # people in the picture (after the anonymity rule)
    ties: int  # ties among them
    ties_across: int
    bubbles: list[Bubble]
    lines: list[Line]

    @property
    def cross_share(self) -> float | None:
        return round(100 * self.ties_across / self.ties, 1) if self.ties else None


def _partners(pairs: Iterable[Pair], people: Mapping[int, object]) -> dict[int, set[int]]:
    result: dict[int, set[int]] = {p: set() for p in people}
    for a, b in pairs:
        if a != b and a in people and b in people:
            result[a].add(b)
            result[b].add(a)
    return result


def _kind(person: int, partners: set[int], region_of: Mapping[int, str]) -> str:
    """Whether ``person`` has a tie across regions (both regions given, and different: a
    tie between two people pooled into "other regions" from two small regions is across)."""
    if not partners:
        return NONE
    mine = region_of.get(person, "")
    crossing = (region_of.get(p, "") for p in partners)
    return ACROSS if mine and any(r and r != mine for r in crossing) else INSIDE


def _centres(count: int) -> list[tuple[float, float]]:
    if count == 1:
        return [(WIDTH / 2, HEIGHT / 2)]
    return [
        (
            WIDTH / 2 + 280 * math.cos(-math.pi / 2 + 2 * math.pi * n / count),
            HEIGHT / 2 - 10 + 160 * math.sin(-math.pi / 2 + 2 * math.pi * n / count),
        )
        for n in range(count)
    ]


def _dots(kinds: list[str], x: float, y: float, r: float) -> list[Dot]:
    """A sunflower of dots filling the bubble: people with ties across at the centre, those
    with none at the rim."""
    order = {ACROSS: 0, INSIDE: 1, NONE: 2}
    shown = sorted(kinds, key=order.__getitem__)[:MAX_DOTS]
    n = len(shown)
    return [
        Dot(
            round(x + 0.88 * r * math.sqrt((i + 0.5) / n) * math.cos(i * GOLDEN_ANGLE), 1),
            round(y + 0.88 * r * math.sqrt((i + 0.5) / n) * math.sin(i * GOLDEN_ANGLE), 1),
            kind,
        )
        for i, kind in enumerate(shown)
    ]


def draw(region_of: Mapping[int, str], pairs: Iterable[Pair]) -> Drawing:
    """The picture of ``region_of``'s people (id → region, "" when not given) and the ties
    among them."""
    region = units(region_of)  # small regions pooled as OTHER, or left out
    pairs = list(pairs)
    partners = _partners(pairs, region)
    ties = {(a, b) if a < b else (b, a) for a, b in pairs if a != b and a in region and b in region}
    names = sorted({str(r) for r in region.values()}, key=lambda r: (r == "other", r == "", r))
    members: dict[str, list[int]] = {name: [] for name in names}
    for person, r in region.items():
        members[str(r)].append(person)
    inside: dict[str, int] = dict.fromkeys(names, 0)
    across: dict[tuple[str, str], int] = {}
    for a, b in ties:
        ra, rb = str(region[a]), str(region[b])
        if ra == rb:
            inside[ra] += 1
        else:
            key = (ra, rb) if names.index(ra) < names.index(rb) else (rb, ra)
            across[key] = across.get(key, 0) + 1
    ei = ei_index(ties, {p: str(r) for p, r in region.items()})
    largest = max((len(m) for m in members.values()), default=1)
    bubbles: list[Bubble] = []
    for name, (x, y) in zip(names, _centres(len(names)), strict=True):
        people = members[name]
        kinds = [_kind(p, partners[p], region_of) for p in people]
        r = round(28 + 62 * math.sqrt(len(people) / largest), 1)
        bubbles.append(
            Bubble(
                region=name,
                members=len(people),
                across=kinds.count(ACROSS),
                inside=kinds.count(INSIDE),
                without=kinds.count(NONE),
                ties_inside=inside[name],
                ties_across=sum(n for key, n in across.items() if name in key),
                ei=ei.get(name),
                x=round(x, 1),
                y=round(y, 1),
                r=r,
                dots=_dots(kinds, x, y, r),
            )
        )
    at = {b.region: b for b in bubbles}
    most = max(across.values(), default=1)
    lines = [
        Line(
            a=a,
            b=b,
            ties=n,
            x1=at[a].x,
            y1=at[a].y,
            x2=at[b].x,
            y2=at[b].y,
            width=round(1.5 + 10.5 * n / most, 1),
        )
        for (a, b), n in sorted(across.items())
    ]
    return Drawing(
        people=len(region),
        ties=len(ties),
        ties_across=sum(across.values()),
        bubbles=bubbles,
        lines=lines,
    )


def inward(region_of: Mapping[int, str], pairs: Iterable[Pair]) -> list[int]:
    """People who gave a region and have no tie outside it yet (none at all, or all inside
    their region), in id order."""
    partners = _partners(pairs, region_of)
    return sorted(
        person
        for person, r in region_of.items()
        if r and all(region_of[p] == r for p in partners[person])
    )


def bridges(
    people: Iterable[int], pairs: Iterable[Pair], *, top: int = 5, samples: int = 400
) -> list[tuple[int, float]]:
    """The ``top`` people through whom most shortest paths between others pass, with their
    betweenness (0–1), highest first; on networks larger than ``samples`` people it is
    estimated from that many sources (a fixed seed: the same network gives the same
    answer)."""
    import networkx as nx

    graph: nx.Graph[int] = nx.Graph()
    graph.add_nodes_from(people)
    graph.add_edges_from((a, b) for a, b in pairs if a in graph and b in graph and a != b)
    if graph.number_of_edges() == 0:
        return []
    k = samples if graph.number_of_nodes() > samples else None
    scores = nx.betweenness_centrality(graph, k=k, seed=7 if k else None)
    ranked = sorted(
        ((person, score) for person, score in scores.items() if score > 0),
        key=lambda item: (-item[1], item[0]),
    )
    return [(person, round(score, 4)) for person, score in ranked[:top]]
