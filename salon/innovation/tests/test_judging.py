"""The judging engine: conflicts found, judges assigned without a conflict and with
balanced loads, and a ranking that no judge's generosity can tilt."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from salon.innovation.judging import assign, conflicts_of, rank


def test_conflicts_are_membership_declarations_and_shared_circles() -> None:
    members = {1: {10, 11}, 2: {12, 13}, 3: {14}, 4: {15}}
    circles = {13: {7}, 14: {8}, 99: {8}}
    found = conflicts_of(
        judge=10, declared={15}, judge_circles={8}, members=members, circles=circles
    )
    assert found == {1, 3, 4}


teams_st = st.lists(st.integers(1, 40), unique=True, max_size=15)
judges_st = st.lists(st.integers(100, 130), unique=True, min_size=1, max_size=8)


@given(
    teams=teams_st,
    judges=judges_st,
    per_team=st.integers(1, 4),
    data=st.data(),
)
def test_no_judge_gets_a_team_they_have_a_conflict_with(
    teams: list[int], judges: list[int], per_team: int, data: st.DataObject
) -> None:
    conflicts = {
        j: set(data.draw(st.lists(st.sampled_from(teams), max_size=5))) if teams else set()
        for j in judges
    }
    plan = assign(judges=judges, teams=teams, conflicts=conflicts, per_team=per_team)
    for judge, given_teams in plan.items():
        assert not set(given_teams) & conflicts[judge]
    for team in teams:
        eligible = [j for j in judges if team not in conflicts[j]]
        got = [j for j, ts in plan.items() if team in ts]
        assert len(got) == min(per_team, len(eligible))


@given(teams=teams_st, judges=judges_st, per_team=st.integers(1, 4))
def test_without_conflicts_loads_differ_by_one_at_most(
    teams: list[int], judges: list[int], per_team: int
) -> None:
    plan = assign(judges=judges, teams=teams, conflicts={}, per_team=per_team)
    loads = [len(ts) for ts in plan.values()]
    assert max(loads) - min(loads) <= 1
    assert sum(loads) == len(teams) * min(per_team, len(judges))


@given(
    scores=st.dictionaries(
        st.tuples(st.integers(1, 4), st.integers(10, 16)),
        st.integers(1, 5),
        min_size=2,
        max_size=28,
    ),
    judge=st.integers(1, 4),
    shift=st.integers(-2, 2),
    stretch=st.sampled_from([0.5, 2.0, 3.0]),
)
def test_a_judge_shifting_or_stretching_their_scores_changes_no_standing(
    scores: dict[tuple[int, int], int], judge: int, shift: int, stretch: float
) -> None:
    before = rank((j, t, float(s)) for (j, t), s in scores.items())
    after = rank(
        (j, t, s * stretch + shift if j == judge else float(s)) for (j, t), s in scores.items()
    )
    normalised = {s.team: round(s.normalised, 6) for s in before.standings}
    assert {s.team: round(s.normalised, 6) for s in after.standings} == normalised


def test_a_harsh_judge_counts_as_much_as_a_generous_one() -> None:
    # The generous judge barely separates the teams (5, 4.8, 4.6); the harsh one ranks them
    # B, C, A (1, 3, 2). On plain averages C beats A; once each judge is on one scale, A's
    # top mark from one judge weighs as much as C's middle one from the other.
    a, b, c = 1, 2, 3
    ranking = rank([(1, a, 5.0), (1, b, 4.8), (1, c, 4.6), (2, a, 1.0), (2, b, 3.0), (2, c, 2.0)])
    assert [s.team for s in ranking.standings] == [b, a, c]
    assert ranking.raw_order == [b, c, a]
    assert [round(s.raw, 2) for s in ranking.standings] == [3.9, 3.0, 3.3]
    assert {j.judge for j in ranking.judges} == {1, 2}
