"""An event made from a module: a live session without an event gets one at the fair
planner's best time for its cohort, within the session's dates, linked to the item."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from conftest import client_for
from salon.events.models import Event
from salon.programmes.services.curriculum import ItemPlan, item_add
from salon.programmes.tests.conftest import TODAY


def test_a_live_session_gets_its_event_at_a_fair_time_for_the_cohort(
    director: Any, member: Any, module: Any, cohort: Any
) -> None:
    session = item_add(
        actor=director,
        module=module,
        plan=ItemPlan(
            kind="session", title="Scenario planning, live", due_on=TODAY + timedelta(days=10)
        ),
    )

    response = client_for(director).post(f"/programme-items/{session.pk}/plan-event/")

    session.refresh_from_db()
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert session.event == event
    assert (event.title, event.circle) == ("Scenario planning, live", cohort)
    earliest = datetime.combine(TODAY + timedelta(days=1), time(0), UTC)
    latest = datetime.combine(TODAY + timedelta(days=11), time(0), UTC)
    assert earliest <= event.starts_at < latest
    # The module's page no longer offers to plan it; the programme links to its notes.
    page = client_for(director).get(f"/programme-modules/{module.pk}/").content.decode()
    assert "Plan its event at a fair time" not in page


def test_only_the_programme_team_plans_a_session_and_only_once(
    director: Any, member: Any, module: Any
) -> None:
    session = item_add(actor=director, module=module, plan=ItemPlan(kind="session", title="Live"))

    assert client_for(member).post(f"/programme-items/{session.pk}/plan-event/").status_code == 403
    client_for(director).post(f"/programme-items/{session.pk}/plan-event/")
    client_for(director).post(f"/programme-items/{session.pk}/plan-event/")

    assert Event.objects.count() == 1
