from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from conftest import join, make_user
from salon.events.models import Rsvp, RsvpStatus
from salon.events.services import event_rsvp


# Real transactions on real connections: the last seat is contended for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_taking_the_last_seat_at_once_get_one_seat_and_one_waitlist(
    community: Any, plan_event: Any
) -> None:
    event = plan_event(capacity=1)
    people = [make_user(f"racer{n}@acme.test") for n in range(2)]
    for person in people:
        join(person, community)
    barrier = threading.Barrier(2, timeout=60)
    errors: list[BaseException] = []

    def take_seat(person: Any) -> None:
        try:
            barrier.wait()
            event_rsvp(user=person, event=event, status=RsvpStatus.GOING)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take_seat, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = sorted(Rsvp.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == ["going", "waitlisted"]

    winner = Rsvp.objects.get(event=event, status="going").user
    event_rsvp(user=winner, event=event, status=RsvpStatus.NOT_GOING)

    assert Rsvp.objects.get(event=event, status="going").user != winner
