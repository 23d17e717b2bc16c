"""Who sees a personal goal, level by level, in pages, the API, boards, notifications and
the directors' overview (search: test_search.py). Maya (member) owns every goal here; Pia
shares her EMEA circle; Sam is a member outside it; directors and facilitators get no way
round a goal's level."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conftest import client_for
from salon.goals.models import Goal

VIEWERS = ["member", "peer", "stranger", "facilitator", "director", "guest", "outsider"]

# level -> the viewers (in VIEWERS order) who may see Maya's goal.
SEEN_BY: dict[str, set[str]] = {
    "only_me": {"member"},
    "mentor": {"member"},  # nobody here mentors Maya (a mentor's view is tested below)
    "circle": {"member", "peer"},
    "community": {"member", "peer", "stranger", "facilitator", "director"},
}


@pytest.fixture
def people(
    member: Any,
    peer: Any,
    stranger: Any,
    facilitator: Any,
    director: Any,
    guest: Any,
    outsider: Any,
) -> dict[str, Any]:
    return {
        "member": member,
        "peer": peer,
        "stranger": stranger,
        "facilitator": facilitator,
        "director": director,
        "guest": guest,
        "outsider": outsider,
    }


@pytest.mark.parametrize("level", list(SEEN_BY))
def test_each_level_shows_the_goal_page_and_api_to_exactly_its_audience(
    people: dict[str, Any], make_goal: Any, level: str
) -> None:
    goal = make_goal(level, title=f"Secret {level} goal")

    for name in VIEWERS:
        client = client_for(people[name])
        page = client.get(goal.get_absolute_url())
        api = client.get(f"/api/v1/goals/{goal.pk}")
        expected = 200 if name in SEEN_BY[level] else 404
        assert page.status_code == expected, f"{level} page for {name}"
        assert api.status_code == expected, f"{level} API for {name}"
        if expected == 404:
            assert api.json() == {"detail": "Not found."}
            assert f"Secret {level} goal" not in page.content.decode()


def test_a_mentor_sees_a_goal_shared_with_mentors_once_mentoring_names_them(
    member: Any, stranger: Any, peer: Any, community: Any, make_goal: Any
) -> None:
    from django.utils import timezone

    from salon.mentoring.models import Mentorship, MentorshipStatus, Programme

    goal = make_goal("mentor", title="Lead the board review")
    # Sam mentors Maya in one of the community's programmes.
    programme = Programme.objects.create(
        community=community, name="Mentoring", starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30)
    )
    mentorship = Mentorship.objects.create(
        programme=programme, mentee=member, mentor=stranger, started_at=timezone.now()
    )

    assert client_for(stranger).get(goal.get_absolute_url()).status_code == 200
    assert client_for(peer).get(goal.get_absolute_url()).status_code == 404
    # Once the mentorship ends, so does the mentor's view of the goal.
    Mentorship.objects.filter(pk=mentorship.pk).update(status=MentorshipStatus.ENDED_EARLY)
    assert client_for(stranger).get(goal.get_absolute_url()).status_code == 404


def test_the_accountability_partner_sees_the_goal_and_its_notes_whatever_its_level(
    member: Any, stranger: Any, peer: Any, make_goal: Any, committed: Any
) -> None:
    from salon.goals.services.goals import check_in_create

    goal = make_goal("only_me", title="Delegate the Lagos launch", partner=stranger)
    committed(
        check_in_create,
        actor=member,
        goal=goal,
        progress=30,
        confidence=7,
        blocked="Board prep ate my week.",
    )

    partner_page = client_for(stranger).get(goal.get_absolute_url())

    assert partner_page.status_code == 200
    assert "Board prep ate my week." in partner_page.content.decode()
    assert client_for(peer).get(goal.get_absolute_url()).status_code == 404


def test_peers_who_see_a_goal_see_its_progress_but_not_its_check_in_notes(
    member: Any, peer: Any, make_goal: Any, committed: Any
) -> None:
    from salon.goals.services.goals import check_in_create

    goal = make_goal("circle")
    committed(
        check_in_create, actor=member, goal=goal, progress=55, confidence=6, blocked="My boss."
    )

    body = client_for(peer).get(goal.get_absolute_url()).content.decode()

    assert "55%" in body
    assert "My boss." not in body


def test_the_circle_board_lists_only_what_each_viewer_may_see(
    member: Any, peer: Any, stranger: Any, director: Any, make_goal: Any
) -> None:
    for level in SEEN_BY:
        make_goal(level, title=f"Board {level} goal")

    seen = {
        name: client_for(person).get("/c/acme/circles/emea/goals/").content.decode()
        for name, person in {"peer": peer, "stranger": stranger, "director": director}.items()
    }

    assert "Board circle goal" in seen["peer"]
    assert "Board community goal" in seen["peer"]
    for name in ("peer", "stranger", "director"):
        assert "Board only_me goal" not in seen[name]
        assert "Board mentor goal" not in seen[name]
    # Outside the circle, only what is shared with the whole community.
    assert "Board circle goal" not in seen["stranger"]
    assert "Board circle goal" not in seen["director"]
    assert "Board community goal" in seen["director"]


def test_the_board_of_a_private_circle_is_hidden_from_those_who_cannot_see_the_circle(
    member: Any, private_circle: Any
) -> None:
    assert client_for(member).get("/c/acme/circles/board/goals/").status_code == 404


def test_the_directors_overview_counts_every_goal_and_shows_none_they_may_not_see(
    director: Any, facilitator: Any, member: Any, make_goal: Any
) -> None:
    for level in SEEN_BY:
        make_goal(level, title=f"Overview {level} goal")

    for steward in (director, facilitator):
        response = client_for(steward).get("/c/acme/goals/overview/")
        body = response.content.decode()

        assert response.status_code == 200
        assert response.context["stats"]["active"] == 4
        for level in ("only_me", "mentor", "circle", "community"):
            assert f"Overview {level} goal" not in body
        assert "Developing others" in body  # the competency, counted
    assert client_for(member).get("/c/acme/goals/overview/").status_code == 403


def test_my_goals_lists_my_own_goals_at_every_level_and_nobody_elses(
    member: Any, peer: Any, make_goal: Any
) -> None:
    for level in SEEN_BY:
        make_goal(level, title=f"Mine {level}")
    make_goal("community", owner=peer, title="Pia's public goal")

    body = client_for(member).get("/goals/").content.decode()
    api = client_for(member).get("/api/v1/me/goals").json()

    for level in SEEN_BY:
        assert f"Mine {level}" in body
    assert "Pia's public goal" not in body
    assert api["count"] == 4
    assert {g["visibility"] for g in api["items"]} == set(SEEN_BY)


@pytest.mark.parametrize("level", list(SEEN_BY))
def test_each_level_lets_exactly_its_audience_encourage_and_tells_the_owner_only_of_them(
    people: dict[str, Any], member: Any, make_goal: Any, level: str
) -> None:
    from salon.notifications.models import Notification

    goal = make_goal(level, title=f"Encouraged {level} goal")

    for name in VIEWERS[1:]:  # everyone but Maya, the owner
        response = client_for(people[name]).post(
            f"/goals/{goal.pk}/encourage/", {"kind": "comment", "body": f"Go, from {name}!"}
        )
        assert response.status_code == (302 if name in SEEN_BY[level] else 404), name

    told = Notification.objects.filter(recipient=member, kind="goals.encouraged")
    assert {n.actor_id for n in told} == {people[name].pk for name in SEEN_BY[level] - {"member"}}
    assert not Notification.objects.exclude(recipient=member).exists()


@pytest.mark.parametrize("level", list(SEEN_BY))
def test_at_each_level_the_partner_and_the_owner_are_told_and_nobody_else(
    people: dict[str, Any], member: Any, stranger: Any, make_goal: Any, level: str
) -> None:
    from django.test import TestCase
    from django.utils import timezone

    from salon.goals.tasks import check_ins_remind_due
    from salon.notifications.models import Notification

    goal = make_goal(level, title=f"Partnered {level} goal", partner=stranger)
    client_for(member).post(f"/goals/{goal.pk}/check-in/", {"progress": "20", "confidence": "5"})
    Goal.objects.filter(pk=goal.pk).update(next_check_in_due=date(2020, 1, 1))
    with TestCase.captureOnCommitCallbacks(execute=True):
        check_ins_remind_due(now=timezone.now())

    told = set(Notification.objects.values_list("recipient__email", "kind"))
    assert told == {
        (stranger.email, "goals.partner_named"),
        (stranger.email, "goals.partner_checked_in"),
        (member.email, "goals.check_in_due"),
    }


def test_someone_who_cannot_see_a_goal_cannot_encourage_it_and_the_owner_hears_nothing(
    member: Any, stranger: Any, make_goal: Any
) -> None:
    from salon.notifications.models import Notification

    goal = make_goal("circle")

    response = client_for(stranger).post(
        f"/goals/{goal.pk}/encourage/", {"kind": "comment", "body": "Go!"}
    )

    assert response.status_code == 404
    assert not goal.encouragements.exists()
    assert not Notification.objects.filter(recipient=member).exists()


def test_guests_and_outsiders_cannot_set_goals(guest: Any, outsider: Any, community: Any) -> None:
    assert client_for(guest).get("/c/acme/goals/new/").status_code == 403
    assert client_for(outsider).get("/c/acme/goals/new/").status_code == 404
    assert not Goal.objects.exists()


def test_the_overview_does_not_count_one_or_two_people_on_a_competency(
    director: Any, make_goal: Any
) -> None:
    make_goal("only_me", title="A lonely goal")

    response = client_for(director).get("/c/acme/goals/overview/")

    row = next(c for c in response.context["stats"]["by_competency"] if c.active)
    assert row.active_shown == "withheld"
    # The total would give the one goal away: it is withheld too.
    assert response.context["stats"]["active_shown"] == "withheld"
    assert "<strong>1</strong><span>active goals" not in response.content.decode()
