"""The member's week on the home page and in ``GET /api/v1/me/week``: one read model, each
part only when it has something, and the same number of queries with ten times the data."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import client_for, join, make_user
from salon.communities.models import CircleMembership
from salon.events.models import EventFormat
from salon.events.services import EventPlan, event_create
from salon.feedback.services.peer import feedback_request_create
from salon.goals.models import Competency, Goal
from salon.goals.services.goals import goal_create
from salon.programmes.models import Item
from salon.programmes.services.curriculum import ItemPlan, item_add
from salon.programmes.services.progress import item_done
from salon.programmes.tests.conftest import TODAY


def _session(director: Any, community: Any, title: str, days: int = 2) -> Any:
    webinar = EventFormat.objects.get_or_create(slug="webinar", defaults={"name": "Webinar"})[0]
    start = (datetime.now() + timedelta(days=days)).replace(hour=9, minute=0, second=0)
    return event_create(
        actor=director,
        community=community,
        plan=EventPlan(
            title=title,
            format=webinar,
            timezone="UTC",
            start_local=start,
            duration=timedelta(hours=1),
        ),
    )


def _goal_due(member: Any, community: Any, title: str) -> Goal:
    competency = Competency.objects.get_or_create(community=community, name="Strategy")[0]
    goal = goal_create(
        owner=member,
        community=community,
        competency=competency,
        title=title,
        success_looks_like="Clear.",
        visibility="only_me",
    )
    Goal.objects.filter(pk=goal.pk).update(next_check_in_due=TODAY - timedelta(days=1))
    return goal


def _fill(director: Any, member: Any, community: Any, cohort: Any, module: Any, n: int) -> None:
    for i in range(n):
        asker = make_user(f"asker{n}-{i}@acme.test", f"Asker {n} {i}")
        join(asker, community)
        CircleMembership.objects.create(circle=cohort, user=asker)
        feedback_request_create(
            actor=asker, community=community, recipients=[member], situation=f"Board talk {n} {i}"
        )
        _session(director, community, f"Session {n} {i}")
        item_add(
            actor=director,
            module=module,
            plan=ItemPlan(
                kind="assignment", title=f"Assignment {n} {i}", due_on=TODAY + timedelta(days=2)
            ),
        )
        _goal_due(member, community, f"Goal {n} {i}")


def test_the_week_shows_each_part_and_costs_the_same_with_ten_times_the_data(
    director: Any, member: Any, community: Any, cohort: Any, prework: Item
) -> None:
    from salon.feedback.models import PeerSettings

    PeerSettings.objects.update_or_create(community=community, defaults={"requests_per_week": 50})
    client = client_for(member)
    _fill(director, member, community, cohort, prework.module, 1)
    client.get("/home/")
    with CaptureQueriesContext(connection) as small:
        body = client.get("/home/").content.decode()
    _fill(director, member, community, cohort, prework.module, 10)
    with CaptureQueriesContext(connection) as large:
        client.get("/home/")

    assert "Needs you now" in body
    assert "Asker 1 0 asks for your feedback" in body
    assert "Will you come to “Session 1 0”?" in body
    assert "Module 1: Strategy under uncertainty" in body
    assert "Read the scenario planning primer" in body
    assert "Goals to check in on" in body
    assert "Nothing needs you this week" not in body
    # Flat: the week adds one query per part (feedback asked, matches, sessions, programme
    # items and the member's progress, goals due, mentorships, actions from meetings,
    # unread replies).
    assert len(small) == len(large)
    assert len(large) <= 19


def test_a_member_marks_pre_work_done_from_their_week_and_it_leaves(
    member: Any, prework: Item
) -> None:
    client = client_for(member)
    assert "Read the scenario planning primer" in client.get("/home/").content.decode()

    response = client.post(f"/programme-items/{prework.pk}/done/", {"next": "/home/"})

    assert response.status_code == 302
    assert response["Location"] == "/home/"
    body = client.get("/home/").content.decode()
    assert "Done: Read the scenario planning primer." in body  # the confirmation
    assert ": Read the scenario planning primer</span></button>" not in body
    assert "All done in this module" in body


def test_the_api_gives_the_same_week(
    director: Any, member: Any, prework: Item, community: Any
) -> None:
    _goal_due(member, community, "Speak last in meetings")
    event = _session(director, community, "Pricing roundtable")

    week = client_for(member).get("/api/v1/me/week").json()

    assert week["needs_me"]["sessions_to_answer"][0]["id"] == event.pk
    assert [p["module"] for p in week["programmes"]] == ["Strategy under uncertainty"]
    assert week["programmes"][0]["left"][0]["state"] == "due"
    assert [g["title"] for g in week["goals_due"]] == ["Speak last in meetings"]


def test_a_late_item_from_an_earlier_module_stays_in_the_week(
    director: Any, member: Any, prework: Item
) -> None:
    Item.objects.filter(pk=prework.pk).update(due_on=TODAY - timedelta(days=2))

    week = client_for(member).get("/api/v1/me/week").json()

    assert [i["title"] for i in week["needs_me"]["items_due"]] == [prework.title]
    item_done(actor=member, item=prework)
    assert client_for(member).get("/api/v1/me/week").json()["needs_me"]["items_due"] == []


def test_someone_outside_every_cohort_has_no_programme_in_their_week(
    facilitator: Any, prework: Item
) -> None:
    week = client_for(facilitator).get("/api/v1/me/week").json()

    assert week["programmes"] == []
    assert timezone.now().date() >= TODAY
