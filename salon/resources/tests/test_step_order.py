"""A facilitator puts a path's steps in another order with buttons, not by dragging."""

from __future__ import annotations

from typing import Any

import pytest

from salon.core.models import AuditEvent
from salon.resources.services.paths import (
    PathPlan,
    StepPlan,
    path_create,
    path_set_status,
    step_add,
)


@pytest.fixture
def path(facilitator: Any, community: Any) -> Any:
    path = path_create(actor=facilitator, community=community, plan=PathPlan(title="Cultures"))
    for title in ("Read the case", "Reflect", "Set a goal"):
        step_add(actor=facilitator, path=path, plan=StepPlan(kind="reflection", title=title))
    return path_set_status(actor=facilitator, path=path, status="published")


def _titles(path: Any) -> list[str]:
    return list(path.steps.order_by("position").values_list("title", flat=True))


def test_moving_a_step_up_swaps_it_with_the_one_before(
    as_user: Any, facilitator: Any, path: Any
) -> None:
    last = path.steps.get(title="Set a goal")

    response = as_user(facilitator).post(f"/path-steps/{last.pk}/move/", {"direction": "up"})

    assert response.status_code == 302
    assert response["Location"].endswith(f"/paths/{path.pk}/edit/#edit-step-{last.pk}")
    assert _titles(path) == ["Read the case", "Set a goal", "Reflect"]
    assert list(path.steps.order_by("position").values_list("position", flat=True)) == [1, 2, 3]
    assert AuditEvent.objects.filter(action="resources.step.moved").count() == 1


def test_moving_down_past_the_end_changes_nothing(
    as_user: Any, facilitator: Any, path: Any
) -> None:
    first, last = path.steps.get(title="Read the case"), path.steps.get(title="Set a goal")
    client = as_user(facilitator)

    client.post(f"/path-steps/{first.pk}/move/", {"direction": "down"})
    client.post(f"/path-steps/{last.pk}/move/", {"direction": "down"})

    assert _titles(path) == ["Reflect", "Read the case", "Set a goal"]


def test_the_edit_page_offers_move_buttons_a_keyboard_reaches(
    as_user: Any, facilitator: Any, path: Any
) -> None:
    page = as_user(facilitator).get(f"/paths/{path.pk}/edit/").content.decode()

    # The first step can only go down, the last only up: four buttons for three steps.
    assert page.count('name="direction" value="up"') == 2
    assert page.count('name="direction" value="down"') == 2
    assert '<button class="btn btn-link btn-small" type="submit">Move up' in page


def test_a_member_cannot_reorder_the_steps(as_user: Any, member: Any, path: Any) -> None:
    last = path.steps.get(title="Set a goal")

    response = as_user(member).post(f"/path-steps/{last.pk}/move/", {"direction": "up"})

    assert response.status_code == 403
    assert _titles(path) == ["Read the case", "Reflect", "Set a goal"]
