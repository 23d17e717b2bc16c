"""What a person's 360° report says, from plain numbers (no Django, no database).

The answers go through ``salon.core.anonymity.rating_cells`` first; everything here is
computed from the cells it kept, so nothing a report withholds can be worked out from what
it shows. Items are the rated behaviours (or, in a cycle that rates competencies whole,
the competencies themselves); each belongs to one competency, and a competency's figure
is the plain mean of its items' figures.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from math import sqrt

from salon.core import anonymity

SELF = "self"
# The spread of ratings a change is judged against, as a share of the scale's range (on a
# 1–5 scale, one point: about what 360° ratings of one person show between raters).
RATING_SPREAD = 0.25
Z_95 = 1.96


@dataclass(frozen=True)
class Item:
    key: Hashable
    competency: Hashable
    label: str


@dataclass(frozen=True)
class Answers:
    """One cycle's answers about one person: ``(group, {item key: rating or None})``."""

    items: Sequence[Item]
    points: int
    threshold: int
    ratings: Sequence[tuple[str, Mapping[Hashable, float | None]]]
    # ``(group, [answer to each open question])`` per answer.
    comments: Sequence[tuple[str, Sequence[str]]] = ()
    questions: int = 0


@dataclass
class CompetencyRow:
    competency: Hashable
    self: float | None
    others: float | None
    others_count: int
    by_group: dict[str, float | None]
    flag: str | None = None  # "blind_spot" or "hidden_strength"
    previous: float | None = None
    change: float | None = None
    band: float | None = None
    behaviours: list[tuple[Item, float | None, float | None]] = field(default_factory=list)

    @property
    def gap(self) -> float | None:
        if self.self is None or self.others is None:
            return None
        return round(self.others - self.self, 1)

    @property
    def change_is_real(self) -> bool:
        return self.change is not None and self.band is not None and abs(self.change) > self.band


@dataclass
class Report:
    groups: dict[str, int]  # shown group -> answers
    hidden_groups: list[str]
    competencies: list[CompetencyRow]
    group_competencies: dict[str, dict[Hashable, float | None]]
    highest: list[tuple[Item, float]]
    lowest: list[tuple[Item, float]]
    comments: list[list[str]]  # per open question
    points: int


def gap_limit(points: int) -> float:
    """A gap between self and others counts when it is more than a third of the scale."""
    return (points - 1) / 3


def noise_band(before: int, now: int, *, points: int) -> float | None:
    """How far a mean of ``now`` ratings may move from a mean of ``before`` ratings by
    chance alone (95 %), on a scale of ``points``; None when either has no ratings."""
    if before < 1 or now < 1:
        return None
    spread = RATING_SPREAD * (points - 1)
    return round(Z_95 * spread * sqrt(1 / before + 1 / now), 1)


def _others(cells: anonymity.RatingCells[Hashable], item: Hashable) -> anonymity.Cell | None:
    return anonymity.pooled(
        group_cells[item]
        for group, group_cells in cells.cells.items()
        if group != SELF and item in group_cells
    )


def _mean(cell: anonymity.Cell | None) -> float | None:
    return cell.mean if cell is not None else None


def build(answers: Answers, *, previous: Answers | None = None, seed: Hashable = "") -> Report:
    cells = anonymity.rating_cells(answers.ratings, threshold=answers.threshold)
    competencies: dict[Hashable, list[Item]] = {}
    for item in answers.items:
        competencies.setdefault(item.competency, []).append(item)
    before = _others_by_competency(previous) if previous is not None else {}

    rows: list[CompetencyRow] = []
    group_competencies: dict[str, dict[Hashable, float | None]] = {g: {} for g in cells.cells}
    item_means: list[tuple[Item, float]] = []
    limit = gap_limit(answers.points)
    for competency, items in competencies.items():
        behaviours = []
        for item in items:
            own = cells.cells.get(SELF, {}).get(item.key)
            others = _mean(_others(cells, item.key))
            behaviours.append((item, _mean(own), others))
            if others is not None:
                item_means.append((item, others))
        for group, group_cells in cells.cells.items():
            group_competencies[group][competency] = anonymity.rolled_up(
                _mean(group_cells.get(item.key)) for item in items
            )
        counts = [c.count for item in items if (c := _others(cells, item.key)) is not None]
        row = CompetencyRow(
            competency=competency,
            self=anonymity.rolled_up(b[1] for b in behaviours),
            others=anonymity.rolled_up(b[2] for b in behaviours),
            others_count=min(counts) if counts else 0,
            by_group={g: group_competencies[g][competency] for g in cells.cells if g != SELF},
            behaviours=behaviours,
        )
        if row.gap is not None and abs(row.gap) > limit:
            row.flag = "blind_spot" if row.gap < 0 else "hidden_strength"
        earlier = before.get(competency)
        if earlier is not None and row.others is not None:
            row.previous = earlier[0]
            row.change = round(row.others - earlier[0], 1)
            row.band = noise_band(earlier[1], row.others_count, points=answers.points)
        rows.append(row)

    ranked = sorted(item_means, key=lambda pair: (-pair[1], str(pair[0].label)))
    top = ranked[:3]
    bottom = [pair for pair in reversed(ranked[-3:]) if pair not in top]
    return Report(
        groups=dict(cells.responses),
        hidden_groups=cells.hidden,
        competencies=rows,
        group_competencies=group_competencies,
        highest=top,
        lowest=bottom,
        comments=[
            anonymity.shown_comments(
                ((group, texts[n] if n < len(texts) else "") for group, texts in answers.comments),
                shown_groups=cells.cells,
                seed=f"{seed}:{n}",
            )
            for n in range(answers.questions)
        ],
        points=answers.points,
    )


def _others_by_competency(answers: Answers) -> dict[Hashable, tuple[float, int]]:
    """The previous cycle's "others" per competency and the ratings behind it, from what
    that cycle's report showed."""
    report = build(answers)
    return {
        row.competency: (row.others, row.others_count)
        for row in report.competencies
        if row.others is not None
    }


@dataclass
class CohortView:
    """The director's view of a cycle: per competency, the cohort's mean of self and of
    others over at least ``anonymity.PEOPLE_THRESHOLD`` people, else withheld."""

    people: int
    self: dict[Hashable, tuple[float | None, int]]
    others: dict[Hashable, tuple[float | None, int]]

    @property
    def shown(self) -> bool:
        return self.people >= anonymity.PEOPLE_THRESHOLD


def cohort(reports: Sequence[Report]) -> CohortView:
    """From each person's report (so from what each report shows, nothing more)."""
    people = len(reports)
    if people < anonymity.PEOPLE_THRESHOLD:
        return CohortView(people, {}, {})
    return CohortView(
        people,
        anonymity.cohort_means(
            {row.competency: row.self for row in r.competencies} for r in reports
        ),
        anonymity.cohort_means(
            {row.competency: row.others for row in r.competencies} for r in reports
        ),
    )
