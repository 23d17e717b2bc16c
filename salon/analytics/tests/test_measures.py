"""Each measure against a small world worked out by hand: ten people in two regions (five
each), a circle of the first five, and what they did in a 30-day period."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from salon.analytics import measures
from salon.analytics.facts import (
    Facts,
    GoalFact,
    Interaction,
    Period,
    Person,
    Question,
    Rating,
)

END = date(2026, 6, 30)
PERIOD = Period(date(2026, 6, 1), END)
EMEA = frozenset(range(1, 6))  # people 1–5, also the circle 100
APAC = frozenset(range(6, 11))  # people 6–10


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def world(**facts: object) -> Facts:
    people = {
        p: Person(
            p,
            "emea" if p in EMEA else "apac",
            frozenset({100}) if p in EMEA else frozenset(),
            date(2026, 1, 1),
        )
        for p in range(1, 11)
    }
    return Facts(period=PERIOD, people=people, **facts)  # type: ignore[arg-type]


def figure(facts: Facts, key: str, group: frozenset[int] | None = None) -> object:
    everything = [
        m for ms in (*measures.ENGAGEMENT.values(), *measures.BENEFITS.values()) for m in ms
    ]
    measure = next(m for m in everything if m.key == key)
    return measure.compute(facts, measures.counted_units(facts), group)


def test_weekly_and_monthly_active_count_anyone_who_did_anything_in_the_window() -> None:
    facts = world(
        active_days={
            1: {END},  # this week
            2: {END - timedelta(days=6)},  # the first day of the last seven
            3: {END - timedelta(days=7)},  # last month only
            6: {END - timedelta(days=29)},  # the first of the last thirty
            7: {END - timedelta(days=30)},  # before the last thirty
        }
    )

    assert figure(facts, "members") == 10
    assert figure(facts, "weekly_active") == 2
    assert figure(facts, "weekly_active_share") == 20
    assert figure(facts, "monthly_active") == 4
    assert figure(facts, "monthly_active_share") == 40
    assert figure(facts, "weekly_active", EMEA) == 2
    assert figure(facts, "monthly_active_share", APAC) == 20


def test_forum_posters_and_readers_who_did_not_write() -> None:
    facts = world(posted={1, 2, 6}, read={1, 3, 4, 7})

    assert figure(facts, "posters") == 3
    assert figure(facts, "readers") == 3  # 3, 4 and 7: 1 also wrote
    assert figure(facts, "readers", EMEA) == 2


def test_questions_answered_by_someone_else_and_the_median_time_to_the_first_answer() -> None:
    day = date(2026, 6, 10)
    facts = world(
        questions=[
            # Answered after 2 hours (the asker's own follow-up does not count).
            Question(1, _at(day), ((1, _at(day, 10)), (2, _at(day, 11)))),
            # Answered after 4 hours.
            Question(2, _at(day), ((6, _at(day, 13)),)),
            Question(3, _at(day), ()),  # unanswered
            Question(4, _at(day), ((4, _at(day, 12)),)),  # only the asker replied
            Question(5, _at(day), ((7, _at(day, 19)),)),  # 10 hours
            Question(5, _at(date(2026, 5, 30)), ((7, _at(day)),)),  # asked before the period
        ]
    )

    assert figure(facts, "questions") == 5
    assert figure(facts, "answered_share") == 60
    assert figure(facts, "hours_to_answer") == 4.0


def test_questions_of_fewer_than_five_askers_in_a_group_are_not_shown() -> None:
    day = date(2026, 6, 10)
    facts = world(questions=[Question(6, _at(day), ((1, _at(day, 10)),))])

    assert figure(facts, "questions", APAC) is None
    # Nor in the community's figure: the one asker's unit has fewer than five askers, and
    # no other asker tops the pool up to five.
    assert figure(facts, "questions") is None


def test_attendance_is_the_share_of_going_places_taken() -> None:
    facts = world(
        going={1: 2, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1, 10: 2},
        attended_of_going={1: 2, 2: 1, 6: 1, 10: 1},
    )

    assert figure(facts, "attendance_share") == 42  # 5 of 12
    assert figure(facts, "attendance_share", EMEA) == 50  # 3 of 6
    assert figure(facts, "attendance_share", APAC) == 33  # 2 of 6


def test_goals_with_a_check_in_in_the_last_thirty_days_of_the_period() -> None:
    old = date(2026, 1, 1)
    goals = [
        GoalFact(
            p, "active", old, END - timedelta(days=29) if p % 2 else END - timedelta(days=30), None
        )
        for p in range(1, 11)
    ]
    # Closed before the end: not open.
    goals.append(GoalFact(1, "achieved", old, None, date(2026, 6, 15)))
    # Made after the end: not yet open.
    goals.append(GoalFact(2, "active", END + timedelta(days=1), None, None))
    facts = world(goals=goals)

    assert figure(facts, "check_in_share") == 50
    assert figure(facts, "goals_on_track") == 5
    assert figure(facts, "goals_stalled") == 5
    assert figure(facts, "goals_achieved") == 1


def test_sums_of_sessions_steps_and_paths() -> None:
    facts = world(
        sessions={1: 2, 6: 1},
        steps={1: 3, 2: 1, 7: 4},
        paths_completed={7: 1},
        useful_marks={3: 2},
    )

    assert figure(facts, "mentoring_sessions") == 3
    assert figure(facts, "path_steps") == 8
    assert figure(facts, "path_steps", APAC) == 4
    assert figure(facts, "learners") == 3
    assert figure(facts, "paths_completed") == 1
    assert figure(facts, "useful_marks") == 2


def test_feedback_completion_is_answered_over_invited() -> None:
    facts = world(raters={p: (2, 1 if p <= 5 else 2) for p in range(1, 11)})

    assert figure(facts, "feedback_completion") == 75  # 15 of 20
    assert figure(facts, "feedback_completion", EMEA) == 50


def test_applied_learning_rate() -> None:
    facts = world(applied={p: (1, 1 if p <= 3 else 0) for p in range(1, 11)})

    assert figure(facts, "applied_share") == 30


def test_leadership_growth_is_the_share_that_rose_or_fell_beyond_the_band() -> None:
    ratings = [
        Rating(1, 7, 0.8, 0.5),  # rose
        Rating(1, 8, -0.8, 0.5),  # and fell on another competency
        Rating(2, 7, 0.4, 0.5),  # within the band
        Rating(3, 7, 0.6, 0.5),  # rose
        Rating(4, 7, -0.5, 0.5),  # exactly the band: within it
        Rating(5, 7, 0.0, 0.5),
    ]
    facts = world(ratings=ratings)

    assert figure(facts, "grew_share") == 40  # 1 and 3 of five
    assert figure(facts, "fell_share") == 20  # 1 of five
    assert figure(facts, "grew_share", APAC) is None  # nobody rated twice there


def test_ties_new_ties_and_cross_region_ties() -> None:
    day = date(2026, 6, 5)
    facts = world(
        interactions=[
            Interaction(1, 2, day, "forum"),
            Interaction(2, 1, day, "forum"),  # the same tie
            Interaction(1, 6, day, "mentoring"),  # across regions
            Interaction(3, 4, date(2026, 5, 1), "forum"),  # a tie before the period…
            Interaction(3, 4, day, "forum"),  # …renewed: a tie, not a new one
            Interaction(7, 8, date(2026, 5, 1), "forum"),  # before only: no tie now
        ]
    )

    # Three ties in the period (1–2, 1–6, 3–4), each counted for both its people.
    assert figure(facts, "ties") == 6
    assert figure(facts, "new_ties") == 4  # 1–2 and 1–6
    assert figure(facts, "cross_region_ties") == 2
    assert figure(facts, "ties", EMEA) == 5  # 1: 2, 2: 1, 3: 1, 4: 1
    assert figure(facts, "ties", APAC) == 1
    assert figure(facts, "with_ties_share") == 50  # 1, 2, 3, 4, 6
    # Interactions: 1–2 twice, 1–6, 3–4: each end counts; 2 of 8 ends are across.
    assert figure(facts, "cross_region_share") == 25
    assert figure(facts, "cross_region_share", APAC) == 100


def test_the_e_i_index_of_each_region() -> None:
    day = date(2026, 6, 5)
    facts = world(
        interactions=[
            Interaction(1, 2, day, "forum"),
            Interaction(3, 4, day, "forum"),
            Interaction(1, 6, day, "forum"),
            Interaction(7, 8, day, "forum"),
        ]
    )

    # Europe: 2 inside, 1 outside → (1 − 2) / 3; Asia-Pacific: 1 inside, 1 outside → 0.
    assert measures.ei_by_region(facts, measures.counted_units(facts)) == {
        "emea": -0.33,
        "apac": 0.0,
    }


def test_retention_follows_each_month_of_joining() -> None:
    period = Period(date(2026, 4, 1), date(2026, 6, 15))
    people = {
        p: Person(p, "emea", frozenset(), date(2026, 3, 10) if p <= 5 else date(2026, 5, 2))
        for p in range(1, 9)
    }
    facts = Facts(
        period=period,
        people=people,
        active_days={
            1: {date(2026, 4, 3)},
            2: {date(2026, 4, 30), date(2026, 5, 1)},
            3: {date(2026, 6, 1)},
            6: {date(2026, 6, 2)},
        },
    )

    rows = measures.retention(facts, measures.counted_units(facts), cohorts=6)

    # March: five people; April 2 of 5, May 1 of 5, June (so far) 1 of 5. May's three
    # newcomers are too few, and nobody joins after them to make five.
    assert [(r.label, r.people, r.active) for r in rows] == [("Mar 2026", 5, [40, 20, 20])]


@pytest.mark.parametrize("days", [1, 7, 30])
def test_a_period_knows_its_last_days(days: int) -> None:
    assert PERIOD.last(days) == Period(END - timedelta(days=days - 1), END)


def test_an_answer_by_someone_left_out_of_the_figures_is_no_answer() -> None:
    day = date(2026, 6, 10)
    facts = world(questions=[Question(p, _at(day), ((11, _at(day, 10)),)) for p in range(1, 6)])
    # Person 11 is alone in their region: left out of every figure, answers included.
    facts.people[11] = Person(11, "americas", frozenset(), date(2026, 1, 1))

    assert figure(facts, "questions") == 5
    assert figure(facts, "answered_share") == 0
    assert figure(facts, "hours_to_answer") is None
