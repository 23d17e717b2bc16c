"""Choosing two reviewers for an assignment: never the author or someone blocked, the
least loaded first, then people from another region or circle (pure; hypothesis checks
the rules on any cohort, and a whole round spreads the work evenly)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from salon.programmes.reviewing import Person, choose_reviewers, likeness

REGIONS = ["emea", "americas", "apac", ""]

people = st.builds(
    Person,
    id=st.integers(1, 40),
    region=st.sampled_from(REGIONS),
    circles=st.frozensets(st.integers(1, 4), max_size=2),
)
cohorts = st.lists(people, min_size=0, max_size=15, unique_by=lambda p: p.id)


def _rank(author: Person, p: Person, load: dict[int, int]) -> tuple[int, int]:
    return (load.get(p.id, 0), likeness(author, p))


@given(
    cohort=cohorts,
    load=st.dictionaries(st.integers(1, 40), st.integers(0, 5)),
    blocked=st.frozensets(st.integers(1, 40)),
    data=st.data(),
)
def test_reviewers_are_two_others_never_blocked_and_the_fairest_choice(
    cohort: list[Person], load: dict[int, int], blocked: frozenset[int], data: st.DataObject
) -> None:
    author = data.draw(st.sampled_from(cohort)) if cohort else Person(id=99)

    chosen = choose_reviewers(author=author, cohort=cohort, load=load, blocked=blocked)

    eligible = [p for p in cohort if p.id != author.id and p.id not in blocked]
    assert len(chosen) == min(2, len(eligible))
    assert len(set(chosen)) == len(chosen)
    assert author.id not in chosen
    assert not set(chosen) & blocked
    # Nobody left out was a fairer choice: less loaded, or as loaded and less like the author.
    by_id = {p.id: p for p in cohort}
    worst_chosen = max((_rank(author, by_id[c], load) for c in chosen), default=None)
    for p in eligible:
        if p.id not in chosen and worst_chosen is not None:
            assert _rank(author, p, load) >= worst_chosen


@given(size=st.integers(3, 25), regions=st.lists(st.sampled_from(REGIONS), min_size=25))
def test_a_whole_cohort_handing_in_spreads_the_reviews_evenly(
    size: int, regions: list[str]
) -> None:
    cohort = [Person(id=i + 1, region=regions[i]) for i in range(size)]
    load: dict[int, int] = {}

    waiting = {p.id for p in cohort}

    for author in cohort:
        waiting.discard(author.id)
        chosen = choose_reviewers(
            author=author, cohort=cohort, load=load, waiting=frozenset(waiting)
        )
        for reviewer in chosen:
            load[reviewer] = load.get(reviewer, 0) + 1

    counts = [load.get(p.id, 0) for p in cohort]
    assert sum(counts) == 2 * size
    assert max(counts) - min(counts) <= 1


def test_among_the_equally_loaded_someone_from_another_region_and_circle_comes_first() -> None:
    author = Person(id=1, region="emea", circles=frozenset({7}))
    same_everything = Person(id=2, region="emea", circles=frozenset({7}))
    same_region = Person(id=3, region="emea")
    elsewhere = Person(id=4, region="apac", circles=frozenset({8}))

    chosen = choose_reviewers(
        author=author, cohort=[author, same_everything, same_region, elsewhere], load={}
    )

    assert chosen == [4, 3]
