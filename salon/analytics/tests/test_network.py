"""The network measures against plain definitions, on random interactions (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from salon.analytics import network

START, END = date(2026, 6, 1), date(2026, 6, 30)
people = st.integers(1, 12)
days = st.integers(-40, 40).map(lambda d: END - timedelta(days=d))
interactions = st.lists(st.tuples(people, people, days), max_size=40)


@given(interactions)
def test_a_tie_is_a_pair_that_interacted_in_the_period(rows: list[tuple[int, int, date]]) -> None:
    found = network.ties(rows, start=START, end=END)

    expected = {(min(a, b), max(a, b)) for a, b, day in rows if a != b and START <= day <= END}
    assert found == expected


@given(interactions)
def test_a_new_tie_is_one_whose_first_interaction_is_in_the_period(
    rows: list[tuple[int, int, date]],
) -> None:
    found = network.new_ties(rows, start=START, end=END)

    for pair in network.ties(rows, start=START, end=END):
        earlier = any({a, b} == set(pair) and day < START for a, b, day in rows)
        assert (pair in found) == (not earlier)
    assert found <= network.ties(rows, start=START, end=END)


@given(interactions, st.dictionaries(people, st.sampled_from(["emea", "apac", "americas"])))
def test_the_e_i_index_counts_ties_outside_against_inside(
    rows: list[tuple[int, int, date]], region: dict[int, str]
) -> None:
    pairs = network.ties(rows, start=START, end=END)

    index = network.ei_index(pairs, region)

    for group, value in index.items():
        inside = sum(1 for a, b in pairs if region.get(a) == region.get(b) == group)
        outside = sum(
            1
            for a, b in pairs
            if a in region
            and b in region
            and region[a] != region[b]
            and group in (region[a], region[b])
        )
        assert value == round((outside - inside) / (outside + inside), 2)
        assert -1 <= value <= 1


@given(st.sets(people, min_size=1), interactions)
def test_the_shape_of_the_network_against_a_plain_search(
    nodes: set[int], rows: list[tuple[int, int, date]]
) -> None:
    pairs = {p for p in network.ties(rows, start=START, end=END) if set(p) <= nodes}

    found = network.shape(nodes, pairs)

    # Components by repeatedly merging the groups a tie joins.
    groups = [{n} for n in nodes]
    for a, b in pairs:
        ga = next(g for g in groups if a in g)
        gb = next(g for g in groups if b in g)
        if ga is not gb:
            groups.remove(gb)
            ga |= gb
    assert found.people == len(nodes)
    assert found.ties == len(pairs)
    assert found.components == len(groups)
    assert found.largest == max(len(g) for g in groups)
    assert found.isolated == sum(1 for n in nodes if not any(n in p for p in pairs))


def test_a_tie_within_one_region_or_with_someone_without_one_does_not_cross() -> None:
    region = {1: "emea", 2: "emea", 3: "apac", 4: ""}

    assert not network.crosses((1, 2), region)
    assert network.crosses((1, 3), region)
    assert not network.crosses((1, 4), region)
