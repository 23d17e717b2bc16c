"""No figure lets anyone work out what fewer than five people did: checked on random
communities (regions, overlapping circles, activity, ties, questions) with hypothesis.

1. The people behind any two shown figures differ by nobody or by five people or more,
   so subtracting one figure from another (a region's total minus its circles) never
   narrows down to one, two, three or four people.
2. Whatever a person left out of the figures did, every figure stays the same.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from salon.analytics import measures
from salon.analytics.facts import Facts, GoalFact, Interaction, Period, Person, Question
from salon.core import anonymity

END = date(2026, 6, 30)
PERIOD = Period(date(2026, 4, 1), END)
REGIONS = ["emea", "apac", "americas", ""]
ALL = [m for ms in (*measures.ENGAGEMENT.values(), *measures.BENEFITS.values()) for m in ms]


@st.composite
def communities(draw: st.DrawFn) -> Facts:
    # A few groups of people who share a region and circles (big enough to show, or
    # not), and one to four others anywhere: the cases where someone is left out.
    signatures = st.tuples(
        st.sampled_from(REGIONS),
        st.frozensets(st.sampled_from([101, 102, 103]), max_size=2),
    )
    shared = draw(st.lists(st.tuples(signatures, st.integers(1, 8)), min_size=1, max_size=4))
    loose = draw(st.lists(signatures, max_size=4))
    drawn = [sig for sig, n in shared for _ in range(n)] + loose
    people = {
        p: Person(p, region, circles, END - timedelta(days=draw(st.integers(0, 200))))
        for p, (region, circles) in enumerate(drawn, start=1)
    }
    ids = st.sampled_from(sorted(people))
    days = st.integers(0, 120).map(lambda d: END - timedelta(days=d))
    active = draw(st.dictionaries(ids, st.sets(days, max_size=4)))
    interactions = draw(
        st.lists(
            st.builds(Interaction, ids, ids, days, st.just("forum")),
            max_size=30,
        )
    )
    questions = [
        Question(
            asker,
            datetime.combine(day, datetime.min.time(), tzinfo=UTC),
            (
                (
                    replier,
                    datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=h),
                ),
            ),
        )
        for asker, replier, day, h in draw(
            st.lists(st.tuples(ids, ids, days, st.integers(1, 48)), max_size=40)
        )
    ]
    goals = [
        GoalFact(owner, "active", END - timedelta(days=90), check, None)
        for owner, check in draw(st.lists(st.tuples(ids, st.none() | days), max_size=15))
    ]
    counts = st.dictionaries(ids, st.integers(0, 3))
    return Facts(
        period=PERIOD,
        people=people,
        active_days=active,
        posted=draw(st.sets(ids)),
        read=draw(st.sets(ids)),
        questions=questions,
        going=draw(counts),
        attended_of_going={},
        goals=goals,
        sessions=draw(counts),
        steps=draw(counts),
        interactions=interactions,
    )


def _groups(facts: Facts) -> list[frozenset[int] | None]:
    regions = {p.region for p in facts.people.values() if p.region}
    circles = {c for p in facts.people.values() for c in p.circles}
    return [
        None,
        *(frozenset(p.id for p in facts.people.values() if p.region == r) for r in regions),
        *(frozenset(p.id for p in facts.people.values() if c in p.circles) for c in circles),
    ]


def _figures(facts: Facts) -> list[object]:
    units = measures.counted_units(facts)
    figures: list[object] = [
        m.compute(facts, units, group) for group in _groups(facts) for m in ALL
    ]
    figures.append(measures.retention(facts, units))
    figures.append(measures.weekly_trend(facts, units, None))
    figures.append(measures.ei_by_region(facts, units))
    figures.append(measures.network_shape(facts, units))
    return figures


@settings(max_examples=150)
@given(communities())
def test_two_groups_never_differ_by_fewer_than_five_people(facts: Facts) -> None:
    units = measures.counted_units(facts)
    populations = [set(units), set(facts.posted)]
    for population in populations:
        shown = anonymity.among(units, population)
        sets = [anonymity.in_group(shown, g) for g in _groups(facts)]
        for a, b in combinations(sets, 2):
            for difference in (a - b, b - a):
                assert len(difference) == 0 or len(difference) >= anonymity.PEOPLE_THRESHOLD
        for s in sets:
            assert len(s) == 0 or len(s) >= anonymity.PEOPLE_THRESHOLD


@settings(max_examples=150)
@given(communities(), st.data())
def test_what_a_left_out_person_did_changes_no_figure(facts: Facts, data: st.DataObject) -> None:
    units = measures.counted_units(facts)
    left_out = sorted(set(facts.people) - set(units))
    if not left_out:
        return
    who = data.draw(st.sampled_from(left_out))
    before = _figures(facts)
    other = data.draw(st.sampled_from(sorted(facts.people)))
    day = END - timedelta(days=data.draw(st.integers(0, 60)))

    facts.active_days[who] = {day, END}
    facts.posted.add(who)
    facts.read.discard(who)
    facts.steps[who] = 5
    facts.sessions[who] = 2
    facts.going[who] = 3
    facts.interactions.append(Interaction(who, other, day, "forum"))
    facts.goals.append(GoalFact(who, "achieved", END - timedelta(days=40), None, END))
    asked = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
    facts.questions.append(Question(who, asked, ((other, asked + timedelta(hours=1)),)))
    # …and answered everyone else's questions first.
    facts.questions = [
        Question(q.asker, q.asked_at, ((who, q.asked_at + timedelta(minutes=5)), *q.replies))
        for q in facts.questions
    ]

    assert _figures(facts) == before


def test_a_region_minus_its_circle_gives_away_nobody() -> None:
    # Europe: five in the Strategy circle, two in Europe alone; Asia-Pacific: five.
    people = {p: Person(p, "emea", frozenset({101}), END) for p in range(1, 6)}
    people |= {p: Person(p, "emea", frozenset(), END) for p in (6, 7)}
    people |= {p: Person(p, "apac", frozenset(), END) for p in range(8, 13)}
    facts = Facts(period=PERIOD, people=people, active_days={6: {END}, 1: {END}})
    units = measures.counted_units(facts)
    weekly = next(m for m in ALL if m.key == "weekly_active")
    europe = frozenset(range(1, 8))
    circle = frozenset(range(1, 6))

    # Europe counts its whole units only: the circle's five, not the two on their own, so
    # Europe minus the circle is nothing, and the community minus both regions is nothing.
    assert weekly.compute(facts, units, europe) == 1
    assert weekly.compute(facts, units, circle) == 1
    assert weekly.compute(facts, units, frozenset(range(8, 13))) == 0
    assert weekly.compute(facts, units, None) == 1
    assert 6 not in units
    assert 7 not in units


# Retention: rows of merged joining months ---------------------------------------------------


@given(st.lists(st.integers(0, 9), min_size=1, max_size=12))
def test_merged_joining_months_are_whole_runs_of_five_or_more_that_never_overlap(
    sizes: list[int],
) -> None:
    runs = anonymity.merged_runs(sizes)

    covered = [n for run in runs for n in run]
    assert covered == sorted(set(covered))  # in order, and no month in two rows
    assert covered == list(range(len(covered)))  # from the oldest month, without a gap
    assert all(sum(sizes[n] for n in run) >= anonymity.PEOPLE_THRESHOLD for run in runs)
    # The newest months left out hold fewer than five people together.
    assert sum(sizes[len(covered) :]) < anonymity.PEOPLE_THRESHOLD
    # Any sum of shown rows minus any other sum of shown rows is nobody or five or more.
    totals = [sum(sizes[n] for n in run) for run in runs]
    for k in range(len(totals) + 1):
        for picked in combinations(range(len(totals)), k):
            for other in combinations(range(len(totals)), k):
                gap = abs(sum(totals[i] for i in picked) - sum(totals[i] for i in other))
                if set(picked) < set(other) or set(other) < set(picked):
                    assert gap == 0 or gap >= anonymity.PEOPLE_THRESHOLD


@settings(max_examples=60, deadline=None)
@given(communities(), st.sampled_from([30, 90, 365]))
def test_retention_rows_stand_for_five_people_or_more_and_no_period_reveals_fewer(
    facts: Facts, days: int
) -> None:
    units = measures.counted_units(facts)
    rows = measures.retention(facts, units)
    same_end = Facts(
        period=Period(END - timedelta(days=days - 1), END),
        people=facts.people,
        active_days=facts.active_days,
    )
    other = measures.retention(same_end, measures.counted_units(same_end))

    assert all(row.people >= anonymity.PEOPLE_THRESHOLD for row in rows)
    # Every joiner the rows count is counted in the community's own figures, once.
    joiners = sum(row.people for row in rows)
    assert joiners <= len(anonymity.in_group(units, None))
    # The period's length changes no row: comparing two periods' tables shows nothing new.
    assert [(r.label, r.people) for r in other] == [(r.label, r.people) for r in rows]
