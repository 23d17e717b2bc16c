"""Anonymity thresholds: the one rule for showing aggregates of what people said or did.

Fewer than ``THRESHOLD`` people behind a figure and it could point at someone, so it is
withheld: a count (``shown_count``), a mean (``shown_mean``), free-text answers
(``enough``). A table of counts published with its total needs more than that: one
withheld cell could be worked out by subtracting the others from the total, so
``suppress`` also withholds complementary cells until no withheld cell can be deduced.

Pure functions on plain numbers: the apps (events feedback, goals overview, mentoring
health) decide what to count and show the withheld figures as "fewer than 3".
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from statistics import mean
from typing import Generic, TypeVar

from django.utils.translation import gettext as _

THRESHOLD = 3

K = TypeVar("K", bound=Hashable)


def enough(n: int, *, threshold: int = THRESHOLD) -> bool:
    """Are ``n`` people enough to show what they said, together?"""
    return n >= threshold


def too_few(n: int, *, threshold: int = THRESHOLD) -> bool:
    """A count of one or two people could point at them; none at all points at nobody."""
    return 0 < n < threshold


def shown_count(n: int, *, threshold: int = THRESHOLD) -> int | None:
    """The count, or None when it is too small to show."""
    return None if too_few(n, threshold=threshold) else n


def label(value: float | None) -> str:
    """How a figure reads on a page: the number, or "withheld" (the same word for every
    withheld figure, so a complementary one cannot be told from a small one)."""
    return _("withheld") if value is None else str(value)


def shown_mean(values: Iterable[float], *, threshold: int = THRESHOLD) -> float | None:
    """The mean to one decimal, or None for fewer than ``threshold`` values."""
    values = list(values)
    if not enough(len(values), threshold=threshold):
        return None
    return round(mean(values), 1)


@dataclass(frozen=True)
class Suppressed(Generic[K]):
    """A table of counts safe to publish: ``cells[k]`` is None where withheld, and
    ``total`` is None when even the total had to be withheld."""

    cells: dict[K, int | None]
    total: int | None

    @property
    def withheld(self) -> bool:
        return any(v is None for v in self.cells.values()) or self.total is None


def _deducible(hidden: list[int], *, threshold: int) -> bool:
    """Could someone who knows the total (and sees zeros shown as 0) narrow a withheld cell
    down to a small value? Each withheld cell is at least 1 and together they sum to S, so
    each lies in [1, S - (k - 1)]: one cell is pinned exactly, and several are safe only if
    any of them could still be ``threshold`` or more."""
    k = len(hidden)
    if k == 0:
        return False
    return k == 1 or sum(hidden) - (k - 1) < threshold


def suppress(
    cells: Mapping[K, int], *, total_shown: bool = True, threshold: int = THRESHOLD
) -> Suppressed[K]:
    """Withhold every count of one or two (primary suppression) and, when the table's
    total is shown, the smallest further counts needed so that no withheld count can be
    worked out by subtraction (complementary suppression). When nothing is left to
    withhold alongside, the total is withheld too."""
    total = sum(cells.values())
    hidden = {k for k, n in cells.items() if too_few(n, threshold=threshold)}
    if total_shown:
        shown = sorted(
            (k for k, n in cells.items() if n > 0 and k not in hidden),
            key=lambda k: cells[k],
        )
        while _deducible([cells[k] for k in hidden], threshold=threshold) and shown:
            hidden.add(shown.pop(0))
        if _deducible([cells[k] for k in hidden], threshold=threshold):
            return Suppressed({k: None if k in hidden else n for k, n in cells.items()}, None)
    return Suppressed(
        {k: None if k in hidden else n for k, n in cells.items()},
        total if total_shown else None,
    )
