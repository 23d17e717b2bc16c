"""Two people clicking the last slot at once: one booking, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from conftest import join, make_user
from salon.core.errors import Conflict
from salon.events.office_hours.models import Booking, Slot
from salon.events.office_hours.services import booking_create


# Real transactions on real connections: the last slot is contended for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_booking_the_last_slot_at_once_get_one_booking(
    community: Any, offer: Any
) -> None:
    soon = timezone.now() + timedelta(hours=3)
    slots = Slot.objects.filter(office_hours=offer, starts_at__gt=soon).order_by("starts_at")
    last = slots.first()
    assert last is not None
    Slot.objects.filter(office_hours=offer).exclude(pk=last.pk).update(withdrawn=True)
    people = [make_user(f"racer{n}@acme.test") for n in range(2)]
    for person in people:
        join(person, community)
    barrier = threading.Barrier(2, timeout=60)
    outcomes: list[str] = []

    def book(person: Any) -> None:
        try:
            barrier.wait()
            booking_create(member=person, slot=last, question="Mine, please")
            outcomes.append("booked")
        except Conflict:
            outcomes.append("taken")
        except BaseException as exc:
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["booked", "taken"]
    assert Booking.objects.filter(slot=last, status="booked").count() == 1
    last.refresh_from_db()
    assert last.booked
