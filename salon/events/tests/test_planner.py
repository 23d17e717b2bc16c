"""The fair meeting planner, a pure algorithm: no database, plain data in and out."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from functools import cache
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from salon.events.planner import (
    EVERY_DAY,
    STATUSES,
    Participant,
    Rules,
    SlotProposal,
    Status,
    classify,
    inconvenience,
    local_start,
    plan_series,
    plan_slots,
)

HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)
SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)
WEEK = timedelta(days=7)
JUNE = datetime(2026, 6, 1, tzinfo=UTC)  # a Monday, summer time in both hemispheres' north
SUNDAY_SAUDI_WEEK = frozenset({6, 0, 1, 2, 3})


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[arg-type, misc]


def person(
    pid: str,
    tz: str,
    hours: str = "09:00-17:30",
    region: str = "",
    **extra: object,
) -> Participant:
    start, end = (time.fromisoformat(part) for part in hours.split("-"))
    return Participant(pid, tz, start, end, region, **extra)  # type: ignore[arg-type]


ada = person("ada", "Europe/London", region="emea")
bea = person("bea", "America/New_York", region="americas")
chen = person("chen", "Asia/Singapore", region="apac")


def fortnight(people: list[Participant], **options: object) -> list[SlotProposal]:
    return plan_slots(people, start=JUNE, end=JUNE + 2 * WEEK, duration=HOUR, **options)  # type: ignore[arg-type]


def half_hours(first: time, last: time) -> list[time]:
    minutes = range(first.hour * 60 + first.minute, last.hour * 60 + last.minute + 1, 30)
    return [time(minute // 60, minute % 60) for minute in minutes]


def every_slot(people: list[Participant], start: datetime, end: datetime) -> list[SlotProposal]:
    return plan_slots(people, start=start, end=end, duration=HOUR, limit=None)


# How one time is judged for one person


def test_a_meeting_inside_working_hours_costs_nothing() -> None:
    assert classify(ada, utc(2026, 6, 2, 9)) == "in_hours"  # 10:00 in London
    assert inconvenience(ada, utc(2026, 6, 2, 9)) == 0


def test_an_early_start_is_early_late_and_costs_more_the_earlier_it_is() -> None:
    at_eight, at_seven = utc(2026, 6, 2, 7), utc(2026, 6, 2, 6)  # 08:00 and 07:00 in London

    assert classify(ada, at_eight) == "early_late"
    assert classify(ada, at_seven) == "early_late"
    assert 0 < inconvenience(ada, at_eight) < inconvenience(ada, at_seven)


def test_three_in_the_morning_is_asleep_and_worse_than_half_past_ten_at_night() -> None:
    three_am, half_ten_pm = utc(2026, 6, 2, 2), utc(2026, 6, 2, 21, 30)

    assert classify(ada, three_am) == "asleep"
    assert classify(ada, half_ten_pm) == "asleep"
    assert inconvenience(ada, three_am) > inconvenience(ada, half_ten_pm) >= 20


def test_a_meeting_is_judged_by_its_worst_minute() -> None:
    # 17:00-18:00 in London: the first half is in hours, the second is not.
    assert classify(ada, utc(2026, 6, 2, 16)) == "early_late"
    assert classify(ada, utc(2026, 6, 2, 16), 30 * MINUTE) == "in_hours"


def test_a_weekend_is_a_day_off_unless_the_person_works_that_day() -> None:
    riyadh_weekday = person("rami", "Asia/Riyadh", workdays=SUNDAY_SAUDI_WEEK)
    sunday_noon_in_riyadh = utc(2026, 6, 7, 9)

    assert classify(ada, sunday_noon_in_riyadh) == "asleep"
    assert classify(riyadh_weekday, sunday_noon_in_riyadh) == "in_hours"
    assert classify(riyadh_weekday, utc(2026, 6, 5, 9)) == "asleep"  # Friday


def test_a_time_marked_unavailable_makes_the_person_unavailable() -> None:
    busy = person("ada", "Europe/London", unavailable=((utc(2026, 6, 2, 9), utc(2026, 6, 2, 10)),))

    assert classify(busy, utc(2026, 6, 2, 8, 30)) == "unavailable"  # overlaps the busy hour
    assert classify(busy, utc(2026, 6, 2, 10)) == "in_hours"  # starts as it ends
    assert inconvenience(busy, utc(2026, 6, 2, 9)) == float("inf")


def test_working_hours_may_cross_midnight() -> None:
    night_editor = person("nia", "Europe/London", hours="20:00-02:00")

    assert classify(night_editor, utc(2026, 6, 5, 22)) == "in_hours"  # Friday 23:00
    assert classify(night_editor, utc(2026, 6, 6, 0)) == "in_hours"  # Friday's shift, Sat 01:00
    assert classify(night_editor, utc(2026, 6, 2, 2)) == "asleep"  # 03:00, after the shift
    assert classify(night_editor, utc(2026, 6, 2, 17)) == "early_late"  # 18:00 on a Tuesday


def test_what_counts_as_night_can_be_changed() -> None:
    early_riser = Rules(night_start=time(21), night_end=time(5))

    half_past_nine_pm = utc(2026, 6, 2, 20, 30)  # in London, for half an hour

    assert classify(ada, half_past_nine_pm, 30 * MINUTE) == "early_late"
    assert classify(ada, half_past_nine_pm, 30 * MINUTE, rules=early_riser) == "asleep"


def test_local_start_is_the_participants_own_clock() -> None:
    assert local_start(chen, utc(2026, 6, 2, 13)).hour == 21


# Summer time


def test_nine_to_five_in_london_starts_an_hour_earlier_in_utc_after_the_clocks_change() -> None:
    nine_to_five = person("ada", "Europe/London", hours="09:00-17:00")
    friday, monday = utc(2026, 3, 27), utc(2026, 3, 30)  # the clocks change on Sunday the 29th

    def in_hours_starts(day: datetime) -> list[time]:
        return [
            slot.start.time()
            for slot in every_slot([nine_to_five], day, day + DAY)
            if slot.statuses["ada"] == "in_hours"
        ]

    assert in_hours_starts(friday) == half_hours(time(9), time(16))  # 09:00-16:00 UTC
    assert in_hours_starts(monday) == half_hours(time(8), time(15))  # 08:00-15:00 UTC


def test_london_and_new_york_overlap_an_hour_longer_while_only_america_has_changed_clocks() -> None:
    def shared_hours(day: datetime) -> int:
        slots = every_slot([ada, bea], day, day + DAY)
        return sum(slot.in_hours == 2 for slot in slots)

    before, between, after = utc(2026, 3, 4), utc(2026, 3, 18), utc(2026, 4, 1)

    assert shared_hours(before) == shared_hours(after) == 6  # 14:00-16:30 UTC, then 13:00-15:30
    assert shared_hours(between) == 8  # 13:00-16:30 UTC


def test_a_meeting_across_the_clock_change_is_read_on_the_clock_as_it_really_is() -> None:
    # Works 00:00-02:00 local. At 01:00 UTC on 29 March London jumps from 01:00 to 02:00, so a
    # meeting from 00:30 UTC reads 00:30-01:00 and then 02:00-02:30: past the end of work.
    late_owl = person("owl", "Europe/London", hours="00:00-02:00", workdays=EVERY_DAY)
    across_the_change, a_week_earlier = utc(2026, 3, 29, 0, 30), utc(2026, 3, 22, 0, 30)

    assert classify(late_owl, a_week_earlier) == "in_hours"
    assert classify(late_owl, across_the_change) == "asleep"
    [slot] = plan_slots(
        [late_owl], start=across_the_change, end=across_the_change + MINUTE, duration=HOUR
    )
    assert slot.statuses["owl"] == "asleep"


# Ranking single meetings


def test_nobody_is_asked_to_meet_at_three_in_the_morning_when_a_better_slot_exists() -> None:
    londoners = [person(f"london-{n}", "Europe/London", region="emea") for n in range(4)]
    lena = person("lena", "America/Los_Angeles", region="americas")

    best = fortnight([*londoners, lena])[0]

    # 10:00 in London would suit four people perfectly, but it is 02:00 for Lena.
    assert best.asleep == 0
    assert 7 <= local_start(lena, best.start).hour < 20
    assert best.in_hours == 4
    assert best.statuses["lena"] == "early_late"


def test_a_slot_everyone_can_make_in_working_hours_comes_first() -> None:
    dana = person("dana", "Europe/Berlin", region="emea")

    proposals = fortnight([ada, dana])

    assert all(slot.in_hours == 2 and slot.worst_cost == 0 for slot in proposals)
    assert [slot.rank for slot in proposals] == list(range(1, 11))


def test_someone_who_marked_a_time_unavailable_is_not_proposed_then() -> None:
    first_choice = fortnight([ada, bea])[0]
    busy_bea = person(
        "bea",
        "America/New_York",
        region="americas",
        unavailable=((first_choice.start, first_choice.end),),
    )

    proposals = fortnight([ada, busy_bea])

    assert first_choice.start not in [slot.start for slot in proposals]
    assert all(slot.unavailable == 0 for slot in proposals)


def test_the_best_slot_for_london_new_york_and_singapore_is_sensible() -> None:
    best = fortnight([ada, bea, chen])[0]

    assert best.asleep == 0
    assert best.unavailable == 0
    assert best.statuses == {"ada": "in_hours", "bea": "in_hours", "chen": "early_late"}
    assert 19 <= local_start(chen, best.start).hour < 22
    assert best.start.weekday() < 5


def test_each_proposal_explains_how_it_was_ranked() -> None:
    best = fortnight([ada, bea, chen])[0]

    assert best.rank == 1
    assert (best.in_hours, best.early_late, best.asleep, best.unavailable) == (2, 1, 0, 0)
    assert best.worst_cost == best.total_cost == best.costs["chen"] > 0
    assert best.reasons[0] == "2 of 3 people are within their working hours."
    assert any(reason.startswith("Worst local time: chen at ") for reason in best.reasons)
    assert best.reasons[-1] == "Ranked 1 of 672 single meeting times."


def test_the_heat_map_counts_statuses_per_region() -> None:
    dana = person("dana", "Europe/Berlin", region="emea")

    for slot in fortnight([ada, dana, bea, chen], limit=20):
        assert sum(slot.by_region["emea"].values()) == 2
        assert slot.by_region["apac"][slot.statuses["chen"]] == 1
        for status in STATUSES:
            assert sum(counts[status] for counts in slot.by_region.values()) == sum(
                1 for value in slot.statuses.values() if value == status
            )


def test_slots_start_on_the_grid_within_the_range() -> None:
    start = utc(2026, 6, 1, 8, 7)
    slots = plan_slots(
        [ada], start=start, end=start + DAY, duration=HOUR, step=15 * MINUTE, limit=None
    )

    assert len(slots) == 96
    assert min(slot.start for slot in slots) == utc(2026, 6, 1, 8, 15)
    assert all(slot.start.minute % 15 == 0 and slot.start < start + DAY for slot in slots)
    assert all(slot.end - slot.start == HOUR for slot in slots)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: person("x", "Mars/Olympus_Mons"), "Unknown time zone"),
        (lambda: person("x", "Europe"), "Unknown time zone"),
        (lambda: person("x", "Europe/London", hours="09:00-09:00"), "different times"),
        (lambda: person("x", "Europe/London", workdays=frozenset()), "workdays"),
        (
            lambda: person("x", "UTC", unavailable=((datetime(2026, 6, 1), JUNE + HOUR),)),
            "aware",
        ),
        (lambda: fortnight([ada, ada]), "unique"),
        (lambda: fortnight([]), "at least one participant"),
        (lambda: fortnight([ada], limit=0), "limit"),
        (lambda: plan_slots([ada], start=JUNE, end=JUNE, duration=HOUR), "end after"),
        (
            lambda: plan_slots([ada], start=datetime(2026, 6, 1), end=JUNE + DAY, duration=HOUR),
            "aware",
        ),
        (lambda: plan_slots([ada], start=JUNE, end=JUNE + DAY, duration=2 * DAY), "24 hours"),
        (lambda: plan_slots([ada], start=JUNE, end=JUNE + DAY, duration=90 * SECOND), "whole"),
        (
            lambda: plan_series([ada], start=JUNE, end=JUNE + WEEK, duration=HOUR, sessions=3,
                                min_gap=WEEK),
            "do not fit",
        ),
        (
            lambda: plan_series([ada], start=JUNE, end=JUNE + WEEK, duration=HOUR, sessions=2,
                                min_gap=30 * MINUTE),
            "overlap",
        ),
        (
            lambda: plan_series([ada], start=JUNE, end=JUNE + WEEK, duration=HOUR, sessions=0),
            "at least one session",
        ),
        (lambda: Rules(night_start=time(22), night_end=time(22)), "night"),
        (lambda: Rules(early_late_cost=30), "early_late_cost < asleep_cost"),
    ],
)  # fmt: skip
def test_it_rejects_what_it_cannot_plan_with_a_clear_message(make: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()  # type: ignore[operator]


# Series


def three_regions_eight_hours_apart(members: int = 1) -> list[Participant]:
    return [
        person(f"{region}-{n}", zone, hours="09:00-17:00", region=region, workdays=EVERY_DAY)
        for region, zone in (("west", "Etc/GMT+8"), ("middle", "Etc/GMT"), ("east", "Etc/GMT-8"))
        for n in range(members)
    ]


def test_the_night_call_rotates_between_regions_when_no_slot_suits_everyone() -> None:
    series = plan_series(
        three_regions_eight_hours_apart(),
        start=JUNE,
        end=JUNE + 4 * WEEK,
        duration=HOUR,
        sessions=6,
        min_gap=3 * DAY,
    )

    assert all(session.asleep == 1 for session in series.sessions)
    assert {region: burden.asleep for region, burden in series.regions.items()} == {
        "east": 2,
        "middle": 2,
        "west": 2,
    }
    assert series.fairness.asleep_spread == 0
    assert series.fairness.out_of_hours_spread <= 1
    assert series.reasons[1] == (
        "Asleep sessions per region: east 2, middle 2, west 2 (most minus least: 0)."
    )


def test_a_series_prefers_a_late_evening_in_singapore_to_waking_anyone() -> None:
    series = plan_series(
        [ada, bea, chen],
        start=JUNE,
        end=JUNE + 6 * WEEK,
        duration=HOUR,
        sessions=6,
        min_gap=WEEK,
    )

    assert series.fairness.people_asleep == 0
    assert series.regions["apac"].out_of_hours_share == 1
    assert series.participants["chen"].out_of_hours == 6
    assert all(
        session.reasons[-2].endswith("nobody is asked to be up at night.")
        for session in series.sessions
    )


def test_series_sessions_are_at_least_the_minimum_gap_apart_and_in_date_order() -> None:
    series = plan_series(
        [ada, bea, chen],
        start=JUNE,
        end=JUNE + 3 * WEEK,
        duration=HOUR,
        sessions=5,
        min_gap=4 * DAY,
    )

    starts = [session.start for session in series.sessions]
    assert len(starts) == 5
    assert starts == sorted(starts)
    assert all(later - earlier >= 4 * DAY for earlier, later in pairwise(starts))
    assert series.min_gap == 4 * DAY
    assert series.reasons[0] == "5 sessions, at least 4 days apart."


def test_by_default_a_series_is_spread_over_the_range() -> None:
    series = plan_series([ada, bea], start=JUNE, end=JUNE + 4 * WEEK, duration=HOUR, sessions=4)

    starts = [session.start for session in series.sessions]
    assert series.min_gap == WEEK
    assert all(later - earlier >= WEEK for earlier, later in pairwise(starts))
    assert all(session.in_hours == 2 for session in series.sessions)
    assert series.fairness.out_of_hours_spread == 0


def test_a_tightly_packed_series_does_not_paint_itself_into_a_weekend() -> None:
    # Six sessions two days apart in a fortnight: only Monday, Wednesday, Friday twice
    # over works. Rotating the night call greedily would push the last one to a weekend.
    weekday_workers = [
        person(f"{region}-1", zone, hours="09:00-17:00", region=region)
        for region, zone in (("west", "Etc/GMT+8"), ("middle", "Etc/GMT"), ("east", "Etc/GMT-8"))
    ]

    series = plan_series(
        weekday_workers,
        start=JUNE,
        end=JUNE + 2 * WEEK,
        duration=HOUR,
        sessions=6,
        min_gap=2 * DAY,
    )

    assert [session.start.strftime("%a") for session in series.sessions] == [
        "Mon", "Wed", "Fri", "Mon", "Wed", "Fri",
    ]  # fmt: skip
    assert all(session.asleep == 1 for session in series.sessions)


def test_a_series_reports_each_participant_and_each_region_share() -> None:
    fiona = person("fiona", "America/Los_Angeles", region="americas")

    series = plan_series(
        [ada, bea, fiona, chen],
        start=JUNE,
        end=JUNE + 4 * WEEK,
        duration=HOUR,
        sessions=4,
        min_gap=WEEK,
    )

    for pid, burden in series.participants.items():
        statuses = [session.statuses[pid] for session in series.sessions]
        assert burden.asleep == statuses.count("asleep")
        assert burden.out_of_hours == burden.asleep + statuses.count("early_late")
        assert burden.out_of_hours_share == burden.out_of_hours / 4
    americas = series.regions["americas"]
    assert americas.members == 2
    assert (
        americas.out_of_hours
        == (series.participants["bea"].out_of_hours + series.participants["fiona"].out_of_hours) / 2
    )
    assert americas.asleep_share == americas.asleep / 4


# Properties

ZONES = (
    "Europe/London", "Europe/Dublin", "America/New_York", "America/Los_Angeles",
    "America/St_Johns", "America/Santiago", "America/Sao_Paulo", "Asia/Singapore",
    "Asia/Kolkata", "Asia/Kathmandu", "Australia/Sydney", "Australia/Lord_Howe",
    "Pacific/Chatham", "Pacific/Kiritimati", "Africa/Cairo", "Africa/Casablanca", "UTC",
)  # fmt: skip


@cache
def clock_changes(tz: str) -> tuple[datetime, ...]:
    """Instants in 2025-2027 at which the zone's UTC offset changes (to the minute)."""
    zone = ZoneInfo(tz)
    moments = [utc(2025, 1, 1) + n * 6 * HOUR for n in range(3 * 365 * 4)]
    found = []
    for low, high in pairwise(moments):
        if low.astimezone(zone).utcoffset() != high.astimezone(zone).utcoffset():
            while high - low > MINUTE:
                middle = low + (high - low) // 2 // MINUTE * MINUTE
                same = middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset()
                low, high = (middle, high) if same else (low, middle)
            found.append(high)
    return tuple(found)


def status_by_the_minute(who: Participant, start: datetime, length: timedelta) -> Status:
    """The definition, read one minute at a time off the participant's real clock."""
    if any(begin < start + length and start < end for begin, end in who.unavailable):
        return "unavailable"
    order: tuple[Status, ...] = ("in_hours", "early_late", "asleep")
    worst = 0
    begin, finish = (moment.hour * 60 + moment.minute for moment in (who.work_start, who.work_end))
    for minute in range(length // MINUTE):
        local = (start + minute * MINUTE).astimezone(ZoneInfo(who.tz))
        clock, day = local.hour * 60 + local.minute, local.weekday()
        if begin < finish:
            working = day in who.workdays and begin <= clock < finish
        else:
            working = (day in who.workdays and clock >= begin) or (
                (day - 1) % 7 in who.workdays and clock < finish
            )
        night = clock >= 22 * 60 or clock < 6 * 60
        status = 0 if working else 1 if day in who.workdays and not night else 2
        worst = max(worst, status)
    return order[worst]


quarter_hours = st.integers(0, 95).map(lambda n: time(n // 4, n % 4 * 15))
workdays = st.sets(st.integers(0, 6), min_size=1).map(frozenset)


@st.composite
def participants(draw: st.DrawFn, pid: str = "p", busy: bool = False) -> Participant:
    start, end = draw(quarter_hours), draw(quarter_hours)
    assume(start != end)
    unavailable: tuple[tuple[datetime, datetime], ...] = ()
    if busy:
        moments = st.integers(0, 3 * 24 * 4).map(lambda n: JUNE + n * 15 * MINUTE)
        pairs = st.tuples(moments, st.integers(1, 16).map(lambda n: n * 15 * MINUTE))
        unavailable = tuple((at, at + span) for at, span in draw(st.lists(pairs, max_size=3)))
    return Participant(
        pid, draw(st.sampled_from(ZONES)), start, end, draw(st.sampled_from(("a", "b", "c"))),
        unavailable, draw(workdays),
    )  # fmt: skip


@st.composite
def meeting_starts(draw: st.DrawFn, tz: str, length: timedelta) -> datetime:
    """Any minute of 2025-2027, or (half the time) one whose meeting spans a clock change."""
    changes, across_a_change = clock_changes(tz), draw(st.booleans())
    if changes and across_a_change:
        change = draw(st.sampled_from(changes))
        return change - draw(st.integers(0, length // MINUTE)) * MINUTE
    return utc(2025, 1, 1) + draw(st.integers(0, 3 * 365 * 24 * 60)) * MINUTE


@settings(max_examples=300, deadline=None)
@given(data=st.data(), length=st.integers(1, 8 * 60).map(lambda n: n * MINUTE))
def test_the_planner_agrees_with_each_clock_read_minute_by_minute(
    data: st.DataObject, length: timedelta
) -> None:
    who = data.draw(participants(busy=True))
    start = data.draw(meeting_starts(who.tz, length))
    if data.draw(st.booleans()):  # working hours that start or end during the meeting

        def clock(moment: datetime) -> time:
            return moment.astimezone(ZoneInfo(who.tz)).time().replace(second=0, microsecond=0)

        edge = clock(start + data.draw(st.integers(0, length // MINUTE)) * MINUTE)
        before, after = clock(start - 15 * MINUTE), clock(start + length + 15 * MINUTE)
        hours = data.draw(st.sampled_from([(before, edge), (edge, after)]))
        assume(hours[0] != hours[1])
        who = replace(who, work_start=hours[0], work_end=hours[1], workdays=EVERY_DAY)

    expected = status_by_the_minute(who, start, length)

    assert classify(who, start, length) == expected
    [slot] = plan_slots([who], start=start, end=start + MINUTE, duration=length, step=MINUTE)
    assert slot.statuses[who.id] == expected


@settings(max_examples=100, deadline=None)
@given(
    sessions=st.integers(1, 10),
    gap=st.integers(1, 96).map(lambda n: n * HOUR),
    days=st.integers(1, 21),
)
def test_a_series_keeps_its_spacing_or_says_it_cannot(
    sessions: int, gap: timedelta, days: int
) -> None:
    slots = days * 48
    if (sessions - 1) * gap > (slots - 1) * 30 * MINUTE:
        with pytest.raises(ValueError, match="do not fit"):
            plan_series([ada], start=JUNE, end=JUNE + days * DAY, duration=HOUR,
                        sessions=sessions, min_gap=gap)  # fmt: skip
        return

    series = plan_series(
        [ada], start=JUNE, end=JUNE + days * DAY, duration=HOUR, sessions=sessions, min_gap=gap
    )

    starts = [session.start for session in series.sessions]
    assert len(starts) == sessions
    assert all(later - earlier >= gap for earlier, later in pairwise(starts))
    assert all(JUNE <= moment < JUNE + days * DAY for moment in starts)


def ranking_key(slot: SlotProposal) -> tuple[float, ...]:
    return (
        slot.unavailable, slot.asleep, -slot.in_hours, slot.worst_cost, slot.total_cost,
        slot.start.timestamp(),
    )  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), count=st.integers(1, 6), limit=st.integers(1, 12))
def test_no_returned_slot_wakes_or_excludes_anyone_while_a_fully_in_hours_slot_is_left(
    data: st.DataObject, count: int, limit: int
) -> None:
    people = [data.draw(participants(f"p{n}", busy=True)) for n in range(count)]
    everything = every_slot(people, JUNE, JUNE + 3 * DAY)
    fully_in_hours = [slot for slot in everything if slot.in_hours == count]

    proposals = plan_slots(people, start=JUNE, end=JUNE + 3 * DAY, duration=HOUR, limit=limit)

    assert proposals == everything[:limit]
    assert [ranking_key(slot) for slot in everything] == sorted(map(ranking_key, everything))
    for slot in proposals[: len(fully_in_hours)]:
        assert slot.in_hours == count
        assert set(slot.statuses.values()) == {"in_hours"}


@settings(max_examples=40, deadline=None)
@given(
    regions=st.integers(2, 4),
    shift=st.integers(-11, 12),
    members=st.integers(1, 3),
    hours=st.sampled_from(["08:00-16:00", "09:00-17:00", "09:00-17:30", "10:00-18:00"]),
    sessions=st.integers(2, 8),
    gap_days=st.integers(1, 3),
)
def test_the_night_call_rotates_so_regions_stay_within_one_session_of_each_other(
    regions: int, shift: int, members: int, hours: str, sessions: int, gap_days: int
) -> None:
    # Regions evenly spaced around the world, each in one zone: every region has a time of
    # day at which it alone is asleep, which is the documented condition.
    offsets = [(shift + round(n * 24 / regions) + 11) % 24 - 11 for n in range(regions)]
    people = [
        person(f"r{n}-{m}", f"Etc/GMT{-offset:+d}", hours, f"r{n}", workdays=EVERY_DAY)
        for n, offset in enumerate(offsets)
        for m in range(members)
    ]

    series = plan_series(
        people,
        start=JUNE,
        end=JUNE + 2 * sessions * gap_days * DAY + 2 * DAY,
        duration=HOUR,
        sessions=sessions,
        min_gap=gap_days * DAY,
    )

    asleep = [burden.asleep for burden in series.regions.values()]
    assert max(asleep) - min(asleep) <= 1
    assert series.fairness.asleep_spread <= 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    offset=st.integers(5, 11),
    hours=st.sampled_from(["08:00-16:00", "09:00-17:00", "09:00-17:30", "10:00-18:00"]),
    sessions=st.integers(2, 8),
)
def test_early_starts_and_late_evenings_rotate_when_nobody_need_be_woken(
    offset: int, hours: str, sessions: int
) -> None:
    people = [
        person("home", "Etc/GMT", hours, "home", workdays=EVERY_DAY),
        person("away", f"Etc/GMT-{offset}", hours, "away", workdays=EVERY_DAY),
    ]
    day = every_slot(people, JUNE, JUNE + DAY)
    awake = [slot for slot in day if slot.asleep == 0 and slot.unavailable == 0]
    assume(all(slot.in_hours < 2 for slot in day))
    for pid in ("home", "away"):
        assume(any(slot.statuses[pid] == "early_late" and slot.in_hours == 1 for slot in awake))

    series = plan_series(
        people, start=JUNE, end=JUNE + 3 * sessions * DAY, duration=HOUR, sessions=sessions,
        min_gap=DAY,
    )  # fmt: skip

    assert series.fairness.people_asleep == 0
    assert series.fairness.out_of_hours_spread <= 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), count=st.integers(2, 8), seed=st.integers(0, 2**32))
def test_results_do_not_depend_on_the_order_of_participants(
    data: st.DataObject, count: int, seed: int
) -> None:
    people = [data.draw(participants(f"p{n}", busy=True)) for n in range(count)]
    shuffled = random.Random(seed).sample(people, len(people))
    window = {"start": JUNE, "end": JUNE + 2 * WEEK, "duration": HOUR}

    def essentials(slot: SlotProposal) -> tuple[object, ...]:
        return (slot.start, slot.rank, slot.statuses, slot.by_region, slot.worst_cost)

    assert plan_slots(people, **window) == plan_slots(people, **window)  # type: ignore[arg-type]
    assert [essentials(s) for s in plan_slots(people, **window)] == [  # type: ignore[arg-type]
        essentials(s)
        for s in plan_slots(shuffled, **window)  # type: ignore[arg-type]
    ]
    series, again = (
        plan_series(group, sessions=3, min_gap=2 * DAY, **window)  # type: ignore[arg-type]
        for group in (people, shuffled)
    )
    assert [essentials(s) for s in series.sessions] == [essentials(s) for s in again.sessions]
    assert series.regions == again.regions
    assert series.fairness == again.fairness
