"""A member's own goals: setting one, checking in, milestones, edits with history, and the
encouragement of peers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import client_for
from salon.goals.models import CheckIn, Encouragement, Goal, GoalRevision, Milestone
from salon.goals.services.goals import local_today
from salon.notifications.models import Notification


def test_a_member_sets_a_goal_linked_to_a_competency_and_an_objective(
    member: Any, circle: Any, competency: Any, objective: Any
) -> None:
    response = client_for(member).post(
        "/c/acme/goals/new/",
        {
            "title": "Give my leadership team more room to decide",
            "competency": competency.pk,
            "objective": objective.pk,
            "success_looks_like": "Three decisions a month made without me.",
            "visibility": "circle",
            "circle": circle.pk,
            "cadence": "weekly",
            "partner": "",
            "ms-TOTAL_FORMS": "3",
            "ms-INITIAL_FORMS": "0",
            "ms-MIN_NUM_FORMS": "0",
            "ms-MAX_NUM_FORMS": "12",
            "ms-0-title": "Agree decision rights with the team",
            "ms-0-due": "2026-03-01",
        },
    )

    goal = Goal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == goal.get_absolute_url()
    assert (goal.owner, goal.competency, goal.objective, goal.circle) == (
        member,
        competency,
        objective,
        circle,
    )
    assert goal.next_check_in_due == local_today(member) + timedelta(days=7)
    assert list(goal.milestones.values_list("title", flat=True)) == [
        "Agree decision rights with the team"
    ]
    page = client_for(member).get(goal.get_absolute_url()).content.decode()
    assert "Three decisions a month made without me." in page
    assert "Grow the next generation of leaders" in page


def test_a_goal_cannot_be_shared_with_a_circle_the_owner_is_not_in(
    stranger: Any, circle: Any, competency: Any
) -> None:
    response = client_for(stranger).post(
        "/api/v1/me/goals",
        {
            "community": "acme",
            "competency": competency.pk,
            "title": "Sneak into EMEA",
            "success_looks_like": "They see me.",
            "visibility": "circle",
            "circle": "emea",
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "You can share a goal only with a circle you are in."}
    assert not Goal.objects.exists()


def test_checking_in_records_progress_and_sets_the_next_due_date_from_the_cadence(
    member: Any, make_goal: Any
) -> None:
    goal = make_goal("circle", cadence="biweekly")
    client = client_for(member)

    response = client.post(
        f"/goals/{goal.pk}/check-in/",
        {
            "progress": "40",
            "confidence": "7",
            "helped": "Weekly one-to-ones.",
            "blocked": "",
            "next_step": "Hand over the budget review.",
        },
    )

    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.progress, goal.confidence) == (40, 7)
    assert goal.next_check_in_due == local_today(member) + timedelta(days=14)
    check_in = CheckIn.objects.get()
    assert check_in.next_step == "Hand over the budget review."
    page = client.get(goal.get_absolute_url()).content.decode()
    assert "Weekly one-to-ones." in page
    assert "<polyline" not in page  # one check-in: a dot, no line yet
    assert 'class="dot"' in page


def test_a_check_in_through_the_api_and_bad_input_are_answered_in_json(
    member: Any, peer: Any, make_goal: Any
) -> None:
    goal = make_goal("community")
    url = f"/api/v1/goals/{goal.pk}/check-ins"

    ok = client_for(member).post(
        url, {"progress": 65, "confidence": 8}, content_type="application/json"
    )
    too_much = client_for(member).post(
        url, {"progress": 120, "confidence": 8}, content_type="application/json"
    )
    not_mine = client_for(peer).post(
        url, {"progress": 10, "confidence": 8}, content_type="application/json"
    )

    assert ok.status_code == 201
    assert ok.json()["progress"] == 65
    assert too_much.status_code == 422
    assert not_mine.status_code == 403
    assert "detail" in not_mine.json()
    assert CheckIn.objects.count() == 1


def test_the_accountability_partner_hears_of_each_check_in(
    member: Any, stranger: Any, make_goal: Any
) -> None:
    goal = make_goal("only_me", partner=stranger)

    client_for(member).post(f"/goals/{goal.pk}/check-in/", {"progress": "20", "confidence": "5"})

    kinds = list(Notification.objects.filter(recipient=stranger).values_list("kind", flat=True))
    assert sorted(kinds) == ["goals.partner_checked_in", "goals.partner_named"]


def test_milestones_are_ticked_off_in_place(member: Any, make_goal: Any) -> None:
    from salon.goals.services.goals import MilestonePlan

    goal = make_goal("community", milestones=[MilestonePlan(title="Offsite with my team")])
    milestone = Milestone.objects.get()

    response = client_for(member).post(
        f"/goals/{goal.pk}/milestones/{milestone.pk}/toggle/", headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.done_at is not None


def test_a_circle_peer_encourages_a_goal_and_the_owner_is_told(
    member: Any, peer: Any, make_goal: Any
) -> None:
    goal = make_goal("circle", title="Coach, don't tell")

    response = client_for(peer).post(
        f"/goals/{goal.pk}/encourage/",
        {"kind": "help", "body": "I ran the same change last year: happy to talk."},
    )

    assert response.status_code == 302
    encouragement = Encouragement.objects.get()
    assert (encouragement.author, encouragement.kind) == (peer, "help")
    notification = Notification.objects.get(recipient=member)
    assert notification.kind == "goals.encouraged"
    assert notification.actor == peer
    assert notification.url == goal.get_absolute_url()
    assert notification.data["excerpt"] == "I ran the same change last year: happy to talk."
    page = client_for(member).get(goal.get_absolute_url()).content.decode()
    assert "I ran the same change last year" in page


def test_a_cheer_from_the_board_is_one_cheer_however_often_it_is_clicked(
    member: Any, peer: Any, make_goal: Any
) -> None:
    goal = make_goal("circle")
    client = client_for(peer)

    first = client.post(
        f"/goals/{goal.pk}/encourage/", {"kind": "cheer"}, headers={"HX-Request": "true"}
    )
    client.post(f"/goals/{goal.pk}/encourage/", {"kind": "cheer"}, headers={"HX-Request": "true"})

    assert first.status_code == 200
    assert "Cheered" in first.content.decode()
    assert Encouragement.objects.count() == 1
    assert Notification.objects.filter(recipient=member, kind="goals.encouraged").count() == 1


def test_owners_do_not_encourage_themselves(member: Any, make_goal: Any) -> None:
    goal = make_goal("community")

    response = client_for(member).post(f"/goals/{goal.pk}/encourage/", {"kind": "cheer"})

    assert response.status_code == 403
    assert not Encouragement.objects.exists()


def test_an_edit_keeps_the_earlier_words_and_a_cadence_change_moves_the_due_date(
    member: Any, make_goal: Any, competency: Any
) -> None:
    goal = make_goal("only_me", title="Listen more", cadence="monthly")

    response = client_for(member).post(
        f"/goals/{goal.pk}/edit/",
        {
            "title": "Listen first in every meeting",
            "competency": competency.pk,
            "objective": "",
            "success_looks_like": goal.success_looks_like,
            "visibility": "only_me",
            "circle": "",
            "cadence": "weekly",
            "partner": "",
        },
    )

    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Listen first in every meeting"
    assert goal.next_check_in_due == local_today(member) + timedelta(days=7)
    assert GoalRevision.objects.get().title == "Listen more"


def test_marking_a_goal_achieved_closes_it(member: Any, make_goal: Any) -> None:
    goal = make_goal("community")

    client_for(member).post(f"/goals/{goal.pk}/status/", {"status": "achieved"})

    goal.refresh_from_db()
    assert (goal.status, goal.progress) == ("achieved", 100)
    assert goal.closed_at is not None
    response = client_for(member).post(
        f"/goals/{goal.pk}/check-in/", {"progress": "50", "confidence": "5"}
    )
    assert response.status_code == 403


def test_my_goals_draws_progress_over_time_as_an_accessible_svg(
    member: Any, make_goal: Any
) -> None:
    goal = make_goal("community", title="Speak at the town hall")
    for days_ago, progress in ((21, 10), (14, 30), (7, 45)):
        CheckIn.objects.create(
            goal=goal,
            at=timezone.now() - timedelta(days=days_ago),
            progress=progress,
            confidence=6,
        )

    body = client_for(member).get("/goals/").content.decode()

    assert '<svg class="progress-chart"' in body
    assert 'role="img"' in body
    assert f'aria-labelledby="chart-{goal.pk}-t chart-{goal.pk}-d"' in body
    assert "Progress over time: Speak at the town hall" in body
    assert "3 check-ins from" in body
    assert "<polyline" in body
    assert "style=" not in body  # the CSP forbids inline styles


def test_the_api_creates_a_goal_and_lists_it(
    member: Any, competency: Any, objective: Any, stranger: Any
) -> None:
    response = client_for(member).post(
        "/api/v1/me/goals",
        {
            "community": "acme",
            "competency": competency.pk,
            "objective": objective.pk,
            "title": "Build my successor",
            "success_looks_like": "Someone ready to step in by June.",
            "visibility": "only_me",
            "cadence": "monthly",
            "partner": stranger.pk,
            "milestones": [{"title": "Name two candidates", "due": "2026-03-31"}],
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["competency"]["id"] == competency.pk
    assert body["competency"]["name"] == "Developing others"
    assert len(body["competency"]["behaviours"]) == 4
    assert body["partner"] == stranger.pk
    assert body["milestones"][0]["title"] == "Name two candidates"
    listed = client_for(member).get("/api/v1/me/goals?status=active").json()
    assert [g["title"] for g in listed["items"]] == ["Build my successor"]


def test_a_retired_competency_cannot_be_chosen_for_a_new_goal(
    director: Any, member: Any, competency: Any
) -> None:
    client_for(director).post(f"/c/acme/competencies/{competency.pk}/retire/", {"retired": "1"})

    response = client_for(member).post(
        "/api/v1/me/goals",
        {
            "community": "acme",
            "competency": competency.pk,
            "title": "Coach",
            "success_looks_like": "Better",
            "visibility": "only_me",
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "retired" in response.json()["detail"]


def test_a_cheer_on_the_board_updates_the_goals_encouragement_count_in_place(
    member: Any, peer: Any, make_goal: Any
) -> None:
    goal = make_goal("circle")
    client = client_for(peer)
    board = client.get("/c/acme/circles/emea/goals/").content.decode()
    assert f'id="goal-{goal.pk}-tally"' in board
    assert "0 encouragements" in board

    response = client.post(
        f"/goals/{goal.pk}/encourage/",
        {"kind": "cheer", "on_board": "1"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert Encouragement.objects.filter(goal=goal).count() == 1
    page = response.content.decode()
    assert "Cheered" in page
    # The tally beside the button is swapped too (out of band), so it reads 1 at once.
    assert f'id="goal-{goal.pk}-tally" hx-swap-oob="true"' in page
    assert "1 encouragement<" in page


def test_a_cheer_on_the_goals_own_page_shows_in_its_encouragement_list(
    member: Any, peer: Any, make_goal: Any
) -> None:
    goal = make_goal("circle")
    client = client_for(peer)
    page = client.get(goal.get_absolute_url()).content.decode()
    # A whole-page answer: the list of encouragement below the button changes too.
    assert f'hx-post="/goals/{goal.pk}/encourage/"' not in page

    response = client.post(
        f"/goals/{goal.pk}/encourage/", {"kind": "cheer", "next": goal.get_absolute_url()}
    )

    assert response.status_code == 302
    assert response["Location"] == goal.get_absolute_url()
    page = client.get(goal.get_absolute_url()).content.decode()
    assert "Nothing yet." not in page
    assert "<strong>Pia Peer</strong>" in page
