"""The network of real interactions, from plain pairs: who has ties, which are new, which
cross regions, and how connected the whole is. No Django: people are ids, regions strings.

A *tie* is a pair of people who interacted at least once in the period (in either
direction, counted once); a *new tie* is one whose first interaction ever falls in the
period. A tie *crosses regions* when both people gave a region and the two differ.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

Pair = tuple[int, int]


def _pair(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


def ties(interactions: Iterable[tuple[int, int, date]], *, start: date, end: date) -> set[Pair]:
    """The distinct pairs that interacted between ``start`` and ``end`` (both included);
    someone interacting with themself is no tie."""
    return {_pair(a, b) for a, b, day in interactions if a != b and start <= day <= end}


def new_ties(interactions: Iterable[tuple[int, int, date]], *, start: date, end: date) -> set[Pair]:
    """Ties whose first interaction ever is in the period."""
    first: dict[Pair, date] = {}
    for a, b, day in interactions:
        if a == b or day > end:
            continue
        pair = _pair(a, b)
        if pair not in first or day < first[pair]:
            first[pair] = day
    return {pair for pair, day in first.items() if day >= start}


def partners(pairs: Iterable[Pair]) -> dict[int, set[int]]:
    """Each person's partners in ``pairs``."""
    result: dict[int, set[int]] = {}
    for a, b in pairs:
        result.setdefault(a, set()).add(b)
        result.setdefault(b, set()).add(a)
    return result


def crosses(pair: Pair, region: Mapping[int, str]) -> bool:
    a, b = region.get(pair[0], ""), region.get(pair[1], "")
    return bool(a) and bool(b) and a != b


def ei_index(pairs: Iterable[Pair], group: Mapping[int, Hashable]) -> dict[Hashable, float]:
    """Krackhardt's E–I index per group: (external − internal) / (external + internal) over
    the ties of the group's people, from −1 (all ties inside) to +1 (all ties outside). A
    tie inside counts once for the group, a tie across once for each side; people without a
    group, and groups without ties, are left out."""
    external: dict[Hashable, int] = {}
    internal: dict[Hashable, int] = {}
    for a, b in pairs:
        ga, gb = group.get(a), group.get(b)
        if ga is None or gb is None:
            continue
        if ga == gb:
            internal[ga] = internal.get(ga, 0) + 1
        else:
            external[ga] = external.get(ga, 0) + 1
            external[gb] = external.get(gb, 0) + 1
    return {
        g: round(
            (external.get(g, 0) - internal.get(g, 0)) / (external.get(g, 0) + internal.get(g, 0)), 2
        )
        for g in set(external) | set(internal)
    }


@dataclass(frozen=True)
class Shape:
    people: int
    ties: int
    isolated: int  # people without a tie
    components: int  # groups of people connected to each other (an isolated person is one)
    largest: int  # people in the largest of them
    density: float  # ties as a share of all possible pairs
    clustering: float  # how often two partners of a person are partners too (mean)


def shape(people: Iterable[int], pairs: Iterable[Pair]) -> Shape:
    """How connected ``people`` are by ``pairs`` (pairs with someone else are ignored)."""
    # Imported here: the rest of the network measures need no graph library.
    import networkx as nx

    graph: nx.Graph[int] = nx.Graph()
    graph.add_nodes_from(people)
    graph.add_edges_from((a, b) for a, b in pairs if a in graph and b in graph)
    n = graph.number_of_nodes()
    if n == 0:
        return Shape(0, 0, 0, 0, 0, 0.0, 0.0)
    parts = list(nx.connected_components(graph))
    return Shape(
        people=n,
        ties=graph.number_of_edges(),
        isolated=sum(1 for node in graph if graph.degree(node) == 0),
        components=len(parts),
        largest=max(len(p) for p in parts),
        density=round(nx.density(graph), 3),
        clustering=round(nx.average_clustering(graph), 3),
    )
