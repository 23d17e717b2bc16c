"""Events in the search service: found by the people who may see them, a series once."""

from __future__ import annotations

from typing import Any

from salon.core.search import search
from salon.events.recurrence import Recurrence


def _titles(user: Any, text: str) -> list[str]:
    return [hit.title for hit in search(user=user, text=text, kind="event")]


def test_members_find_an_event_by_its_title_and_agenda(member: Any, plan_event: Any) -> None:
    plan_event(title="Northwind Hackathon", description="**Build** with [the lab](https://x.test)")

    assert _titles(member, "hackathon") == ["Northwind Hackathon"]
    hit = next(iter(search(user=member, text="lab", kind="event")))
    assert "**" not in hit.snippet_html
    assert "https://x.test" not in hit.snippet_html


def test_a_series_is_found_once(member: Any, plan_event: Any) -> None:
    plan_event(title="Monthly strategy webinar", recurrence=Recurrence(frequency="weekly", count=6))

    assert _titles(member, "strategy webinar") == ["Monthly strategy webinar"]


def test_nobody_finds_an_event_they_may_not_see(
    member: Any, outsider: Any, director: Any, plan_event: Any, private_circle: Any
) -> None:
    plan_event(title="Board offsite", circle=private_circle)

    assert _titles(outsider, "offsite") == []
    assert _titles(member, "offsite") == []
    assert _titles(director, "offsite") == ["Board offsite"]
