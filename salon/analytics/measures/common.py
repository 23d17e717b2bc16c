"""What every measure shares: who is counted (salon.core.anonymity), shares, and the
``Measure`` itself."""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass

from django_stubs_ext import StrOrPromise

from salon.analytics.facts import Facts, Period
from salon.core import anonymity

Units = Mapping[int, Hashable]
Group = Collection[int] | None
Number = float | int | None


def counted_units(facts: Facts) -> dict[int, Hashable]:
    """Who is counted, and in which unit: people who share a region and every circle."""
    return anonymity.units({p.id: (p.region, p.circles) for p in facts.people.values()})


def people_in(units: Units, group: Group) -> set[int]:
    return anonymity.in_group(units, group)


def among(units: Units, population: Iterable[int], group: Group) -> set[int]:
    """The people of ``population`` a group's figure may count (see anonymity.among)."""
    return anonymity.in_group(anonymity.among(units, population), group)


def share(part: float, whole: float) -> int | None:
    """A percentage, rounded; None when there is nothing to take a share of."""
    return round(100 * part / whole) if whole else None


def active(facts: Facts, people: Iterable[int], period: Period) -> int:
    return sum(1 for p in people if p in active_in(facts, period))


def active_in(facts: Facts, period: Period) -> frozenset[int]:
    """Who was active in the period: worked out once per period and set of facts, as every
    group's row asks (scanning everyone's days for each was most of the time the figures
    took once the network was shared)."""
    cache: dict[tuple[Period, int], frozenset[int]] = facts.__dict__.setdefault("_active_cache", {})
    key = (period, len(facts.active_days))
    if key not in cache:
        cache[key] = frozenset(
            p
            for p, days in facts.active_days.items()
            if any(period.start <= day <= period.end for day in days)
        )
    return cache[key]


@dataclass(frozen=True)
class Measure:
    key: str
    label: StrOrPromise
    definition: StrOrPromise
    unit: str  # "people", "percent", "count", "hours"
    compute: Callable[[Facts, Units, Group], Number]


def sum_of(name: str) -> Callable[[Facts, Units, Group], Number]:
    def compute(facts: Facts, units: Units, group: Group) -> Number:
        people = people_in(units, group)
        values: Mapping[int, int] = getattr(facts, name)
        return sum(values.get(p, 0) for p in people) if people else None

    return compute


def people_with(name: str) -> Callable[[Facts, Units, Group], Number]:
    def compute(facts: Facts, units: Units, group: Group) -> Number:
        people = people_in(units, group)
        values: Mapping[int, int] = getattr(facts, name)
        return sum(1 for p in people if values.get(p, 0)) if people else None

    return compute
