"""The shared space has one read model (``mentorship_space``): the page and the API show the
same open actions and the same check-in states, each to its own viewer."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from conftest import client_for
from salon.mentoring.models import ActionItem, Programme
from salon.mentoring.selectors.mentorships import mentorship_space


def test_the_page_and_the_api_show_the_same_space(
    programme: Programme, make_mentorship: Any, member: Any, mentor: Any
) -> None:
    today = date.today()
    Programme.objects.filter(pk=programme.pk).update(
        starts_on=today - timedelta(days=150), ends_on=today + timedelta(days=5)
    )
    mentorship = make_mentorship()
    ActionItem.objects.create(
        # Two days back: overdue in every time zone, whatever the hour of the run.
        mentorship=mentorship,
        text="Read",
        owner=member,
        due_on=today - timedelta(days=2),
    )
    ActionItem.objects.create(mentorship=mentorship, text="Write", owner=mentor)
    client_for(member).post(
        f"/mentoring/{mentorship.pk}/check-in/mid/", {"satisfaction": "4", "progress": "4"}
    )

    space = mentorship_space(mentorship=mentorship, viewer=mentor)
    api = client_for(mentor).get(f"/api/v1/mentorships/{mentorship.pk}").json()
    page = client_for(mentor).get(mentorship.get_absolute_url())

    assert page.status_code == 200
    assert api["open_action_items"] == space.open_actions == 2
    assert [c["answered_by_other"] for c in api["check_ins"]] == [True, False]
    assert [c.other_done for c in page.context["check_ins"]] == [True, False]
    overdue = [i.is_overdue for i in space.items]  # type: ignore[attr-defined]
    assert [i.is_overdue for i in page.context["items"]] == overdue
    assert sorted(overdue) == [False, True]
    assert "Maya has answered." in page.content.decode()
