"""Learning paths: a cohort follows the steps, reflects, sets a goal and finishes; the
facilitator sees who is stuck and reminds them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from salon.core.models import AuditEvent
from salon.goals.services.goals import goal_create
from salon.notifications.models import Notification
from salon.resources.models import Mark, PathEnrolment, StepCompletion
from salon.resources.selectors import path_progress, paths_completed
from salon.resources.services.paths import (
    PathPlan,
    StepPlan,
    path_completed,
    path_create,
    path_set_status,
    step_add,
)


@pytest.fixture
def cohort_path(facilitator: Any, community: Any, circle: Any, publish: Any) -> Any:
    case = publish(title="Case: Entering Japan")
    path = path_create(
        actor=facilitator,
        community=community,
        plan=PathPlan(title="Leading across cultures", circle=circle),
    )
    today = timezone.localdate()
    step_add(
        actor=facilitator,
        path=path,
        plan=StepPlan(kind="resource", title="", resource=case, due_on=today - timedelta(days=3)),
    )
    step_add(
        actor=facilitator,
        path=path,
        plan=StepPlan(kind="reflection", title="Reflect", instructions="A misunderstanding?"),
    )
    step_add(actor=facilitator, path=path, plan=StepPlan(kind="goal", title="Set a goal"))
    path_set_status(actor=facilitator, path=path, status="published")
    return path


def test_a_member_follows_the_cohort_path_to_the_end(
    as_user: Any, member: Any, community: Any, competency: Any, cohort_path: Any
) -> None:
    first, reflect, goal_step = cohort_path.steps.all()
    client = as_user(member)
    finished: list[Any] = []
    path_completed.connect(lambda **kw: finished.append(kw["path"]), weak=False)

    assert "Leading across cultures" in client.get("/c/acme/paths/").content.decode()
    assert client.post(f"/path-steps/{first.pk}/done/").status_code == 302
    # Reading the case through the path marks the case done in the library too.
    assert Mark.objects.filter(user=member, resource=first.resource, kind="done").exists()

    client.post(f"/path-steps/{reflect.pk}/done/", {"reflection": ""})
    assert not StepCompletion.objects.filter(step=reflect).exists()
    client.post(f"/path-steps/{reflect.pk}/done/", {"reflection": "I read silence as agreement."})

    goal = goal_create(
        owner=member,
        community=community,
        competency=competency,
        title="Lead the Osaka partnership",
        success_looks_like="A signed term sheet.",
        visibility="only_me",
    )
    client.post(f"/path-steps/{goal_step.pk}/done/", {"goal": goal.pk})

    enrolment = PathEnrolment.objects.get(user=member, path=cohort_path)
    assert enrolment.completed_at is not None
    assert AuditEvent.objects.filter(action="resources.path.completed").count() == 1
    assert finished == [cohort_path]
    assert [e.path for e in paths_completed(user_ids=[member.pk])] == [cohort_path]
    page = client.get(f"/paths/{cohort_path.pk}/").content.decode()
    assert "You finished this path" in page
    assert "I read silence as agreement." in page


def test_a_goal_step_takes_only_ones_own_goal(
    as_user: Any, member: Any, director: Any, community: Any, competency: Any, cohort_path: Any
) -> None:
    goal_step = cohort_path.steps.get(kind="goal")
    theirs = goal_create(
        owner=director,
        community=community,
        competency=competency,
        title="Director's goal",
        success_looks_like="x",
        visibility="community",
    )

    response = as_user(member).post(
        f"/api/v1/path-steps/{goal_step.pk}/done",
        {"goal": theirs.pk},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert not StepCompletion.objects.filter(step=goal_step).exists()


def test_reflections_are_for_the_member_and_the_facilitators_not_peers(
    as_user: Any, member: Any, facilitator: Any, guest: Any, cohort_path: Any, circle: Any
) -> None:
    from salon.communities.models import CircleMembership

    CircleMembership.objects.create(circle=circle, user=guest)
    reflect = cohort_path.steps.get(kind="reflection")
    as_user(member).post(f"/path-steps/{reflect.pk}/done/", {"reflection": "Private words."})

    assert "Private words." in as_user(member).get(f"/paths/{cohort_path.pk}/").content.decode()
    assert (
        "Private words." in as_user(facilitator).get(f"/paths/{cohort_path.pk}/").content.decode()
    )
    assert "Private words." not in as_user(guest).get(f"/paths/{cohort_path.pk}/").content.decode()


def test_the_facilitator_sees_who_is_stuck_and_reminds_them(
    as_user: Any, member: Any, facilitator: Any, cohort_path: Any
) -> None:
    first = cohort_path.steps.first()

    progress = path_progress(path=cohort_path)
    assert progress.participants == 1
    assert [p.pk for p in progress.steps[0].stuck] == [member.pk]  # overdue first step
    page = as_user(facilitator).get(f"/paths/{cohort_path.pk}/progress/").content.decode()
    assert "Maya Member" in page

    response = as_user(facilitator).post(f"/path-steps/{first.pk}/nudge/", {"people": [member.pk]})

    assert response.status_code == 302
    nudge = Notification.objects.get(recipient=member, kind="resources.nudged")
    assert "Case: Entering Japan" in nudge.data["step"]
    # Again the same day: nobody is told twice.
    as_user(facilitator).post(f"/path-steps/{first.pk}/nudge/", {"people": [member.pk]})
    assert Notification.objects.filter(recipient=member, kind="resources.nudged").count() == 1


def test_someone_off_the_path_is_not_nudged(
    as_user: Any, facilitator: Any, guest: Any, cohort_path: Any
) -> None:
    first = cohort_path.steps.first()

    as_user(facilitator).post(f"/path-steps/{first.pk}/nudge/", {"people": [guest.pk]})

    assert not Notification.objects.filter(kind="resources.nudged").exists()


def test_a_draft_path_is_the_facilitators_until_published(
    as_user: Any, member: Any, facilitator: Any, community: Any
) -> None:
    draft = path_create(actor=facilitator, community=community, plan=PathPlan(title="Draft"))

    assert as_user(member).get(f"/paths/{draft.pk}/").status_code == 404
    refused = as_user(facilitator).post(f"/paths/{draft.pk}/status/", {"status": "published"})
    assert refused.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "draft"  # no steps yet: not published


def test_my_paths_lists_the_cohort_path_with_my_progress(
    as_user: Any, member: Any, cohort_path: Any
) -> None:
    client = as_user(member)
    client.post(
        f"/api/v1/path-steps/{cohort_path.steps.first().pk}/done",
        {},
        content_type="application/json",
    )

    mine = client.get("/api/v1/me/paths").json()

    assert [(p["title"], p["steps"], p["done"]) for p in mine["items"]] == [
        ("Leading across cultures", 3, 1)
    ]


def test_my_progress_counts_my_steps_whoever_else_follows_the_path(
    as_user: Any, member: Any, director: Any, facilitator: Any, cohort_path: Any
) -> None:
    # Others following the same path once multiplied the member's own count ("38 of 6").
    for other in (director, facilitator):
        PathEnrolment.objects.create(path=cohort_path, user=other)
        StepCompletion.objects.create(step=cohort_path.steps.first(), user=other)
    client = as_user(member)
    client.post(
        f"/api/v1/path-steps/{cohort_path.steps.first().pk}/done",
        {},
        content_type="application/json",
    )

    mine = client.get("/api/v1/me/paths").json()
    home = client.get("/", follow=True)
    home_page = home.content.decode()

    assert [(p["steps"], p["done"]) for p in mine["items"]] == [(3, 1)]
    assert home.status_code == 200, home.redirect_chain
    assert "Learning path: 1 of 3 steps done" in home_page


def test_the_members_export_holds_their_reflections_and_not_others(
    as_user: Any, member: Any, facilitator: Any, cohort_path: Any
) -> None:
    from salon.accounts.services import personal_data_export

    reflect = cohort_path.steps.get(kind="reflection")
    as_user(member).post(f"/path-steps/{reflect.pk}/done/", {"reflection": "Mine alone."})

    mine = personal_data_export(user=member)
    theirs = personal_data_export(user=facilitator)

    assert [s["reflection"] for s in mine["learning_path_steps_done"]] == ["Mine alone."]
    assert theirs["learning_path_steps_done"] == []
