"""Hosts see feedback only once three people have answered (the rule goals and mentoring
follow, from ``salon.core.anonymity``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from conftest import client_for, join, make_user
from salon.events.models import Feedback


def _answer(event: Any, person: Any, rating: int, text: str = "", applied: str = "") -> None:
    event.rsvps.create(user=person, status="going", requested_at=timezone.now())
    Feedback.objects.create(
        event=event, user=person, rating=rating, will_apply=text, applied=applied
    )


def test_two_answers_show_neither_rating_nor_words(
    director: Any, member: Any, facilitator: Any, plan_event: Any
) -> None:
    event = plan_event(start_local=datetime.now() - timedelta(days=20))
    _answer(event, member, 1, "Quit my job", applied="not_yet")
    _answer(event, facilitator, 5, "Run the offsite", applied="yes")

    response = client_for(director).get(event.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "2 participants have answered" in page
    assert "/5 from" not in page
    assert "1★: 1" not in page
    assert "Quit my job" not in page
    assert "Run the offsite" not in page
    assert "2 people have answered; the answers show once 3 have." in page


def test_three_answers_show_the_average_and_words_but_not_a_lone_rating(
    director: Any, member: Any, facilitator: Any, guest: Any, plan_event: Any
) -> None:
    event = plan_event(start_local=datetime.now() - timedelta(days=2))
    _answer(event, member, 1, "Quit my job")
    _answer(event, facilitator, 5)
    _answer(event, guest, 5)

    page = client_for(director).get(event.get_absolute_url()).content.decode()

    assert "3.7/5 from 3 participants" in page
    assert "Quit my job" in page
    # A bar of one "1★" answer would point at the one unhappy participant.
    assert "1★: 1" not in page
    assert "The spread of ratings shows when no rating was given by fewer than 3" in page


def test_the_spread_shows_when_every_rating_has_three_answers(
    director: Any, community: Any, plan_event: Any
) -> None:
    event = plan_event(start_local=datetime.now() - timedelta(days=2))
    for n in range(6):
        person = make_user(f"p{n}@acme.test")
        join(person, community)
        _answer(event, person, 4 if n < 3 else 5)

    page = client_for(director).get(event.get_absolute_url()).content.decode()

    assert "4.5/5 from 6 participants" in page
    assert "4★: 3" in page
    assert "5★: 3" in page


def test_the_two_week_follow_up_hides_a_count_that_subtraction_would_reveal(
    director: Any, community: Any, plan_event: Any
) -> None:
    event = plan_event(start_local=datetime.now() - timedelta(days=20))
    for n, applied in enumerate(["yes"] * 5 + ["partly"] * 3 + ["not_yet"]):
        person = make_user(f"p{n}@acme.test")
        join(person, community)
        _answer(event, person, 4, applied=applied)

    page = client_for(director).get(event.get_absolute_url()).content.decode()

    # 9 answered, 5 yes: showing "3 partly" too would tell everyone one said "not yet".
    assert "Of 9 who answered: applied it 5, partly withheld" in page
