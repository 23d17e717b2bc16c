"""A programme's live session linked to an event keeps its notes in one place, the
event's: the programme links there, the event's notes link back to the programme, and
notes written before the event was linked move there with their actions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from conftest import client_for
from salon.circles.models import MeetingAction, MeetingNotes
from salon.circles.tests.conftest import TODAY, session_of
from salon.programmes.services.curriculum import (
    ItemPlan,
    ModulePlan,
    item_add,
    item_update,
    module_add,
)
from salon.programmes.services.programmes import ProgrammePlan, programme_create


def _module(director: Any, community: Any, cohort: Any) -> Any:
    programme = programme_create(
        actor=director,
        community=community,
        plan=ProgrammePlan(
            title="Leading",
            starts_on=TODAY - timedelta(days=10),
            ends_on=TODAY + timedelta(days=60),
            cohorts=[cohort],
        ),
    )
    return module_add(
        actor=director,
        programme=programme,
        plan=ModulePlan(title="M", starts_on=TODAY - timedelta(days=5), ends_on=TODAY),
    )


def test_a_session_linked_to_an_event_keeps_its_notes_with_the_event(
    director: Any, member: Any, community: Any, cohort: Any
) -> None:
    event = session_of(cohort, days_ago=1, attended=[member])
    module = _module(director, community, cohort)
    session = item_add(
        actor=director, module=module, plan=ItemPlan(kind="session", title="Live", event=event)
    )
    maya = client_for(member)

    programme_page = maya.get(module.programme.get_absolute_url()).content.decode()
    assert f'href="/events/{event.pk}/notes/"' in programme_page
    assert f"/programme-items/{session.pk}/circles/" not in programme_page
    # The old per-circle address leads to the one place.
    response = maya.get(f"/programme-items/{session.pk}/circles/{cohort.pk}/notes/")
    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.pk}/notes/"
    notes_page = maya.get(f"/events/{event.pk}/notes/").content.decode()
    assert "The live session of module 1 of “Leading”" in notes_page
    assert session.get_absolute_url() in notes_page


def test_a_circle_meeting_links_to_its_cohorts_notes_from_the_programme(
    director: Any, member: Any, community: Any, cohort: Any
) -> None:
    module = _module(director, community, cohort)
    meeting = item_add(actor=director, module=module, plan=ItemPlan(kind="meeting", title="Peer"))

    page = client_for(member).get(module.programme.get_absolute_url()).content.decode()

    assert f'href="/programme-items/{meeting.pk}/circles/{cohort.pk}/notes/"' in page


def test_notes_written_before_the_event_was_linked_move_to_the_event(
    director: Any, facilitator: Any, member: Any, community: Any, cohort: Any
) -> None:
    module = _module(director, community, cohort)
    session = item_add(actor=director, module=module, plan=ItemPlan(kind="session", title="Live"))
    url = f"/programme-items/{session.pk}/circles/{cohort.pk}/notes/"
    maya = client_for(member)
    maya.post(url, {"form": "notes", "text": "We chose scenario B."})
    due = (TODAY + timedelta(days=3)).isoformat()
    maya.post(
        url,
        {
            "form": "action",
            "action-text": "Draft",
            "action-owner": facilitator.pk,
            "action-due_on": due,
        },
    )
    event = session_of(cohort, days_ago=1, attended=[member])
    session.refresh_from_db()

    item_update(
        actor=director,
        item=session,
        plan=ItemPlan(kind="session", title="Live", event=event, opens_on=session.opens_on),
    )

    notes = MeetingNotes.objects.get()
    assert (notes.event, notes.item) == (event, None)
    assert notes.text == "### Leaders 2026\n\nWe chose scenario B."
    assert MeetingAction.objects.get().notes == notes
    assert "We chose scenario B." in maya.get(f"/events/{event.pk}/notes/").content.decode()
