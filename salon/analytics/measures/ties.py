"""The relationship and cultural measures, from the network of real interactions
(salon.analytics.network) between counted people."""

from __future__ import annotations

from datetime import date

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


def tie_figure(
    facts: Facts, units: Units, group: Group, *, new: bool = False, cross: bool = False
) -> Number:
    people = people_in(units, group)
    if not people:
        return None
    pairs_of = network.new_ties if new else network.ties
    pairs = pairs_of(
        counted_interactions(facts, units), start=facts.period.start, end=facts.period.end
    )
    region = {p.id: p.region for p in facts.people.values()}
    if cross:
        pairs = {pair for pair in pairs if network.crosses(pair, region)}
    by_person = network.partners(pairs)
    # Each tie counts once for each of its people in the group: a tie inside the group
    # is two people's tie.
    return sum(len(by_person.get(p, ())) for p in people)


def with_ties_share(facts: Facts, units: Units, group: Group) -> Number:
    people = people_in(units, group)
    pairs = network.ties(
        counted_interactions(facts, units), start=facts.period.start, end=facts.period.end
    )
    by_person = network.partners(pairs)
    return share(sum(1 for p in people if by_person.get(p)), len(people))


def cross_share(facts: Facts, units: Units, group: Group, period: Period | None = None) -> Number:
    """Interactions of the group's people in the period with someone of another region, as
    a share of their interactions with anyone whose region is known."""
    people = people_in(units, group)
    period = period or facts.period
    region = {p.id: p.region for p in facts.people.values()}
    total = across = 0
    for a, b, day in counted_interactions(facts, units):
        if day not in period or a == b or not region.get(a) or not region.get(b):
            continue
        ends = (a in people) + (b in people)
        total += ends
        if region[a] != region[b]:
            across += ends
    return share(across, total) if people else None


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
