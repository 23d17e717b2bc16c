"""Both sides get a calendar invitation that calendar apps accept, right across DST; the
session appears in both personal feeds; both are reminded before it."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from email.header import decode_header, make_header
from typing import Any
from zoneinfo import ZoneInfo

from django.test import TestCase
from django.utils import timezone
from icalendar import Calendar

from conftest import client_for
from salon.events.office_hours.models import Slot
from salon.events.office_hours.services import (
    booking_cancel,
    booking_create,
    booking_reschedule,
)
from salon.events.office_hours.slots import Window
from salon.events.office_hours.tasks import booking_reminders_send_due
from salon.events.services import calendar_feed_for
from salon.notifications.models import Notification

LONDON, TOKYO = ZoneInfo("Europe/London"), ZoneInfo("Asia/Tokyo")


def _subject(message: Any) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _invite(message: Any) -> tuple[str, Calendar]:
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return part.get_param("method"), Calendar.from_ical(part.get_payload(decode=True))
    raise AssertionError("no calendar attached")


def _text(message: Any) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return str(part.get_payload(decode=True).decode())
    return ""


def _event(calendar: Calendar) -> Any:
    (vevent,) = calendar.walk("VEVENT")
    return vevent


def _london_expert(expert: Any, publish: Any) -> Any:
    expert.timezone = "Europe/London"
    expert.save(update_fields=["timezone"])
    return publish(windows=[Window(0, time(9), time(10))])


def test_booking_sends_both_sides_an_invitation_in_their_own_zone(
    publish: Any, expert: Any, member: Any, smtp_inbox: Any
) -> None:
    member.timezone = "Asia/Tokyo"
    member.save(update_fields=["timezone"])
    offer = _london_expert(expert, publish)
    # Monday 22 March 2027, 09:00 in London, is 09:00 UTC (before the clocks change).
    slot = Slot.objects.create(
        office_hours=offer,
        starts_at=datetime(2027, 3, 22, 9, 0, tzinfo=UTC),
        ends_at=datetime(2027, 3, 22, 9, 30, tzinfo=UTC),
    )

    with TestCase.captureOnCommitCallbacks(execute=True):
        booking = booking_create(member=member, slot=slot, question="How do I price a pilot?")

    assert sorted(m["X-Rcpt-To"] for m in smtp_inbox.messages) == [expert.email, member.email]
    for message in smtp_inbox.messages:
        method, calendar = _invite(message)
        assert (method, str(calendar["METHOD"])) == ("REQUEST", "REQUEST")
        vevent = _event(calendar)
        assert str(vevent["UID"]) == booking.uid
        assert vevent["SEQUENCE"] == 0
        assert str(vevent["STATUS"]) == "CONFIRMED"
        assert vevent.decoded("DTSTART") == datetime(2027, 3, 22, 9, 0, tzinfo=LONDON)
        assert vevent.decoded("DTEND") - vevent.decoded("DTSTART") == timedelta(minutes=30)
        assert {str(a) for a in vevent.get("ATTENDEE")} == {
            f"mailto:{expert.email}",
            f"mailto:{member.email}",
        }
        assert "How do I price a pilot?" in str(vevent["DESCRIPTION"])
        assert calendar.walk("VTIMEZONE")  # the zone travels with it
    to_member = next(m for m in smtp_inbox.messages if m["X-Rcpt-To"] == member.email)
    assert _subject(to_member) == "Booked: Office hours: Maya Member with Eve Expert"
    assert "18:00–18:30 (Asia/Tokyo)" in _text(to_member)  # 09:00 London is 18:00 Tokyo
    to_expert = next(m for m in smtp_inbox.messages if m["X-Rcpt-To"] == expert.email)
    assert "09:00–09:30 (Europe/London)" in _text(to_expert)
    assert "Maya Member booked a session in your office hours." in _text(to_expert)


def test_moving_across_the_clock_change_keeps_the_uid_and_raises_the_sequence(
    publish: Any, expert: Any, member: Any, smtp_inbox: Any
) -> None:
    offer = _london_expert(expert, publish)
    before = Slot.objects.create(
        office_hours=offer,
        starts_at=datetime(2027, 3, 22, 9, 0, tzinfo=UTC),
        ends_at=datetime(2027, 3, 22, 9, 30, tzinfo=UTC),
    )
    # Monday 29 March 2027, after the clocks went forward: 09:00 London is 08:00 UTC.
    after = Slot.objects.create(
        office_hours=offer,
        starts_at=datetime(2027, 3, 29, 8, 0, tzinfo=UTC),
        ends_at=datetime(2027, 3, 29, 8, 30, tzinfo=UTC),
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        booking = booking_create(member=member, slot=before, question="Q")
    smtp_inbox.messages.clear()

    with TestCase.captureOnCommitCallbacks(execute=True):
        booking_reschedule(actor=member, booking=booking, slot=after)

    assert len(smtp_inbox.messages) == 2
    method, calendar = _invite(smtp_inbox.messages[0])
    vevent = _event(calendar)
    assert method == "REQUEST"
    assert (str(vevent["UID"]), vevent["SEQUENCE"]) == (booking.uid, 1)
    start = vevent.decoded("DTSTART")
    assert (start.hour, start.minute, str(start.tzinfo)) == (9, 0, "Europe/London")
    assert start.astimezone(UTC) == datetime(2027, 3, 29, 8, 0, tzinfo=UTC)
    assert _subject(smtp_inbox.messages[0]).startswith("Moved: ")
    smtp_inbox.messages.clear()

    with TestCase.captureOnCommitCallbacks(execute=True):
        booking_cancel(actor=expert, booking=booking)

    assert len(smtp_inbox.messages) == 2
    method, calendar = _invite(smtp_inbox.messages[0])
    vevent = _event(calendar)
    assert (method, str(calendar["METHOD"])) == ("CANCEL", "CANCEL")
    assert (str(vevent["UID"]), vevent["SEQUENCE"], str(vevent["STATUS"])) == (
        booking.uid,
        2,
        "CANCELLED",
    )
    to_member = next(m for m in smtp_inbox.messages if m["X-Rcpt-To"] == member.email)
    assert "Eve Expert cancelled this session" in _text(to_member)


def test_the_session_is_in_both_personal_calendar_feeds(
    offer: Any, expert: Any, member: Any, director: Any
) -> None:
    slot = Slot.objects.filter(
        office_hours=offer, starts_at__gt=timezone.now() + timedelta(hours=3)
    ).first()
    assert slot is not None
    booking = booking_create(member=member, slot=slot, question="Q")

    for person in (member, expert):
        feed = calendar_feed_for(user=person)
        response = client_for(None).get(feed.get_absolute_url())
        assert response.status_code == 200
        uids = [str(v["UID"]) for v in Calendar.from_ical(response.content).walk("VEVENT")]
        assert booking.uid in uids
    feed = calendar_feed_for(user=director)
    calendar = Calendar.from_ical(client_for(None).get(feed.get_absolute_url()).content)
    assert booking.uid not in [str(v["UID"]) for v in calendar.walk("VEVENT")]

    booking_cancel(actor=member, booking=booking)

    feed = calendar_feed_for(user=member)
    calendar = Calendar.from_ical(client_for(None).get(feed.get_absolute_url()).content)
    (vevent,) = [v for v in calendar.walk("VEVENT") if str(v["UID"]) == booking.uid]
    assert str(vevent["STATUS"]) == "CANCELLED"


def test_both_sides_are_reminded_a_day_and_an_hour_before_once_each(
    offer: Any, expert: Any, member: Any
) -> None:
    slot = Slot.objects.filter(
        office_hours=offer, starts_at__gt=timezone.now() + timedelta(days=2)
    ).first()
    assert slot is not None
    booking_create(member=member, slot=slot, question="Q")
    start = slot.starts_at

    assert booking_reminders_send_due(now=start - timedelta(hours=25)) == 0
    assert booking_reminders_send_due(now=start - timedelta(hours=24)) == 2
    assert booking_reminders_send_due(now=start - timedelta(hours=23)) == 0
    assert booking_reminders_send_due(now=start - timedelta(minutes=50)) == 2
    assert booking_reminders_send_due(now=start - timedelta(minutes=45)) == 0

    told = Notification.objects.filter(kind="events.booking_reminder")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [member.pk, expert.pk, member.pk, expert.pk]
    )
