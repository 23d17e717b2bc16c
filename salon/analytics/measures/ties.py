"""The relationship and cultural measures, from the network of real interactions
(salon.analytics.network) between counted people."""

from __future__ import annotations

from datetime import date
from typing import Any

from salon.analytics import network
from salon.analytics.facts import Facts, Period
from salon.analytics.measures.common import (
    Group,
    Number,
    Units,
    people_in,
    share,
)
from salon.core import anonymity


def counted_interactions(facts: Facts, units: Units) -> list[tuple[int, int, date]]:
    """Interactions between counted people only: one with someone left out of the figures
    would let what they did show through the other person's figure."""
    return [(i.a, i.b, i.day) for i in facts.interactions if i.a in units and i.b in units]


def _network(
    facts: Facts, units: Units, *, new: bool = False, cross: bool = False
) -> tuple[set[tuple[int, int]], dict[int, set[int]]]:
    """The period's ties (or new ties, or ties across regions) between counted people, and
    each one's partners: worked out once per set of figures, as every group's row of every
    tie measure reads the same network (it was rebuilt from all the interactions each time,
    most of the half-minute the figures took at 5,000 members)."""
    cache: dict[tuple[Any, ...], Any] = facts.__dict__.setdefault("_network_cache", {})
    # The units are part of the key by identity; the entry keeps them alive, so their id
    # cannot be taken by another mapping while it is cached.
    key = ("ties", id(units), new, cross, facts.period, len(facts.interactions))
    hit = cache.get(key)
    if hit is not None and hit[0] is units:
        return hit[1], hit[2]
    pairs_of = network.new_ties if new else network.ties
    pairs = pairs_of(
        counted_interactions(facts, units), start=facts.period.start, end=facts.period.end
    )
    if cross:
        region = {p.id: p.region for p in facts.people.values()}
        pairs = {pair for pair in pairs if network.crosses(pair, region)}
    by_person = network.partners(pairs)
    cache[key] = (units, pairs, by_person)
    return pairs, by_person


def tie_figure(
    facts: Facts, units: Units, group: Group, *, new: bool = False, cross: bool = False
) -> Number:
    people = people_in(units, group)
    if not people:
        return None
    _pairs, by_person = _network(facts, units, new=new, cross=cross)
    # Each tie counts once for each of its people in the group: a tie inside the group
    # is two people's tie.
    return sum(len(by_person.get(p, ())) for p in people)


def with_ties_share(facts: Facts, units: Units, group: Group) -> Number:
    people = people_in(units, group)
    _pairs, by_person = _network(facts, units)
    return share(sum(1 for p in people if by_person.get(p)), len(people))


def _ends(facts: Facts, units: Units, period: Period) -> tuple[dict[int, int], dict[int, int]]:
    """Per counted person, their interactions of the period with anyone whose region is
    known, and those with someone of another region (once per set of figures)."""
    cache: dict[tuple[Any, ...], Any] = facts.__dict__.setdefault("_network_cache", {})
    key = ("ends", id(units), period, len(facts.interactions))
    hit = cache.get(key)
    if hit is not None and hit[0] is units:
        return hit[1], hit[2]
    region = {p.id: p.region for p in facts.people.values()}
    total: dict[int, int] = {}
    across: dict[int, int] = {}
    for a, b, day in counted_interactions(facts, units):
        if day not in period or a == b or not region.get(a) or not region.get(b):
            continue
        crossing = region[a] != region[b]
        for end in (a, b):
            total[end] = total.get(end, 0) + 1
            if crossing:
                across[end] = across.get(end, 0) + 1
    cache[key] = (units, total, across)
    return total, across


def cross_share(facts: Facts, units: Units, group: Group, period: Period | None = None) -> Number:
    """Interactions of the group's people in the period with someone of another region, as
    a share of their interactions with anyone whose region is known."""
    people = people_in(units, group)
    total, across = _ends(facts, units, period or facts.period)
    # An interaction counts once for each of its two people in the group.
    return (
        share(sum(across.get(p, 0) for p in people), sum(total.get(p, 0) for p in people))
        if people
        else None
    )


def cross_share_before(facts: Facts, units: Units, group: Group) -> Number:
    return cross_share(facts, units, group, facts.period.before())


def ei_by_region(facts: Facts, units: Units) -> dict[str, float]:
    """The E–I index of each region's ties in the period, for regions of counted people
    (a region is whole units, so five people or more)."""
    pairs = network.ties(
        counted_interactions(facts, units), start=facts.period.start, end=facts.period.end
    )
    region = {
        p: facts.people[p].region
        for p in people_in(units, None)
        if units[p] != anonymity.OTHER and facts.people[p].region
    }
    return {str(k): v for k, v in network.ei_index(pairs, region).items()}


def network_shape(facts: Facts, units: Units) -> network.Shape:
    pairs = network.ties(
        counted_interactions(facts, units), start=facts.period.start, end=facts.period.end
    )
    return network.shape(people_in(units, None), pairs)
