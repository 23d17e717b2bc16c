"""The network map's reading of ties, against hand-worked networks and properties that hold
for any network: every member is one dot of one kind, no bubble is about fewer than five
people, and the ties across add up."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from salon.network import graph

# Ten people in Europe (1–10), six in Asia-Pacific (11–16), two in the Americas (17, 18)
# and three in Middle East & Africa (19–21): the last five are pooled as "other".
REGION = {
    **dict.fromkeys(range(1, 11), "emea"),
    **dict.fromkeys(range(11, 17), "apac"),
    17: "americas",
    18: "americas",
    19: "mea",
    20: "mea",
    21: "mea",
}


def test_a_hand_worked_network_reads_as_worked() -> None:
    pairs = [(1, 2), (2, 3), (3, 11), (11, 12), (17, 19), (1, 17)]

    drawing = graph.draw(REGION, pairs)

    by_region = {b.region: b for b in drawing.bubbles}
    assert set(by_region) == {"emea", "apac", "other"}
    emea, apac, other = by_region["emea"], by_region["apac"], by_region["other"]
    # Europe: 1 and 3 have a tie abroad; 2's stay inside; 4–10 have none.
    assert (emea.members, emea.across, emea.inside, emea.without) == (10, 2, 1, 7)
    assert (apac.members, apac.across, apac.inside, apac.without) == (6, 1, 1, 4)
    # 17 (Americas) and 19 (Middle East) are tied across regions, though both are "other".
    assert (other.members, other.across, other.inside, other.without) == (5, 2, 0, 3)
    assert (emea.ties_inside, apac.ties_inside, other.ties_inside) == (2, 1, 1)
    assert {(line.a, line.b, line.ties) for line in drawing.lines} == {
        ("apac", "emea", 1),
        ("emea", "other", 1),
    }
    assert (drawing.people, drawing.ties, drawing.ties_across) == (21, 6, 2)
    assert emea.ei == round((1 + 1 - 2) / 4, 2)  # two ties out, two in: 0.0
    assert graph.inward(REGION, pairs) == [
        *(2, 4, 5, 6, 7, 8, 9, 10),
        *(12, 13, 14, 15, 16),
        *(18, 20, 21),
    ]


def test_people_too_few_even_to_pool_are_left_out_of_the_picture() -> None:
    region = {**dict.fromkeys(range(1, 8), "emea"), 8: "apac", 9: "americas"}

    drawing = graph.draw(region, [(1, 8), (8, 9)])

    assert [b.region for b in drawing.bubbles] == ["emea"]
    assert (drawing.people, drawing.ties, drawing.lines) == (7, 0, [])
    # What the left-out people did changes nothing shown: 1's tie with 8 is not drawn.
    assert (drawing.bubbles[0].without, drawing.bubbles[0].across) == (7, 0)


def test_the_bridge_between_two_groups_comes_first() -> None:
    # Two triangles joined through 7: every path from one to the other runs through it.
    pairs = [(1, 2), (2, 3), (1, 3), (3, 7), (7, 4), (4, 5), (5, 6), (4, 6)]

    ranked = graph.bridges(range(1, 8), pairs, top=3)

    assert [person for person, _ in ranked] == [7, 3, 4]
    assert ranked[0][1] > ranked[1][1]
    assert graph.bridges([1, 2, 3], []) == []


def test_a_large_network_is_sampled_the_same_way_twice() -> None:
    people = range(1, 601)
    pairs = [(p, p + 1) for p in range(1, 600)]

    first = graph.bridges(people, pairs, samples=100)

    assert first == graph.bridges(people, pairs, samples=100)
    assert len(first) == 5


people_regions = st.dictionaries(
    st.integers(1, 60), st.sampled_from(["emea", "apac", "americas", "mea", ""]), max_size=60
)


@given(people_regions, st.lists(st.tuples(st.integers(1, 60), st.integers(1, 60)), max_size=150))
def test_every_shown_member_is_one_dot_and_no_bubble_is_about_few(
    region: dict[int, str], pairs: list[tuple[int, int]]
) -> None:
    drawing = graph.draw(region, pairs)

    assert sum(b.members for b in drawing.bubbles) == drawing.people
    for bubble in drawing.bubbles:
        assert bubble.members >= 5
        assert bubble.across + bubble.inside + bubble.without == bubble.members
        assert len(bubble.dots) == min(bubble.members, graph.MAX_DOTS)
    assert sum(line.ties for line in drawing.lines) == drawing.ties_across
    assert sum(b.ties_across for b in drawing.bubbles) == 2 * drawing.ties_across
    assert drawing.ties == drawing.ties_across + sum(b.ties_inside for b in drawing.bubbles)
    for person in graph.inward(region, pairs):
        assert region[person]
