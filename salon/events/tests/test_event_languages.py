"""Events in the reader's language: the emails about them, their dates on pages, and the
private calendar feed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core import mail

from conftest import client_for
from salon.accounts.models import User
from salon.events.models import Event


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Mon 6 Dec 2027, 10:00"),
        ("de", "Mo, 6. Dez 2027, 10:00"),
        ("ja", "2027年12月6日（月） 10:00"),
    ],
)
def test_emails_are_written_in_the_recipient_s_language_and_date_style(
    director: User, member: User, plan_event: Any, language: str, expected: str
) -> None:
    member.language = language
    member.timezone = "Europe/Berlin"
    member.save()
    event = plan_event(start_local=datetime(2027, 12, 6, 9, 0), tz="Europe/London")
    client_for(member).post(f"/events/{event.pk}/rsvp/", {"status": "going"})

    client_for(director).post(f"/events/{event.pk}/cancel/", {"scope": "this"})

    assert Event.objects.get(pk=event.pk).is_cancelled
    [message] = mail.outbox
    assert expected in message.body


def test_dates_on_pages_follow_the_reader_s_language(member: User, plan_event: Any) -> None:
    start = (datetime.now() + timedelta(days=30)).replace(hour=9, minute=0)
    event = plan_event(start_local=start, tz="UTC")
    member.language = "de"
    member.save()

    html = client_for(member).get(f"/events/{event.pk}/").content.decode()

    assert f"{start.day}. " in html


def test_the_calendar_feed_is_written_in_its_owner_s_language(member: User) -> None:
    from django.test import Client

    from salon.events.services import calendar_feed_for

    member.language = "de"
    member.save(update_fields=["language"])
    feed = calendar_feed_for(user=member)

    # A calendar app asks with no session and no language of its own.
    body = Client().get(feed.get_absolute_url()).content.decode()

    assert "X-WR-CALNAME:Salon – Maya Member" in body


def test_a_series_is_described_in_the_reader_s_language(member: User, plan_event: Any) -> None:
    from salon.events.recurrence import Recurrence

    start = (datetime.now() + timedelta(days=14)).replace(hour=9, minute=0)
    event = plan_event(start_local=start, recurrence=Recurrence(frequency="weekly", count=4))
    member.language = "ja"
    member.save(update_fields=["language"])

    html = client_for(member).get(f"/events/{event.pk}/").content.decode()

    assert "1 週ごとの" in html
    assert "4 回" in html
