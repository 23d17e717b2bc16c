"""The 360° report and the director's view against any set of answers: a group below its
threshold is never shown, and nothing shown depends on what is withheld — so no figure, and
no subtraction between figures (in one report, across two cycles, or across the cohort),
can bring back a hidden group's mean or one rater's answer."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from salon.core import anonymity
from salon.feedback.report import Answers, Item, Report, build, cohort

ITEMS = (
    Item("a", "lead", "Sets direction"),
    Item("b", "lead", "Explains why"),
    Item("c", "coach", "Asks"),
)
GROUPS = ("self", "manager", "peers", "direct_reports", "mentor", "others")
POINTS = 5

ratings = st.one_of(st.none(), st.integers(1, POINTS))
one_answer = st.fixed_dictionaries({item.key: ratings for item in ITEMS})


@st.composite
def cycles(draw: Any) -> Answers:
    threshold = draw(st.integers(anonymity.THRESHOLD, anonymity.THRESHOLD + 1))
    answers = []
    for group in GROUPS:
        limit = 1 if group in ("self", "manager") else threshold + 2
        for scores in draw(st.lists(one_answer, max_size=limit)):
            answers.append((group, scores))
    comments = [(group, [f"{group} said {n}"]) for n, (group, _s) in enumerate(answers)]
    return Answers(ITEMS, POINTS, threshold, answers, comments, questions=1)


def _withheld(answers: Answers) -> tuple[set[str], set[tuple[str, Hashable]]]:
    """The groups below their threshold, and within shown groups the items too few rated."""
    by_group: dict[str, list[Mapping[Hashable, float | None]]] = {}
    for group, scores in answers.ratings:
        by_group.setdefault(group, []).append(scores)
    hidden, cells = set(), set()
    for group, rows in by_group.items():
        needed = anonymity.group_threshold(group, threshold=answers.threshold)
        if len(rows) < needed:
            hidden.add(group)
            continue
        for item in ITEMS:
            if 0 < sum(row[item.key] is not None for row in rows) < needed:
                cells.add((group, item.key))
    return hidden, cells


def _perturbed(answers: Answers, data: Any) -> Answers:
    """The same answers, except whatever is withheld, which is changed at will (keeping it
    withheld: the same number of answers, the same items rated)."""
    hidden, cells = _withheld(answers)
    new_ratings = []
    new_comments = []
    for (group, scores), (_g, texts) in zip(answers.ratings, answers.comments, strict=True):
        if group in hidden:
            scores = {
                k: (None if v is None else data.draw(st.integers(1, POINTS)))
                for k, v in scores.items()
            }
            texts = [data.draw(st.sampled_from(["", "something else", "anything"]))]
        else:
            scores = {
                k: (
                    data.draw(st.integers(1, POINTS))
                    if v is not None and (group, k) in cells
                    else v
                )
                for k, v in scores.items()
            }
        new_ratings.append((group, scores))
        new_comments.append((group, texts))
    return replace(answers, ratings=new_ratings, comments=new_comments)


def _shown(report: Report) -> Any:
    return (
        report.groups,
        report.hidden_groups,
        [
            (
                r.competency,
                r.self,
                r.others,
                r.others_count,
                r.by_group,
                r.flag,
                r.previous,
                r.change,
                r.band,
                r.behaviours,
            )
            for r in report.competencies
        ],
        report.group_competencies,
        report.highest,
        report.lowest,
        report.comments,
    )


@settings(max_examples=1000, deadline=None)
@given(cycles())
def test_a_group_below_its_threshold_is_never_shown(answers: Answers) -> None:
    report = build(answers)

    counts: dict[str, int] = {}
    for group, _scores in answers.ratings:
        counts[group] = counts.get(group, 0) + 1
    for group, n in report.groups.items():
        assert n == counts[group]
        assert n >= anonymity.group_threshold(group, threshold=answers.threshold)
    for group in report.hidden_groups:
        assert 0 < counts[group] < answers.threshold
        assert group not in ("self", "manager")
        assert group not in report.group_competencies
        assert all(group not in row.by_group for row in report.competencies)
    assert set(report.groups) | set(report.hidden_groups) == set(counts)


@settings(max_examples=1000, deadline=None)
@given(cycles(), st.data())
def test_nothing_shown_changes_when_what_is_withheld_changes(answers: Answers, data: Any) -> None:
    # If no shown figure depends on the withheld answers, no sum or difference of shown
    # figures can recover them.
    assert _shown(build(answers, seed=1)) == _shown(build(_perturbed(answers, data), seed=1))


@settings(max_examples=1000, deadline=None)
@given(cycles())
def test_all_others_is_made_of_shown_groups_only(answers: Answers) -> None:
    # "All others" minus every shown group leaves nothing: no hidden group, and no single
    # rater except a manager, who is shown by name anyway.
    cells = anonymity.rating_cells(answers.ratings, threshold=answers.threshold)
    for item in ITEMS:
        parts = [c[item.key] for g, c in cells.cells.items() if g != "self" and item.key in c]
        total = anonymity.pooled(parts)
        if total is None:
            continue
        assert total.count == sum(p.count for p in parts)
        for group, group_cells in cells.cells.items():
            if item.key in group_cells and group not in anonymity.NAMED_GROUPS:
                assert group_cells[item.key].count >= answers.threshold


@settings(max_examples=1000, deadline=None)
@given(cycles(), cycles(), st.data())
def test_the_change_since_last_cycle_reveals_nothing_withheld_in_either(
    before: Answers, now: Answers, data: Any
) -> None:
    report = build(now, previous=before, seed=1)
    again = build(_perturbed(now, data), previous=_perturbed(before, data), seed=1)

    assert _shown(report) == _shown(again)
    for row in report.competencies:
        if row.change is not None:
            assert row.band is not None
            assert row.band > 0


@settings(max_examples=1000, deadline=None)
@given(st.lists(cycles(), min_size=0, max_size=7), st.data())
def test_the_directors_view_shows_five_people_or_more_and_nothing_withheld(
    people: list[Answers], data: Any
) -> None:
    view = cohort([build(p) for p in people])
    again = cohort([build(_perturbed(p, data)) for p in people])

    assert (view.people, view.self, view.others) == (again.people, again.self, again.others)
    if len(people) < anonymity.PEOPLE_THRESHOLD:
        assert not view.shown
        assert not view.self
        assert not view.others
    for figures in (view.self, view.others):
        for value, n in figures.values():
            assert value is None or n >= anonymity.PEOPLE_THRESHOLD


@settings(max_examples=1000, deadline=None)
@given(st.lists(cycles(), min_size=5, max_size=7), st.integers(1, POINTS))
def test_one_persons_figure_behind_a_withheld_cohort_cell_changes_nothing(
    people: list[Answers], value: int
) -> None:
    # A cohort cell with fewer than five people is withheld: giving any one of them a
    # different figure leaves the whole view as it was.
    reports = [build(p) for p in people]
    view = cohort(reports)
    for competency, (shown, _n) in view.others.items():
        if shown is not None:
            continue
        for report in reports:
            for row in report.competencies:
                if row.competency == competency and row.others is not None:
                    row.others = float(value)
        assert cohort(reports).others == view.others
