"""Properties of the score calibration (salon/innovation/calibration.py), for any scores."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from salon.innovation.calibration import Scored, calibrate, weighted_total

EVALUATORS = ["ana", "ben", "chen", "dara"]
IDEAS = list(range(8))

scores = st.dictionaries(
    st.tuples(st.sampled_from(EVALUATORS), st.sampled_from(IDEAS)),
    st.integers(min_value=0, max_value=100).map(lambda n: n / 20),  # 0 to 5 in 0.05 steps
    min_size=1,
    max_size=32,
)


def _scored(table: Mapping[tuple[str, Any], float]) -> list[Scored]:
    return [Scored(evaluator=e, idea=i, score=s) for (e, i), s in table.items()]


@given(scores)
def test_both_rankings_list_every_scored_idea_once(table: dict[tuple[str, int], float]) -> None:
    result = calibrate(_scored(table))
    ideas = {i for _e, i in table}
    assert sorted(r.idea for r in result.raw_ranking) == sorted(ideas)
    assert sorted(r.idea for r in result.normalised_ranking) == sorted(ideas)
    raw = [r.raw for r in result.raw_ranking]
    assert raw == sorted(raw, reverse=True)


@given(scores)
def test_leniencies_balance_out_over_all_scores(table: dict[tuple[str, int], float]) -> None:
    # Every score's distance from its idea's mean sums to zero over an idea, so the
    # leniencies weighted by how many ideas each evaluator scored sum to zero too.
    result = calibrate(_scored(table))
    assert math.isclose(sum(e.leniency * e.scored for e in result.evaluators), 0, abs_tol=1e-6)


@given(
    scores,
    st.sampled_from(EVALUATORS),
    st.integers(-3, 3),
    st.sampled_from([0.5, 1.0, 2.0, 3.0]),
)
def test_shifting_or_stretching_one_evaluator_leaves_the_normalised_scores(
    table: dict[tuple[str, int], float], who: str, shift: int, stretch: float
) -> None:
    before = {r.idea: r.normalised for r in calibrate(_scored(table)).normalised_ranking}
    changed = {(e, i): s * stretch + shift if e == who else s for (e, i), s in table.items()}
    after = {r.idea: r.normalised for r in calibrate(_scored(changed)).normalised_ranking}
    assert before.keys() == after.keys()
    for idea, value in before.items():
        assert math.isclose(value, after[idea], abs_tol=1e-6)


@given(scores, st.sampled_from(EVALUATORS), st.integers(1, 3))
def test_an_evaluator_who_scores_everything_higher_is_more_lenient(
    table: dict[tuple[str, int], float], who: str, raise_by: int
) -> None:
    if not any(e == who for e, _i in table):
        return
    lenient_before = {e.evaluator: e.leniency for e in calibrate(_scored(table)).evaluators}
    raised = {(e, i): s + raise_by if e == who else s for (e, i), s in table.items()}
    lenient_after = {e.evaluator: e.leniency for e in calibrate(_scored(raised)).evaluators}
    assert lenient_after[who] >= lenient_before[who] - 1e-9
    shares_an_idea = any(e != who and (who, i) in table for (e, i) in table)
    if shares_an_idea:
        assert lenient_after[who] > lenient_before[who]


def test_a_harsh_and_a_lenient_expert_agree_once_normalised() -> None:
    # Ana scores 4–5, Ben 1–2, in the same order; the raw ranking follows whoever met each
    # idea, the normalised one their shared judgement.
    table = {
        ("ana", "A"): 5.0,
        ("ana", "B"): 4.0,
        ("ben", "B"): 2.0,
        ("ben", "C"): 1.0,
        ("ana", "C"): 4.5,
        ("ben", "A"): 2.0,
    }
    result = calibrate(_scored(table))
    assert [e.evaluator for e in result.evaluators] == ["ana", "ben"]
    assert result.evaluators[0].leniency > 0 > result.evaluators[1].leniency
    assert result.normalised_ranking[0].idea == "A"


def test_a_scorecard_total_is_the_weighted_mean_of_what_was_scored() -> None:
    weights = {"value": 50, "feasibility": 30, "fit": 20}
    assert weighted_total({"value": 5, "feasibility": 3, "fit": 1}, weights) == 3.6
    assert weighted_total({"value": 4}, weights) == 4
    assert weighted_total({}, weights) == 0
