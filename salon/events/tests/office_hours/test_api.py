"""Expert time through the API: open slots in the viewer's zone, booking and its verbs."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from conftest import client_for, join, make_user
from salon.communities.models import Role
from salon.events.office_hours.models import Booking, Slot
from salon.events.office_hours.services import OfficeHoursPlan, office_hours_publish
from salon.events.office_hours.slots import Window


def _later(offer: Any) -> list[Slot]:
    soon = timezone.now() + timedelta(hours=3)
    return list(Slot.objects.filter(office_hours=offer, starts_at__gt=soon).order_by("starts_at"))


def test_open_slots_come_in_utc_and_in_the_viewers_zone(offer: Any, member: Any) -> None:
    member.timezone = "Asia/Tokyo"
    member.save(update_fields=["timezone"])
    first = _later(offer)[0]

    response = client_for(member).get("/api/v1/communities/acme/office-hours?page_size=5")

    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["id"] == first.pk
    assert datetime.fromisoformat(item["starts_at"]) == first.starts_at
    local = datetime.fromisoformat(item["starts_local"])
    assert local.utcoffset() == timedelta(hours=9)
    assert local == first.starts_at.astimezone(ZoneInfo("Asia/Tokyo"))
    assert (item["timezone"], item["minutes"]) == ("Asia/Tokyo", 30)
    assert item["expert"]["name"] == "Eve Expert"


def test_book_then_move_then_cancel_through_the_api(offer: Any, member: Any) -> None:
    first, other = _later(offer)[0], _later(offer)[2]
    client = client_for(member)

    booked = client.post(
        f"/api/v1/office-hours/{first.pk}/bookings",
        {"question": "How do I price a pilot?"},
        content_type="application/json",
    )
    assert booked.status_code == 201
    booking_id = booked.json()["id"]
    assert booked.json()["sequence"] == 0

    moved = client.post(
        f"/api/v1/bookings/{booking_id}/reschedule",
        {"slot": other.pk},
        content_type="application/json",
    )
    assert moved.status_code == 200
    assert (moved.json()["slot"]["id"], moved.json()["sequence"]) == (other.pk, 1)

    cancelled = client.post(f"/api/v1/bookings/{booking_id}/cancel")
    assert cancelled.status_code == 200
    assert (cancelled.json()["status"], cancelled.json()["sequence"]) == ("cancelled", 2)
    again = client.post(f"/api/v1/bookings/{booking_id}/cancel")
    assert again.status_code == 403
    assert "detail" in again.json()


def test_a_taken_slot_is_a_409_and_a_blank_question_a_400(
    offer: Any, member: Any, facilitator: Any
) -> None:
    slot = _later(offer)[0]
    url = f"/api/v1/office-hours/{slot.pk}/bookings"
    client_for(facilitator).post(url, {"question": "Mine"}, content_type="application/json")

    taken = client_for(member).post(url, {"question": "Q"}, content_type="application/json")
    blank = client_for(member).post(
        f"/api/v1/office-hours/{_later(offer)[1].pk}/bookings",
        {"question": "   "},
        content_type="application/json",
    )

    assert taken.status_code == 409
    assert "just booked" in taken.json()["detail"]
    assert blank.status_code == 400
    assert Booking.objects.filter(member=member).count() == 0


def test_the_open_slots_query_count_stays_flat(
    offer: Any, member: Any, community: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(member)
    url = "/api/v1/communities/acme/office-hours?page_size=50"
    client.get(url)
    # user, memberships, community, the rules (notice), count, the page of slots with experts
    with django_assert_num_queries(6):
        client.get(url)
    for n in range(10):
        person = make_user(f"expert{n}@acme.test", f"Expert {n}", work_start=time(8))
        join(person, community, Role.EXPERT)
        office_hours_publish(
            actor=person,
            community=community,
            plan=OfficeHoursPlan(windows=tuple(Window(d, time(9), time(12)) for d in range(5))),
        )
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(response.json()["items"]) == 50
