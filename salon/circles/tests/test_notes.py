"""Every meeting keeps shared notes and action items with owners and due dates (the same
machinery as mentoring sessions); the actions show in their owners' week and in the
circle; a circle under the Chatham House rule keeps its notes without names."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from conftest import client_for
from salon.circles.models import MeetingAction, MeetingNotes
from salon.circles.tests.conftest import TODAY, session_of
from salon.core.models import AuditEvent
from salon.discussions.models import Category
from salon.programmes.services.curriculum import ItemPlan, ModulePlan, item_add, module_add
from salon.programmes.services.programmes import ProgrammePlan, programme_create


def _write(user: Any, url: str, text: str = "We chose scenario B.") -> Any:
    return client_for(user).post(url, {"form": "notes", "text": text})


def _add_action(user: Any, url: str, owner: Any, text: str = "Draft the memo") -> Any:
    due = (TODAY + timedelta(days=3)).isoformat()
    data = {"form": "action", "action-text": text, "action-owner": owner.pk, "action-due_on": due}
    return client_for(user).post(url, data)


def test_a_circle_member_writes_the_meetings_notes_and_gives_an_action_to_a_peer(
    facilitator: Any, member: Any, cohort: Any
) -> None:
    event = session_of(cohort, days_ago=1, attended=[member])
    url = f"/events/{event.pk}/notes/"

    assert _write(member, url).status_code == 302
    assert _add_action(member, url, facilitator).status_code == 302

    notes = MeetingNotes.objects.get()
    assert (notes.text, notes.updated_by, notes.circle) == ("We chose scenario B.", member, cohort)
    action = MeetingAction.objects.get()
    assert (action.owner, action.due_on) == (facilitator, TODAY + timedelta(days=3))
    page = client_for(facilitator).get(url).content.decode()
    assert "We chose scenario B." in page
    assert "Draft the memo" in page
    assert "Last written by Maya Member" in page


def test_the_owner_sees_the_action_in_their_week_and_ticks_it_off_there(
    facilitator: Any, member: Any, cohort: Any
) -> None:
    event = session_of(cohort, days_ago=1, attended=[member])
    _add_action(member, f"/events/{event.pk}/notes/", facilitator)
    fred = client_for(facilitator)

    home = fred.get("/home/").content.decode()
    assert "Your actions from meetings" in home
    assert "Draft the memo" in home
    week = fred.get("/api/v1/me/week").json()
    assert [a["text"] for a in week["actions"]] == ["Draft the memo"]

    action = MeetingAction.objects.get()
    response = fred.post(f"/meeting-actions/{action.pk}/toggle/", {"next": "/home/"})

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_at is not None
    assert "Draft the memo" not in fred.get("/home/").content.decode()


def test_open_actions_show_on_the_circle_page(facilitator: Any, member: Any, cohort: Any) -> None:
    event = session_of(cohort, days_ago=1, attended=[member])
    _add_action(member, f"/events/{event.pk}/notes/", facilitator)

    page = client_for(member).get("/c/acme/circles/leaders-2026/").content.decode()

    assert "Open actions from the circle" in page
    assert "Draft the memo" in page
    assert "Fred Facilitator" in page


def test_someone_outside_the_meeting_cannot_own_an_action(
    facilitator: Any, member: Any, director: Any, cohort: Any
) -> None:
    event = session_of(cohort, days_ago=1, attended=[member])

    response = _add_action(member, f"/events/{event.pk}/notes/", director)

    assert response.status_code == 400
    assert not MeetingAction.objects.exists()


def test_who_is_not_in_the_circle_reads_nothing_and_writes_nothing(
    member: Any, guest: Any, outsider: Any, community: Any, cohort: Any
) -> None:
    event = session_of(cohort, days_ago=1, attended=[member])
    url = f"/events/{event.pk}/notes/"
    _write(member, url)

    assert client_for(outsider).get(url).status_code == 404
    assert client_for(guest).get(url).status_code == 404
    assert _write(outsider, url, "Hacked").status_code == 404
    assert MeetingNotes.objects.get().text == "We chose scenario B."


def test_a_chatham_house_circle_keeps_its_notes_without_names(
    facilitator: Any, member: Any, director: Any, cohort: Any
) -> None:
    Category.objects.create(
        community=cohort.community, circle=cohort, name="Talk", slug="talk", chatham_house=True
    )
    event = session_of(cohort, days_ago=1, attended=[member])
    url = f"/events/{event.pk}/notes/"

    _write(member, url)
    _add_action(member, url, facilitator)

    notes = MeetingNotes.objects.get()
    assert notes.updated_by is None
    assert not AuditEvent.objects.filter(action__startswith="circles.", actor=member).exists()
    page = client_for(director).get(url).content.decode()
    assert "Chatham House rule" in page
    assert "Last written by" not in page
    assert "· Fred Facilitator" not in page
    assert "· someone in the circle" in page
    # The owner still sees it is theirs.
    assert "· Fred Facilitator" in client_for(facilitator).get(url).content.decode()
    api = client_for(director).get(f"/api/v1/events/{event.pk}/notes").json()
    assert api["written_by"] is None
    assert api["actions"][0]["owner"] is None


def test_a_programmes_circle_meeting_has_notes_for_each_cohort(
    director: Any, facilitator: Any, member: Any, community: Any, cohort: Any
) -> None:
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
    module = module_add(
        actor=director,
        programme=programme,
        plan=ModulePlan(title="M", starts_on=TODAY - timedelta(days=5), ends_on=TODAY),
    )
    meeting = item_add(
        actor=director,
        module=module,
        plan=ItemPlan(kind="meeting", title="Peer circle: first decisions"),
    )
    url = f"/programme-items/{meeting.pk}/circles/{cohort.pk}/notes/"

    assert _write(member, url).status_code == 302
    assert client_for(director).get(url).status_code == 200
    elsewhere = f"/programme-items/{meeting.pk}/circles/999/notes/"
    assert client_for(member).get(elsewhere).status_code == 404
    assert MeetingNotes.objects.get().item == meeting


def test_the_api_writes_notes_and_adds_an_action(
    facilitator: Any, member: Any, cohort: Any
) -> None:
    event = session_of(cohort, days_ago=1, attended=[member])
    client = client_for(member)

    put = client.put(
        f"/api/v1/events/{event.pk}/notes", {"text": "Agreed."}, content_type="application/json"
    )
    added = client.post(
        f"/api/v1/events/{event.pk}/actions",
        {"text": "Send the deck", "owner": facilitator.pk},
        content_type="application/json",
    )
    listed = client.get(f"/api/v1/circles/{cohort.pk}/actions").json()
    toggled = client_for(facilitator).post(f"/api/v1/meeting-actions/{added.json()['id']}/toggle")

    assert put.status_code == 200
    assert put.json()["written_by"] == "Maya Member"
    assert added.status_code == 201
    assert [a["text"] for a in listed] == ["Send the deck"]
    assert toggled.json()["done"] is True


def test_mentoring_sessions_still_keep_their_actions_through_the_shared_machinery(
    member: Any, facilitator: Any
) -> None:
    from django.utils import timezone

    from salon.core.actions import ActionPlan
    from salon.mentoring.models import Mentorship, Programme
    from salon.mentoring.services.mentorships import action_item_toggle, session_log

    programme = Programme.objects.create(
        community=member.memberships.get().community,
        name="Pairs",
        starts_on=TODAY,
        ends_on=TODAY + timedelta(days=90),
        status="active",
    )
    pair = Mentorship.objects.create(
        programme=programme, mentee=member, mentor=facilitator, started_at=timezone.now()
    )
    session_log(
        actor=member,
        mentorship=pair,
        held_on=TODAY,
        minutes=45,
        actions=[ActionPlan("Read the case", member)],
    )
    item = pair.action_items.get()
    action_item_toggle(actor=facilitator, item=item)

    assert item.done_at is not None
    assert item.toggle_url() == f"/mentoring/{pair.pk}/actions/{item.pk}/toggle/"
