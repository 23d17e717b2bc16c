"""The anonymity threshold, against brute force: nothing withheld can be worked out."""

from __future__ import annotations

from itertools import product

from hypothesis import given
from hypothesis import strategies as st

from salon.core.anonymity import THRESHOLD, shown_count, shown_mean, suppress

tables = st.dictionaries(st.sampled_from("abcdef"), st.integers(0, 9), min_size=1, max_size=5)
thresholds = st.integers(2, 5)


def _possible_values(shown: dict[str, int | None], total: int) -> dict[str, set[int]]:
    """Everything an onlooker could believe of each withheld cell, knowing the shown cells
    and the total, and that a zero would have been shown."""
    hidden = [k for k, v in shown.items() if v is None]
    rest = total - sum(v for v in shown.values() if v is not None)
    possible: dict[str, set[int]] = {k: set() for k in hidden}
    for guess in product(range(1, rest + 1), repeat=len(hidden)):
        if sum(guess) == rest:
            for k, value in zip(hidden, guess, strict=True):
                possible[k].add(value)
    return possible


@given(tables, thresholds)
def test_no_withheld_count_can_be_worked_out_by_subtraction(
    cells: dict[str, int], threshold: int
) -> None:
    result = suppress(cells, threshold=threshold)

    for k, n in cells.items():
        if 0 < n < threshold:
            assert result.cells[k] is None, "a count of one or two is never shown"
        if result.cells[k] is not None:
            assert result.cells[k] == n, "what is shown is true"
    if result.total is not None:
        assert result.total == sum(cells.values())
        for k, values in _possible_values(result.cells, result.total).items():
            assert cells[k] in values
            assert len(values) >= 2, f"{k} is pinned to {values}"
            assert max(values) >= threshold, f"{k} is known to be small: {values}"


@given(tables, thresholds)
def test_a_table_without_small_counts_is_shown_whole(cells: dict[str, int], threshold: int) -> None:
    cells = {k: (0 if n < threshold else n) for k, n in cells.items()}

    result = suppress(cells, threshold=threshold)

    assert result.cells == cells
    assert result.total == sum(cells.values())
    assert not result.withheld


@given(tables)
def test_without_a_total_only_the_small_counts_are_withheld(cells: dict[str, int]) -> None:
    result = suppress(cells, total_shown=False)

    assert result.total is None
    assert {k for k, v in result.cells.items() if v is None} == {
        k for k, n in cells.items() if 0 < n < THRESHOLD
    }


def test_a_total_and_a_breakdown_do_not_give_away_the_one_small_group() -> None:
    # 10 in all, 2 in Finance: showing 8 for Sales would tell everyone Finance has 2.
    result = suppress({"sales": 5, "ops": 3, "finance": 2})

    assert result.cells == {"sales": 5, "ops": None, "finance": None}
    assert result.total == 10


def test_two_people_alone_are_not_shown_even_as_a_total() -> None:
    result = suppress({"yes": 1, "no": 1})

    assert result.cells == {"yes": None, "no": None}
    assert result.total is None


@given(st.lists(st.integers(1, 5), max_size=8))
def test_a_mean_needs_three_values(values: list[int]) -> None:
    shown = shown_mean(values)

    assert (shown is None) == (len(values) < THRESHOLD)
    if shown is not None:
        assert min(values) <= shown <= max(values)


def test_counts_of_one_or_two_are_withheld_but_zero_is_shown() -> None:
    assert [shown_count(n) for n in range(5)] == [0, None, None, 3, 4]
