"""Feeds are read back with real calendar libraries (icalendar + recurring-ical-events)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import icalendar
import recurring_ical_events
from django.test import Client

from conftest import client_for
from salon.events.models import Event
from salon.events.recurrence import Recurrence
from salon.events.services import calendar_feed_for, event_cancel, event_update


def _feed(user: Any) -> icalendar.Calendar:
    feed = calendar_feed_for(user=user)
    response = Client().get(feed.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def _events(calendar: icalendar.Calendar) -> list[Any]:
    return list(calendar.walk("VEVENT"))


def _instants(calendar: icalendar.Calendar) -> list[datetime]:
    found = recurring_ical_events.of(calendar).between(date(2027, 1, 1), date(2028, 1, 1))
    return sorted(e["DTSTART"].dt.astimezone(UTC) for e in found)


def test_a_series_in_the_feed_expands_to_the_right_instants_across_dst(
    member: Any, plan_event: Any
) -> None:
    first = plan_event(
        start_local=datetime(2027, 3, 16, 9, 0), recurrence=Recurrence(frequency="weekly", count=4)
    )
    client_for(member).post(f"/events/{first.pk}/rsvp/", {"status": "going", "scope": "series"})

    calendar = _feed(member)

    assert [i.hour for i in _instants(calendar)] == [9, 9, 8, 8]
    master = next(c for c in _events(calendar) if "RRULE" in c)
    assert master["DTSTART"].params["TZID"] == "Europe/London"
    assert {tz["TZID"] for tz in calendar.walk("VTIMEZONE")} == {"Europe/London"}
    assert master["UID"] == first.series.uid


def test_a_cancelled_occurrence_disappears_and_the_sequence_grows(
    director: Any, member: Any, plan_event: Any
) -> None:
    first = plan_event(
        start_local=datetime(2027, 3, 16, 9, 0), recurrence=Recurrence(frequency="weekly", count=4)
    )
    client_for(member).post(f"/events/{first.pk}/rsvp/", {"status": "going", "scope": "series"})
    before = int(next(c for c in _events(_feed(member)) if "RRULE" in c)["SEQUENCE"])

    event_cancel(actor=director, event=Event.objects.order_by("starts_at")[1])

    calendar = _feed(member)
    master = next(c for c in _events(calendar) if "RRULE" in c)
    assert int(master["SEQUENCE"]) > before
    assert len(_instants(calendar)) == 3
    assert datetime(2027, 3, 23, 9, 0, tzinfo=UTC) not in _instants(calendar)


def test_a_moved_occurrence_is_an_override_with_its_recurrence_id(
    director: Any, member: Any, plan_event: Any
) -> None:
    first = plan_event(
        start_local=datetime(2027, 5, 4, 9, 0), recurrence=Recurrence(frequency="weekly", count=3)
    )
    client_for(member).post(f"/events/{first.pk}/rsvp/", {"status": "going", "scope": "series"})
    second = Event.objects.order_by("starts_at")[1]

    event_update(actor=director, event=second, start_local=datetime(2027, 5, 11, 15, 0))

    calendar = _feed(member)
    override = next(c for c in _events(calendar) if "RECURRENCE-ID" in c)
    assert override["RECURRENCE-ID"].dt.astimezone(UTC) == datetime(2027, 5, 11, 8, 0, tzinfo=UTC)
    assert override["SEQUENCE"] == 1
    assert _instants(calendar) == [
        datetime(2027, 5, 4, 8, 0, tzinfo=UTC),
        datetime(2027, 5, 11, 14, 0, tzinfo=UTC),
        datetime(2027, 5, 18, 8, 0, tzinfo=UTC),
    ]


def test_a_cancelled_single_event_says_so(director: Any, member: Any, plan_event: Any) -> None:
    event = plan_event()
    client_for(member).post(f"/events/{event.pk}/rsvp/", {"status": "going"})

    event_cancel(actor=director, event=event)

    (vevent,) = _events(_feed(member))
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SEQUENCE"] == 1


def test_the_feed_holds_only_what_the_member_answered_or_hosts(
    director: Any, member: Any, plan_event: Any
) -> None:
    plan_event(title="Not answered")
    answered = plan_event(title="Answered")
    client_for(member).post(f"/events/{answered.pk}/rsvp/", {"status": "maybe"})

    titles = {str(e["SUMMARY"]) for e in _events(_feed(member))}

    assert titles == {"Answered"}
    assert {str(e["SUMMARY"]) for e in _events(_feed(director))} == {
        "Not answered",
        "Answered",
    }


def test_a_new_feed_address_revokes_the_old_one(member: Any) -> None:
    old = calendar_feed_for(user=member).get_absolute_url()
    client_for(member).post("/settings/calendar/")

    assert Client().get(old).status_code == 404
    assert Client().get(calendar_feed_for(user=member).get_absolute_url()).status_code == 200


def test_an_unknown_feed_token_is_a_404(db: Any) -> None:
    assert Client().get("/calendar/not-a-token.ics").status_code == 404


def test_one_event_downloads_as_ics(member: Any, plan_event: Any) -> None:
    event = plan_event(start_local=datetime(2027, 2, 9, 9, 0) + timedelta(days=0))

    response = client_for(member).get(f"/events/{event.pk}/calendar.ics")

    (vevent,) = _events(icalendar.Calendar.from_ical(response.content))
    assert vevent["UID"] == event.uid
    assert vevent["DTSTART"].dt.astimezone(UTC) == datetime(2027, 2, 9, 9, 0, tzinfo=UTC)
