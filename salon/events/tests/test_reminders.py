"""Reminders a day and an hour before a session, and the "did you apply it?" follow-up two
weeks after it: through the notification service, at the right time, once."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.header import decode_header, make_header
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from conftest import client_for
from salon.accounts.models import User
from salon.communities.models import CircleMembership
from salon.core import jobs
from salon.events.models import Attendance, Event, Feedback
from salon.events.notifications import FOLLOW_UP, REMINDER_DAY, REMINDER_HOUR
from salon.events.services import event_cancel, event_rsvp, event_update
from salon.events.tasks import follow_ups_send_due, reminders_send_due
from salon.notifications.models import EmailStatus, Notification
from salon.notifications.registry import Delivery, get_kind
from salon.notifications.selectors import describe
from salon.notifications.services import preferences_update
from salon.notifications.tests.conftest import path_of, text_and_html

LONDON, TOKYO = ZoneInfo("Europe/London"), ZoneInfo("Asia/Tokyo")


def _in_days(days: int, hour: int = 9) -> datetime:
    """A wall-clock time in London, ``days`` from today."""
    return (datetime.now(LONDON) + timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0, tzinfo=None
    )


def subject(message: Any) -> str:
    return str(make_header(decode_header(message["Subject"])))


def remind(now: datetime) -> int:
    """Run the reminder job at ``now``, with its after-commit work (the emails)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return reminders_send_due(now=now)


def follow_up(now: datetime) -> int:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return follow_ups_send_due(now=now)


@pytest.fixture
def tokyo_member(member: User) -> User:
    User.objects.filter(pk=member.pk).update(timezone="Asia/Tokyo")
    member.refresh_from_db()
    return member


# Reminders ---------------------------------------------------------------------------------


def test_a_tokyo_member_going_to_a_london_session_is_reminded_in_both_zones(
    tokyo_member: User, director: User, plan_event: Any, smtp_inbox: Any
) -> None:
    event = plan_event(title="Pricing power", start_local=_in_days(10))
    event_rsvp(user=tokyo_member, event=event, status="going")
    start = event.starts_at
    tokyo = start.astimezone(TOKYO)

    assert remind(start - timedelta(hours=24, minutes=5)) == 0
    assert remind(start - timedelta(hours=24)) == 1

    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["X-Rcpt-To"] == tokyo_member.email
    assert subject(message).startswith("Coming up: “Pricing power”, ")
    text, html = text_and_html(message)
    for body in (text, html):
        assert "09:00–10:00 London" in body
        assert f"{tokyo:%H:%M}–{tokyo + timedelta(hours=1):%H:%M} your time" in body
        assert event.join_url in body  # she is going
    assert "/notifications/unsubscribe/" in message["List-Unsubscribe"].replace("\n", "")
    assert "A day before a session I'm going to" in text
    notification = Notification.objects.get(kind=REMINDER_DAY)
    assert notification.email_status == EmailStatus.SENT
    # The bell says it in the reader's zone too.
    with timezone.override(TOKYO):
        assert f"09:00 London · {tokyo:%H:%M} your time" in describe(notification)

    assert remind(start - timedelta(hours=1)) == 1

    assert len(smtp_inbox.messages) == 2
    hour = smtp_inbox.messages[1]
    assert subject(hour).startswith("Starting soon: “Pricing power”, ")
    assert f"{tokyo:%H:%M}" in text_and_html(hour)[0]
    # The host, who did not answer, is not reminded.
    assert not Notification.objects.filter(recipient=director).exists()


def test_a_member_who_turned_the_hour_reminder_off_still_gets_the_day_one(
    member: User, plan_event: Any
) -> None:
    preferences_update(user=member, deliveries={REMINDER_HOUR: Delivery.OFF}, email_off=False)
    event = plan_event(start_local=_in_days(5))
    event_rsvp(user=member, event=event, status="going")

    remind(event.starts_at - timedelta(hours=24))
    remind(event.starts_at - timedelta(hours=1))

    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Coming up"]
    # It is still under the bell; only the email is off.
    hour = Notification.objects.get(kind=REMINDER_HOUR)
    assert hour.email_status == EmailStatus.NONE


def test_reminders_offer_only_immediately_or_off(member: User) -> None:
    for key in (REMINDER_DAY, REMINDER_HOUR):
        assert get_kind(key).deliveries == (Delivery.IMMEDIATE, Delivery.OFF)

    page = client_for(member).get("/settings/notifications/").content.decode()

    assert "A day before a session I&#x27;m going to" in page
    assert "An hour before a session I&#x27;m going to" in page


def test_running_the_job_twice_or_on_two_schedulers_sends_each_reminder_once(
    member: User, plan_event: Any, monkeypatch: Any
) -> None:
    event = plan_event(start_local=_in_days(3))
    event_rsvp(user=member, event=event, status="going")
    day = event.starts_at - timedelta(hours=24)

    remind(day)
    remind(day)
    remind(day + timedelta(minutes=5))
    # The scheduler's way: two passes in one slot enqueue once; the next slot finds the
    # reminder already claimed.
    ours = {name: jobs.JOBS[name] for name in ("events.reminders", "events.follow_ups")}
    monkeypatch.setattr(jobs, "JOBS", ours)
    hour = event.starts_at - timedelta(hours=1)
    for now in (hour, hour, hour + timedelta(minutes=5)):
        with TestCase.captureOnCommitCallbacks(execute=True):
            jobs.run_due(now)

    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Coming up", "Starting soon"]
    event.refresh_from_db()
    assert event.reminded_day_for == event.starts_at
    assert event.reminded_hour_for == event.starts_at


def test_moving_a_session_arms_its_reminders_again(
    director: User, member: User, plan_event: Any
) -> None:
    event = plan_event(start_local=_in_days(4))
    event_rsvp(user=member, event=event, status="going")
    old_start = event.starts_at
    remind(old_start - timedelta(hours=24))

    moved = event_update(actor=director, event=event, start_local=_in_days(6, hour=14))
    remind(old_start - timedelta(hours=1))  # nothing starts then any more
    remind(moved.starts_at - timedelta(hours=24))
    remind(moved.starts_at - timedelta(hours=1))

    assert [m.subject.split(":")[0] for m in mail.outbox] == [
        "Coming up",
        "Coming up",
        "Starting soon",
    ]
    assert "14:00" in mail.outbox[1].subject
    assert Notification.objects.filter(recipient=member, kind=REMINDER_DAY).count() == 2


def test_cancelled_sessions_and_people_not_going_get_no_reminder(
    director: User, member: User, facilitator: User, guest: User, plan_event: Any
) -> None:
    cancelled = plan_event(title="Called off", start_local=_in_days(2))
    event_rsvp(user=member, event=cancelled, status="going")
    event_cancel(actor=director, event=cancelled)
    other = plan_event(title="Still on", start_local=_in_days(2))
    event_rsvp(user=facilitator, event=other, status="maybe")
    event_rsvp(user=guest, event=other, status="not_going")

    for start in (cancelled.starts_at, other.starts_at):
        remind(start - timedelta(hours=24))
        remind(start - timedelta(hours=1))

    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_member_who_lost_sight_of_a_circle_session_is_not_reminded(
    member: User, plan_event: Any, private_circle: Any
) -> None:
    CircleMembership.objects.create(circle=private_circle, user=member)
    event = plan_event(start_local=_in_days(2), circle=private_circle)
    event_rsvp(user=member, event=event, status="going")
    CircleMembership.objects.filter(circle=private_circle, user=member).delete()

    remind(event.starts_at - timedelta(hours=24))

    assert mail.outbox == []
    assert not Notification.objects.exists()
    # The reminder was claimed all the same: nobody else was going.
    assert Event.objects.get(pk=event.pk).reminded_day_for == event.starts_at


def test_a_session_planned_two_hours_ahead_gets_only_the_hour_reminder_and_none_late(
    member: User, plan_event: Any
) -> None:
    soon = (datetime.now(LONDON) + timedelta(hours=2)).replace(second=0, microsecond=0, tzinfo=None)
    event = plan_event(start_local=soon)
    event_rsvp(user=member, event=event, status="going")
    start = event.starts_at

    assert remind(start - timedelta(hours=2)) == 0
    assert remind(start - timedelta(minutes=90)) == 0
    assert remind(start - timedelta(minutes=59)) == 1
    Event.objects.filter(pk=event.pk).update(reminded_hour_for=None)
    assert remind(start) == 0  # never once it has begun
    assert remind(start + timedelta(minutes=1)) == 0

    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Starting soon"]


# The follow-up -----------------------------------------------------------------------------


def test_two_weeks_later_the_people_who_came_are_asked_once_whether_they_applied_it(
    director: User, member: User, facilitator: User, plan_event: Any, smtp_inbox: Any
) -> None:
    event = plan_event(title="Negotiation lab", start_local=_in_days(-15))
    for person in (member, facilitator):
        Event.objects.get(pk=event.pk).rsvps.create(
            user=person, status="going", requested_at=timezone.now()
        )
    Attendance.objects.create(event=event, user=member)  # the facilitator did not come
    Feedback.objects.create(event=event, user=member, rating=4, will_apply="Anchor first")
    two_weeks = event.ends_at + timedelta(days=14)

    assert follow_up(two_weeks - timedelta(hours=1)) == 0
    assert follow_up(two_weeks) == 1
    assert follow_up(two_weeks + timedelta(hours=1)) == 0

    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["X-Rcpt-To"] == member.email
    assert subject(message) == "Did you apply what you took from “Negotiation lab”?"
    text, html = text_and_html(message)
    assert "Anchor first" in text
    assert "Anchor first" in html
    assert Event.objects.get(pk=event.pk).followed_up_at == two_weeks

    # The link leads to the question; the answer shows in the hosts' aggregate.
    client = client_for(member)
    page = client.get(path_of(text.split("(yes, partly or not yet):")[1].split()[0]), follow=True)
    assert page.status_code == 200
    assert "Anchor first" in page.content.decode()
    response = client.post(
        f"/events/{event.pk}/follow-up/", {"applied": "yes", "applied_note": "Won the renewal"}
    )

    assert response.status_code == 302
    feedback = Feedback.objects.get(event=event, user=member)
    assert (feedback.applied, feedback.applied_note, feedback.rating) == (
        "yes",
        "Won the renewal",
        4,
    )
    hosts_page = client_for(director).get(event.get_absolute_url()).content.decode()
    # One answer could only be hers: hosts see that it came, not what it says.
    assert "1 person has answered; the answers show once 3 have." in hosts_page
    assert "Won the renewal" not in hosts_page
    members_page = client_for(member).get(event.get_absolute_url()).content.decode()
    assert "applied it" not in members_page
    assert f"/events/{event.pk}/follow-up/" in members_page


def test_without_attendance_the_people_who_said_going_are_asked(
    member: User, guest: User, plan_event: Any
) -> None:
    event = plan_event(start_local=_in_days(-15))
    event.rsvps.create(user=member, status="going", requested_at=timezone.now())
    event.rsvps.create(user=guest, status="maybe", requested_at=timezone.now())

    follow_up(event.ends_at + timedelta(days=14))

    assert [m.to for m in mail.outbox] == [[member.email]]
    assert Notification.objects.get().kind == FOLLOW_UP


def test_cancelled_sessions_are_not_followed_up(
    director: User, member: User, plan_event: Any
) -> None:
    event = plan_event(start_local=_in_days(-15))
    event.rsvps.create(user=member, status="going", requested_at=timezone.now())
    event_cancel(actor=director, event=event)

    assert follow_up(event.ends_at + timedelta(days=14)) == 0
    assert not Notification.objects.exists()


def test_someone_who_never_rated_it_rates_it_with_the_follow_up(
    director: User, member: User, facilitator: User, plan_event: Any
) -> None:
    event = plan_event(start_local=_in_days(-15))
    event.rsvps.create(user=member, status="going", requested_at=timezone.now())
    event.rsvps.create(user=facilitator, status="going", requested_at=timezone.now())
    Feedback.objects.create(event=event, user=facilitator, rating=3, applied="partly")

    response = client_for(member).post(
        f"/events/{event.pk}/follow-up/", {"applied": "not_yet", "rating": "5"}
    )

    assert response.status_code == 302
    assert Feedback.objects.get(user=member).rating == 5
    page = client_for(director).get(event.get_absolute_url()).content.decode()
    assert "2 people have answered; the answers show once 3 have." in page


@pytest.mark.parametrize(
    "data",
    [
        {"applied": "maybe"},
        {"applied": ""},
        {"applied": "yes", "applied_note": "x" * 2001},
        {"applied": "yes"},  # no feedback yet, so the rating is needed
        {"applied": "yes", "rating": "9"},
    ],
)
def test_a_bad_follow_up_answer_is_refused_and_writes_nothing(
    member: User, plan_event: Any, data: dict[str, str]
) -> None:
    event = plan_event(start_local=_in_days(-15))
    event.rsvps.create(user=member, status="going", requested_at=timezone.now())

    response = client_for(member).post(f"/events/{event.pk}/follow-up/", data)

    assert response.status_code == 400
    assert not Feedback.objects.exists()
    assert 'class="field has-error"' in response.content.decode()


def test_the_follow_up_opens_only_once_the_session_has_ended(member: User, plan_event: Any) -> None:
    event = plan_event(start_local=_in_days(1))
    event_rsvp(user=member, event=event, status="going")
    url = f"/events/{event.pk}/follow-up/"

    page = client_for(member).get(url)
    response = client_for(member).post(url, {"applied": "yes", "rating": "5"})

    assert page.status_code == 200
    assert "opens when the session has ended" in page.content.decode()
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_only_people_who_took_part_may_answer_the_follow_up(
    member: User, guest: User, outsider: User, plan_event: Any
) -> None:
    event = plan_event(start_local=_in_days(-15))
    url = f"/events/{event.pk}/follow-up/"

    assert client_for(outsider).get(url).status_code == 404
    assert client_for(guest).get(url).status_code == 403
    assert client_for(guest).post(url, {"applied": "yes", "rating": "5"}).status_code == 403
    assert client_for(None).get(url).status_code == 302
    assert not Feedback.objects.exists()


def test_the_follow_up_page_costs_the_same_queries_however_much_feedback(
    member: User, plan_event: Any, django_assert_num_queries: Any
) -> None:
    event = plan_event(start_local=_in_days(-15))
    event.rsvps.create(user=member, status="going", requested_at=timezone.now())
    client = client_for(member)
    url = f"/events/{event.pk}/follow-up/"
    client.get(url)  # (the first request also loads the session and caches)

    # the user, the event (with community, circle, format, series), her memberships, took
    # part? (attendance, then her answer), her feedback, the bell's unread count
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    for n in range(10):
        other = User.objects.create_user(email=f"p{n}@acme.test", password="x", name=f"P {n}")
        Feedback.objects.create(event=event, user=other, rating=3, applied="yes")
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
