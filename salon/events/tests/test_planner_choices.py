"""Single meetings: the planner offers real choices, not the same hour on eight days."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import client_for
from salon.events.planner import Participant, SlotProposal, plan_slots

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
JUNE = datetime(2026, 6, 1, tzinfo=UTC)  # a Monday
ZONES = ["Europe/London", "America/New_York", "Asia/Singapore", "Asia/Kolkata", "UTC"]


def _key(slot: SlotProposal) -> tuple[Any, Any]:
    return slot.start.date(), slot.start.time()


def test_the_choices_for_two_quiet_weeks_are_on_different_days_and_times() -> None:
    people = [
        Participant("ada", "Europe/London", time(9), time(17), "emea"),
        Participant("bea", "America/New_York", time(9), time(17), "americas"),
        Participant("chen", "Asia/Singapore", time(9), time(17), "apac"),
    ]

    ranked = plan_slots(people, start=JUNE, end=JUNE + 14 * DAY, duration=HOUR, limit=8)
    offered = plan_slots(
        people, start=JUNE, end=JUNE + 14 * DAY, duration=HOUR, limit=8, distinct=True
    )

    # Plain ranking: 13:00 UTC, day after day (what the page used to offer).
    assert {slot.start.time() for slot in ranked} == {time(13)}
    assert len({slot.start.date() for slot in offered}) == 8
    assert len({slot.start.time() for slot in offered}) == 8
    assert offered[0] == ranked[0]


people_strategy = st.lists(
    st.builds(
        lambda tz, begin, length: (tz, time(begin), time((begin + length) % 24)),
        st.sampled_from(ZONES),
        st.integers(5, 11),
        st.integers(6, 10),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=40, deadline=None)
@given(people_strategy, st.integers(1, 8), st.integers(0, 6))
def test_each_choice_is_the_best_time_on_a_new_day_at_a_new_hour(
    hours: list[tuple[str, time, time]], limit: int, extra_days: int
) -> None:
    people = [Participant(n, tz, begin, end) for n, (tz, begin, end) in enumerate(hours)]
    days = limit + extra_days
    everything = plan_slots(people, start=JUNE, end=JUNE + days * DAY, duration=HOUR, limit=None)

    offered = plan_slots(
        people, start=JUNE, end=JUNE + days * DAY, duration=HOUR, limit=limit, distinct=True
    )

    assert len(offered) == limit
    assert len({slot.start.date() for slot in offered}) == limit
    assert len({slot.start.time() for slot in offered}) == limit
    assert offered[0] == everything[0]
    assert [slot.rank for slot in offered] == sorted(slot.rank for slot in offered)
    # Brute force: every better time left out shares a day or an hour with a better choice.
    chosen = {_key(slot) for slot in offered}
    for slot in everything[: offered[-1].rank - 1]:
        if _key(slot) in chosen:
            continue
        better = [c for c in offered if c.rank < slot.rank]
        assert any(
            c.start.date() == slot.start.date() or c.start.time() == slot.start.time()
            for c in better
        ), f"{slot.start} was left out for no reason"


def test_the_find_a_time_page_offers_distinct_times(
    facilitator: Any, community: Any, circle: Any
) -> None:
    response = client_for(facilitator).get(
        "/c/acme/events/find-a-time/",
        {"circle": circle.pk, "duration": 60, "start": "2027-03-01", "days": 14, "sessions": 1},
    )

    assert response.status_code == 200
    starts = [row[0].start for row in response.context["rows"]]
    assert len(starts) == 8
    assert len({start.time() for start in starts}) == 8
    assert len({start.date() for start in starts}) == 8


def test_the_planner_package_stays_pure() -> None:
    import ast
    from pathlib import Path

    import salon.events.planner as package

    for path in Path(package.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        imported = {
            name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for name in (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
            )
        }
        assert not {m for m in imported if m.split(".")[0] == "django"}, path.name
        assert not {m for m in imported if m.startswith("salon.") and ".planner" not in m}, (
            path.name
        )
