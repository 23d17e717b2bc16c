"""The Expert time page, booking with a question, my sessions; flat query counts."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from conftest import client_for, join, make_user
from salon.communities.models import Role
from salon.events.office_hours.models import Booking, Slot
from salon.events.office_hours.services import OfficeHoursPlan, booking_create, office_hours_publish
from salon.events.office_hours.slots import Window


def _later(offer: Any) -> list[Slot]:
    soon = timezone.now() + timedelta(hours=3)
    return list(Slot.objects.filter(office_hours=offer, starts_at__gt=soon).order_by("starts_at"))


def _more_experts(community: Any, count: int) -> None:
    for n in range(count):
        person = make_user(f"expert{n}@acme.test", f"Expert {n:02}", work_start=time(8))
        join(person, community, Role.EXPERT)
        office_hours_publish(
            actor=person,
            community=community,
            plan=OfficeHoursPlan(windows=tuple(Window(d, time(9), time(12)) for d in range(5))),
        )


def test_members_see_each_expert_with_their_next_times_in_their_own_zone(
    offer: Any, member: Any
) -> None:
    member.timezone = "Asia/Tokyo"
    member.save(update_fields=["timezone"])
    first = _later(offer)[0]

    response = client_for(member).get("/c/acme/expert-time/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Eve Expert" in page
    tokyo = first.starts_at.astimezone(ZoneInfo("Asia/Tokyo"))
    assert f"{tokyo:%H:%M}" in page
    assert f"/expert-time/slots/{first.pk}/book/" in page
    assert "Asia/Tokyo" in page


def test_a_member_books_with_their_question_and_finds_it_in_my_sessions(
    offer: Any, member: Any
) -> None:
    slot = _later(offer)[0]
    client = client_for(member)

    form = client.get(f"/expert-time/slots/{slot.pk}/book/")
    assert "What would you like to ask?" in form.content.decode()
    response = client.post(
        f"/expert-time/slots/{slot.pk}/book/", {"question": "How do I run a pilot?"}
    )

    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/expert-time/sessions/{booking.pk}/"
    assert booking.question == "How do I run a pilot?"
    mine = client.get("/expert-time/sessions/").content.decode()
    assert "With Eve Expert" in mine
    detail = client.get(f"/expert-time/sessions/{booking.pk}/").content.decode()
    assert "How do I run a pilot?" in detail
    assert "Move to another time" in detail


def test_booking_without_a_question_says_so_and_books_nothing(offer: Any, member: Any) -> None:
    slot = _later(offer)[0]

    response = client_for(member).post(f"/expert-time/slots/{slot.pk}/book/", {"question": " "})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Booking.objects.exists()


def test_a_slot_taken_meanwhile_says_so(offer: Any, member: Any, facilitator: Any) -> None:
    slot = _later(offer)[0]
    booking_create(member=facilitator, slot=slot, question="Mine")

    response = client_for(member).post(f"/expert-time/slots/{slot.pk}/book/", {"question": "Q"})

    assert response.status_code == 400
    assert "Someone has just booked this time" in response.content.decode()


def test_the_expert_sees_who_booked_and_the_question(offer: Any, member: Any, expert: Any) -> None:
    booking = booking_create(member=member, slot=_later(offer)[0], question="Pricing?")

    page = client_for(expert).get("/expert-time/sessions/").content.decode()
    assert "Maya Member booked your office hours" in page
    detail = client_for(expert).get(f"/expert-time/sessions/{booking.pk}/").content.decode()
    assert "Pricing?" in detail


def test_a_member_moves_and_cancels_from_the_pages(offer: Any, member: Any) -> None:
    first, other = _later(offer)[0], _later(offer)[2]
    booking = booking_create(member=member, slot=first, question="Q")
    client = client_for(member)

    moved = client.post(f"/expert-time/sessions/{booking.pk}/move/", {"slot": other.pk})
    assert moved.status_code == 302
    booking.refresh_from_db()
    assert booking.slot_id == other.pk

    cancelled = client.post(f"/expert-time/sessions/{booking.pk}/cancel/")
    assert cancelled.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_an_expert_opens_their_week_from_the_page(expert: Any) -> None:
    response = client_for(expert).post(
        "/c/acme/expert-time/my-hours/",
        {
            "day1_start": "14:00",
            "day1_end": "16:00",
            "slot_minutes": "45",
            "weeks_ahead": "3",
            "about": "Pricing and go-to-market",
        },
    )

    assert response.status_code == 302
    slots = Slot.objects.filter(office_hours__expert=expert)
    assert slots.exists()
    assert {s.minutes for s in slots} == {45}
    local = {
        s.starts_at.astimezone(ZoneInfo("America/New_York")).strftime("%a %H:%M") for s in slots
    }
    assert local <= {"Tue 14:00", "Tue 14:45"}


def test_a_week_outside_working_hours_is_refused_with_a_reason(expert: Any) -> None:
    response = client_for(expert).post(
        "/c/acme/expert-time/my-hours/",
        {"day0_start": "06:00", "day0_end": "07:00", "slot_minutes": "30", "weeks_ahead": "2"},
    )

    assert response.status_code == 400
    assert "inside your working day (08:00–18:00)" in response.content.decode()
    assert not Slot.objects.exists()


def test_the_expert_time_page_query_count_stays_flat(
    offer: Any, member: Any, community: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(member)
    client.get("/c/acme/expert-time/")
    # user, memberships, community, the rules (notice), experts with their user, their
    # competencies, their next slots, the header's unread count
    with django_assert_num_queries(8):
        client.get("/c/acme/expert-time/")
    _more_experts(community, 10)
    with django_assert_num_queries(8):
        response = client.get("/c/acme/expert-time/")
    assert "Expert 09" in response.content.decode()


def test_my_sessions_query_count_stays_flat(
    offer: Any, member: Any, community: Any, django_assert_num_queries: Any
) -> None:
    booking_create(member=member, slot=_later(offer)[0], question="Q")
    client = client_for(member)
    client.get("/expert-time/sessions/")
    # user, memberships (the menu), upcoming (with expert, member, community), earlier, the
    # header's unread count
    with django_assert_num_queries(5):
        client.get("/expert-time/sessions/")
    _more_experts(community, 10)
    for n, slot in enumerate(
        Slot.objects.filter(office_hours__expert__email__startswith="expert")[:10]
    ):
        person = make_user(f"booker{n}@acme.test")
        join(person, community)
        booking_create(member=member if n == 0 else person, slot=slot, question="Q")
    with django_assert_num_queries(5):
        client.get("/expert-time/sessions/")


def test_a_director_sets_the_limits_and_members_are_held_to_them(
    offer: Any, director: Any, member: Any
) -> None:
    from salon.events.office_hours.models import ExpertTimeRules

    response = client_for(director).post(
        "/c/acme/expert-time/limits/", {"max_upcoming": "1", "min_notice_hours": "4"}
    )

    assert response.status_code == 302
    rules = ExpertTimeRules.objects.get()
    assert (rules.max_upcoming, rules.min_notice_hours) == (1, 4)
    first, second = _later(offer)[2], _later(offer)[4]
    booking_create(member=member, slot=first, question="Q")
    refused = client_for(member).post(f"/expert-time/slots/{second.pk}/book/", {"question": "Q"})
    assert refused.status_code == 400
    assert "the most this community allows" in refused.content.decode()


def test_limits_out_of_range_are_refused_and_nothing_is_saved(director: Any) -> None:
    from salon.events.office_hours.models import ExpertTimeRules

    response = client_for(director).post(
        "/c/acme/expert-time/limits/", {"max_upcoming": "0", "min_notice_hours": "4"}
    )

    assert response.status_code == 400
    assert not ExpertTimeRules.objects.exists()


def test_an_expert_stops_offering_and_booked_sessions_stay(
    offer: Any, expert: Any, member: Any
) -> None:
    booking = booking_create(member=member, slot=_later(offer)[0], question="Q")

    response = client_for(expert).post("/c/acme/expert-time/my-hours/stop/")

    assert response.status_code == 302
    offer.refresh_from_db()
    assert not offer.active
    assert not Slot.objects.filter(office_hours=offer, booked=False, withdrawn=False).exists()
    booking.refresh_from_db()
    assert booking.is_live
    page = client_for(member).get("/c/acme/expert-time/").content.decode()
    assert "No expert offers office hours here yet." in page
