"""Weekly windows in the expert's zone become slots, right across daylight-saving changes."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salon.events.office_hours.slots import Window, fits_working_hours, slot_starts


def test_a_monday_morning_stays_at_nine_in_london_when_the_clocks_change() -> None:
    # Clocks go forward in London on Sunday 29 March 2026.
    slots = slot_starts(
        [Window(0, time(9), time(10))],
        tz="Europe/London",
        minutes=30,
        first_day=date(2026, 3, 23),
        days=14,
    )

    assert slots == [
        (datetime(2026, 3, 23, 9, 0, tzinfo=UTC), datetime(2026, 3, 23, 9, 30, tzinfo=UTC)),
        (datetime(2026, 3, 23, 9, 30, tzinfo=UTC), datetime(2026, 3, 23, 10, 0, tzinfo=UTC)),
        (datetime(2026, 3, 30, 8, 0, tzinfo=UTC), datetime(2026, 3, 30, 8, 30, tzinfo=UTC)),
        (datetime(2026, 3, 30, 8, 30, tzinfo=UTC), datetime(2026, 3, 30, 9, 0, tzinfo=UTC)),
    ]


def test_no_slot_falls_in_the_hour_the_clocks_skip() -> None:
    slots = slot_starts(
        [Window(6, time(0), time(3))],
        tz="Europe/London",
        minutes=30,
        first_day=date(2026, 3, 29),
        days=1,
    )

    # 00:00 GMT, then 02:00 and 02:30 BST: 01:00–02:00 does not exist that night, so no
    # slot starts or ends in it.
    assert [start.strftime("%H:%M") for start, _end in slots] == ["00:00", "01:00", "01:30"]


def test_a_slot_that_would_not_fit_whole_is_left_out() -> None:
    slots = slot_starts(
        [Window(1, time(14), time(15, 40))],
        tz="UTC",
        minutes=45,
        first_day=date(2026, 12, 8),
        days=1,
    )

    assert [s.strftime("%H:%M") for s, _e in slots] == ["14:00", "14:45"]


def test_only_fifteen_thirty_or_forty_five_minutes() -> None:
    with pytest.raises(ValueError):
        slot_starts(
            [Window(0, time(9), time(10))], tz="UTC", minutes=20, first_day=date.today(), days=7
        )


def test_working_hours_bound_the_windows() -> None:
    day = (time(9), time(17, 30))
    assert fits_working_hours(Window(0, time(9), time(12)), work_start=day[0], work_end=day[1])
    assert not fits_working_hours(Window(0, time(8), time(12)), work_start=day[0], work_end=day[1])
    assert not fits_working_hours(Window(0, time(17), time(18)), work_start=day[0], work_end=day[1])


@given(
    start=st.integers(0, 22 * 4),
    length=st.integers(1, 8 * 4),
    minutes=st.sampled_from([15, 30, 45]),
    zone=st.sampled_from(["Europe/London", "America/New_York", "Asia/Tokyo", "Australia/Sydney"]),
    offset=st.integers(0, 730),
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_slot_lasts_its_length_and_none_overlap(
    start: int, length: int, minutes: int, zone: str, offset: int
) -> None:
    first = date(2026, 1, 1) + timedelta(days=offset)
    begin = time(start // 4, start % 4 * 15)
    end_quarter = min(start + length, 24 * 4 - 1)
    end = time(end_quarter // 4, end_quarter % 4 * 15)
    if end <= begin:
        return
    windows = [Window(day, begin, end) for day in range(7)]
    slots = slot_starts(windows, tz=zone, minutes=minutes, first_day=first, days=14)

    assert all((e - s).total_seconds() == minutes * 60 for s, e in slots)
    for (_a_start, a_end), (b_start, _b_end) in itertools.pairwise(slots):
        assert a_end <= b_start
