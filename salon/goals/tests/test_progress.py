"""Progress arithmetic and charts, on plain values."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from salon.goals.progress import (
    histogram,
    key_result_progress,
    mean_progress,
    on_time_streak,
    progress_chart,
)

amounts = st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False)


@given(baseline=amounts, target=amounts, current=amounts)
def test_progress_stays_between_0_and_1(
    baseline: Decimal, target: Decimal, current: Decimal
) -> None:
    value = key_result_progress(kind="number", baseline=baseline, target=target, current=current)
    assert 0.0 <= value <= 1.0


def test_progress_runs_from_baseline_to_target_either_way() -> None:
    def up(current: int) -> float:
        return key_result_progress(
            kind="number", baseline=Decimal(10), target=Decimal(30), current=Decimal(current)
        )

    def down(current: int) -> float:
        return key_result_progress(
            kind="currency", baseline=Decimal(10), target=Decimal(6), current=Decimal(current)
        )

    assert up(20) == 0.5
    assert up(40) == 1.0
    assert up(5) == 0.0
    assert down(8) == 0.5
    done = key_result_progress(
        kind="done", baseline=Decimal(0), target=Decimal(1), current=Decimal(1)
    )
    assert done == 1.0


def test_an_objective_without_key_results_has_no_progress() -> None:
    assert mean_progress([]) is None
    assert mean_progress([0.0, 1.0, 0.5]) == 0.5


@given(st.lists(st.tuples(st.dates(), st.integers(0, 100)), max_size=40))
def test_the_chart_keeps_every_point_inside_its_box(samples: list[tuple[date, int]]) -> None:
    chart = progress_chart(samples)
    assert len(chart.dots) == len(samples)
    for dot in chart.dots:
        assert 0 <= float(str(dot["x"])) <= chart.width
        assert 0 <= float(str(dot["y"])) <= chart.height


def test_the_chart_puts_0_percent_at_the_bottom_and_time_left_to_right() -> None:
    start = date(2026, 1, 1)
    chart = progress_chart([(start + timedelta(days=14), 100), (start, 0)], width=100, height=50)
    assert chart.points == "8.0,42.0 92.0,8.0"
    assert (chart.first, chart.last) == (start, start + timedelta(days=14))


def test_the_histogram_counts_goals_per_fifth_of_progress() -> None:
    bars = histogram({0: 2, 19: 1, 20: 1, 100: 4})
    assert [bar["count"] for bar in bars] == [3, 1, 0, 0, 4]
    assert bars[4]["height"] == 110
    assert bars[2]["height"] == 0


def test_the_streak_counts_check_ins_on_time_back_from_the_latest() -> None:
    day = date(2026, 3, 1)
    on_time = [day, day + timedelta(days=7), day + timedelta(days=15), day + timedelta(days=40)]
    assert on_time_streak(on_time, cadence_days=7) == 1
    assert on_time_streak(on_time[:3], cadence_days=7) == 3
    assert on_time_streak([], cadence_days=7) == 0
