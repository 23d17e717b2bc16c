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

from collections.abc import Hashable, Iterable, Mapping, Sequence
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


# 360° feedback ---------------------------------------------------------------------------
#
# A report is built in two steps, and only the first one sees the answers:
#
# 1. ``rating_cells`` keeps, per rater group and rated item, the sum and count of the
#    ratings, and only where enough people stand behind it: a group whose answers are
#    fewer than the cycle's threshold is dropped whole (its name goes to ``hidden``), and
#    so is an item that fewer than the threshold rated within a shown group ("not observed"
#    is no rating). Self and manager are shown by name, so one answer is enough for them.
# 2. Every figure a page shows — a group's mean, "all others", a competency rolled up from
#    its behaviours, the director's heatmap — is computed from those kept cells alone.
#
# So a hidden group, or a withheld item, is in no shown figure: changing its answers
# changes nothing on any page, and no subtraction between figures can bring it back
# (``salon/core/tests/test_anonymity_360.py`` checks exactly that, across two cycles and
# the director's aggregates too).

NAMED_GROUPS = frozenset({"self", "manager"})
# The director's view is aggregate only, over at least this many people reviewed.
PEOPLE_THRESHOLD = 5


def group_threshold(group: str, *, threshold: int = THRESHOLD) -> int:
    """How many answers a rater group needs before it is shown: one for the groups shown
    by name (raters are told so before they answer), the cycle's threshold for the rest."""
    return 1 if group in NAMED_GROUPS else max(threshold, THRESHOLD)


def checked_threshold(requested: int) -> int:
    """A cycle's threshold: it may be raised above the default, never lowered below it."""
    if requested < THRESHOLD:
        raise ValueError(_("At least %(n)d answers per group are needed.") % {"n": THRESHOLD})
    return requested


@dataclass(frozen=True)
class Cell:
    """Ratings of one item by one group, kept because enough people stand behind them."""

    total: float
    count: int

    @property
    def mean(self) -> float:
        return round(self.total / self.count, 1)


@dataclass(frozen=True)
class RatingCells(Generic[K]):
    """``cells[group][item]``: only what may be shown; ``responses[group]``: the number of
    answers of each shown group; ``hidden``: the groups below their threshold."""

    cells: dict[str, dict[K, Cell]]
    responses: dict[str, int]
    hidden: list[str]


def rating_cells(
    answers: Iterable[tuple[str, Mapping[K, float | None]]], *, threshold: int = THRESHOLD
) -> RatingCells[K]:
    """From ``(group, {item: rating or None})`` per answer, the cells that may be shown."""
    by_group: dict[str, list[Mapping[K, float | None]]] = {}
    for group, scores in answers:
        by_group.setdefault(group, []).append(scores)
    cells: dict[str, dict[K, Cell]] = {}
    responses: dict[str, int] = {}
    hidden: list[str] = []
    for group in sorted(by_group):
        needed = group_threshold(group, threshold=threshold)
        group_answers = by_group[group]
        if len(group_answers) < needed:
            hidden.append(group)
            continue
        responses[group] = len(group_answers)
        sums: dict[K, list[float]] = {}
        for scores in group_answers:
            for item, value in scores.items():
                if value is not None:
                    sums.setdefault(item, []).append(float(value))
        cells[group] = {
            item: Cell(sum(values), len(values))
            for item, values in sums.items()
            if len(values) >= needed
        }
    return RatingCells(cells, responses, hidden)


def pooled(cells: Iterable[Cell]) -> Cell | None:
    """Several kept cells of one item together (e.g. "all others"): a figure made of shown
    figures only, so it adds nothing a reader could not already compute."""
    cells = list(cells)
    if not cells:
        return None
    return Cell(sum(c.total for c in cells), sum(c.count for c in cells))


def rolled_up(means: Iterable[float | None]) -> float | None:
    """A competency from its behaviours: the plain mean of the behaviours' shown means."""
    shown = [m for m in means if m is not None]
    return round(mean(shown), 1) if shown else None


def shown_comments(
    comments: Iterable[tuple[str, str]], *, shown_groups: Iterable[str], seed: Hashable
) -> list[str]:
    """Comments of the groups that reach their threshold, without their group and in an
    order that depends on neither who wrote them nor when (a shuffle seeded per report,
    so a reload does not reorder them)."""
    from hashlib import sha256

    groups = set(shown_groups)
    kept = [text for group, text in comments if group in groups and text.strip()]
    return sorted(kept, key=lambda text: sha256(f"{seed}:{text}".encode()).hexdigest())


def cohort_means(
    people: Iterable[Mapping[K, float | None]], *, min_people: int = PEOPLE_THRESHOLD
) -> dict[K, tuple[float | None, int]]:
    """The director's view of one figure across a cohort: for each key (a competency, a
    perspective), the mean of the people's shown figures and how many people it covers,
    or None when fewer than ``min_people`` stand behind it. People's figures come from
    their reports, so what a report withholds is in no cohort figure either."""
    values: dict[K, list[float]] = {}
    for person in people:
        for key, value in person.items():
            values.setdefault(key, [])
            if value is not None:
                values[key].append(value)
    return {
        key: ((round(mean(v), 1) if len(v) >= min_people else None), len(v))
        for key, v in values.items()
    }


# Breakdowns of people (analytics) ------------------------------------------------------------
#
# A dashboard shows the same figure for the community, each region and each circle, and a
# reader may subtract one from another (a region's total minus its circles). So no figure is
# made of arbitrary people: each person is first put in a *unit*, the people who share
# everything a breakdown can tell apart (their region and all their circles). A unit of fewer
# than ``PEOPLE_THRESHOLD`` people is pooled with the other small ones into ``OTHER``, and
# when even the pool is that small its people are left out of every figure. A group's figure
# then counts the whole units inside it (the pool only in the community's own figure), so
# any sum or difference of shown figures is a figure of whole units of five or more: nobody
# smaller can be worked out, and what a left-out person did changes no figure at all
# (``salon/analytics/tests/test_privacy.py`` checks both with hypothesis).

OTHER = "other"

P = TypeVar("P", bound=Hashable)


def units(
    signatures: Mapping[P, Hashable], *, min_people: int = PEOPLE_THRESHOLD
) -> dict[P, Hashable]:
    """Each counted person's unit: their signature when at least ``min_people`` share it,
    else ``OTHER`` when the people of small signatures together reach ``min_people``. People
    missing from the result are in no figure."""
    sizes: dict[Hashable, int] = {}
    for signature in signatures.values():
        sizes[signature] = sizes.get(signature, 0) + 1
    small = [p for p, s in signatures.items() if sizes[s] < min_people]
    pooled = OTHER if len(small) >= min_people else None
    result: dict[P, Hashable] = {}
    for person, signature in signatures.items():
        if sizes[signature] >= min_people:
            result[person] = signature
        elif pooled is not None:
            result[person] = pooled
    return result


def among(
    counted: Mapping[P, Hashable], people: Iterable[P], *, min_people: int = PEOPLE_THRESHOLD
) -> dict[P, Hashable]:
    """The units of a figure about some of the counted people only (those rated twice, those
    with a goal): the same rule again, within each unit, so a unit in which only one or two
    of them stand is pooled or left out of that figure too."""
    return units({p: counted[p] for p in people if p in counted}, min_people=min_people)


def in_group(counted: Mapping[P, Hashable], group: Iterable[P] | None) -> set[P]:
    """The people a group's figure counts: all counted people for the community (``None``),
    else the group's people whose unit is not the pool (a group holds whole units, so its
    count is zero or at least ``PEOPLE_THRESHOLD``)."""
    if group is None:
        return set(counted)
    return {p for p in group if p in counted and counted[p] != OTHER}


def merged_runs(sizes: Sequence[int], *, min_people: int = PEOPLE_THRESHOLD) -> list[range]:
    """Consecutive buckets (the months people joined in, oldest first) merged into runs of
    at least ``min_people`` people each: a bucket too small joins the ones after it until the
    run is large enough, and the last buckets, if together still too small, are in no run.
    Runs never overlap, so a sum or difference of shown runs is zero or at least
    ``min_people`` people (``salon/analytics/tests/test_privacy.py`` checks it)."""
    runs: list[range] = []
    first, people = 0, 0
    for n, size in enumerate(sizes):
        people += size
        if people >= min_people:
            runs.append(range(first, n + 1))
            first, people = n + 1, 0
    return runs
