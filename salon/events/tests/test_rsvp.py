"""Answering an event: the waitlist tells whoever gets a freed seat, a whole series is
answered at once or not at all, a past session takes no answers, and every answer is in
the audit log."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core import mail
from django.utils import timezone

from conftest import client_for
from salon.core.models import AuditEvent
from salon.events.models import Event, Rsvp
from salon.events.recurrence import Recurrence
from salon.events.services import event_update
from salon.notifications.models import Notification
from salon.notifications.services import preferences_update

WAITLIST_PROMOTED = "events.waitlist_promoted"


def test_the_first_person_waiting_is_told_when_a_seat_frees(
    member: Any, facilitator: Any, guest: Any, plan_event: Any
) -> None:
    event = plan_event(title="Board dynamics", capacity=1)
    client_for(member).post(f"/events/{event.pk}/rsvp/", {"status": "going"})
    client_for(facilitator).post(f"/events/{event.pk}/rsvp/", {"status": "going"})
    client_for(guest).post(f"/events/{event.pk}/rsvp/", {"status": "going"})
    mail.outbox.clear()

    response = client_for(member).post(f"/events/{event.pk}/rsvp/", {"status": "not_going"})

    assert response.status_code == 302
    assert Rsvp.objects.get(event=event, user=facilitator).status == "going"
    told = Notification.objects.get(kind=WAITLIST_PROMOTED)
    assert told.recipient == facilitator
    assert [m.to for m in mail.outbox] == [[facilitator.email]]
    assert "A seat freed up" in mail.outbox[0].subject
    assert "Board dynamics" in mail.outbox[0].body
    assert event.join_url in mail.outbox[0].body
    page = client_for(facilitator).get("/notifications/").content.decode()
    assert "A seat freed up: you&#x27;re going to “Board dynamics”" in page


def test_a_promoted_member_who_turned_email_off_is_told_only_in_salon(
    member: Any, facilitator: Any, plan_event: Any
) -> None:
    preferences_update(user=facilitator, deliveries={WAITLIST_PROMOTED: "off"}, email_off=False)
    event = plan_event(capacity=1)
    client_for(member).post(f"/events/{event.pk}/rsvp/", {"status": "going"})
    client_for(facilitator).post(f"/events/{event.pk}/rsvp/", {"status": "going"})
    mail.outbox.clear()

    client_for(member).post(f"/events/{event.pk}/rsvp/", {"status": "maybe"})

    assert Notification.objects.filter(kind=WAITLIST_PROMOTED, recipient=facilitator).exists()
    assert mail.outbox == []


def test_answering_for_a_series_writes_nothing_when_one_session_cannot_be_answered(
    director: Any, member: Any, private_circle: Any, plan_event: Any
) -> None:
    first = plan_event(recurrence=Recurrence(frequency="weekly", count=4))
    # The third session moved to the board's private circle: Maya may not answer it.
    third = Event.objects.order_by("starts_at")[2]
    event_update(actor=director, event=third, circle=private_circle)

    response = client_for(member).post(
        f"/events/{first.pk}/rsvp/", {"status": "going", "scope": "series"}, follow=True
    )

    assert response.status_code == 200
    assert not Rsvp.objects.filter(user=member).exists()
    assert not AuditEvent.objects.filter(action__startswith="events.rsvp").exists()
    assert "so no answer was saved" in response.content.decode()


def test_the_api_answers_for_a_whole_series_or_for_none(
    director: Any, member: Any, private_circle: Any, plan_event: Any
) -> None:
    first = plan_event(recurrence=Recurrence(frequency="weekly", count=3))
    last = Event.objects.order_by("starts_at").last()
    assert last is not None
    event_update(actor=director, event=last, circle=private_circle)

    response = client_for(member).post(
        f"/api/v1/events/{first.pk}/rsvp",
        {"status": "going", "whole_series": True},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "so no answer was saved" in response.json()["detail"]
    assert not Rsvp.objects.filter(user=member).exists()


def test_a_past_session_takes_no_answer_from_the_api(member: Any, plan_event: Any) -> None:
    event = plan_event(start_local=datetime.now() - timedelta(days=3))

    response = client_for(member).post(
        f"/api/v1/events/{event.pk}/rsvp", {"status": "going"}, content_type="application/json"
    )

    assert response.status_code == 409
    assert response.json() == {"detail": "This session has already taken place."}
    assert not Rsvp.objects.exists()


def test_a_past_session_takes_no_answer_from_the_page(member: Any, plan_event: Any) -> None:
    event = plan_event(start_local=datetime.now() - timedelta(days=3))

    response = client_for(member).post(f"/events/{event.pk}/rsvp/", {"status": "going"})

    assert response.status_code == 302
    assert not Rsvp.objects.exists()


def test_a_past_session_shows_what_happened_instead_of_asking_who_joins(
    director: Any, member: Any, facilitator: Any, plan_event: Any
) -> None:
    event = plan_event(title="Strategy retreat", start_local=datetime.now() - timedelta(days=3))
    Event.objects.filter(pk=event.pk).update(recording_url="https://video.example.com/retreat")
    Rsvp.objects.create(event=event, user=member, status="going", requested_at=timezone.now())
    event.attendance.create(user=member)
    event.attendance.create(user=facilitator)

    page = client_for(member).get(event.get_absolute_url()).content.decode()

    assert "Will you join?" not in page
    assert f'action="/events/{event.pk}/rsvp/"' not in page
    assert "What happened" in page
    assert "2 people took part" in page
    assert "You were there." in page
    assert "https://video.example.com/retreat" in page
    assert "How was it?" in page


def test_an_upcoming_session_still_asks_who_joins(member: Any, plan_event: Any) -> None:
    event = plan_event()

    page = client_for(member).get(event.get_absolute_url()).content.decode()

    assert "Will you join?" in page
    assert "What happened" not in page


def test_answers_and_changes_of_answer_are_audited(member: Any, plan_event: Any) -> None:
    event = plan_event()
    client = client_for(member)

    client.post(f"/events/{event.pk}/rsvp/", {"status": "maybe"})
    client.post(f"/events/{event.pk}/rsvp/", {"status": "maybe"})
    client.post(f"/events/{event.pk}/rsvp/", {"status": "going"})

    entries = list(
        AuditEvent.objects.filter(action__startswith="events.rsvp")
        .order_by("pk")
        .values("action", "actor", "community", "details")
    )
    assert entries == [
        {
            "action": "events.rsvp.created",
            "actor": member.pk,
            "community": event.community_id,
            "details": {"event": event.pk, "status": "maybe"},
        },
        {
            "action": "events.rsvp.changed",
            "actor": member.pk,
            "community": event.community_id,
            "details": {"event": event.pk, "was": "maybe", "status": "going"},
        },
    ]


def test_more_seats_go_to_the_people_waiting_longest_who_are_told(
    director: Any, member: Any, facilitator: Any, guest: Any, plan_event: Any
) -> None:
    event = plan_event(capacity=1)
    for person in (member, facilitator, guest):
        client_for(person).post(f"/events/{event.pk}/rsvp/", {"status": "going"})

    response = client_for(director).patch(
        f"/api/v1/events/{event.pk}", {"capacity": 2}, content_type="application/json"
    )

    assert response.status_code == 200
    statuses = dict(Rsvp.objects.filter(event=event).values_list("user__email", "status"))
    assert statuses == {
        member.email: "going",
        facilitator.email: "going",
        guest.email: "waitlisted",
    }
    told = Notification.objects.filter(kind=WAITLIST_PROMOTED)
    assert [n.recipient for n in told] == [facilitator]
