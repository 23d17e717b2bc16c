"""Offering office hours, and booking, moving, cancelling and rating a session."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import join, make_user
from salon.core.errors import Conflict
from salon.core.models import AuditEvent
from salon.events.office_hours.models import Booking, ExpertTimeRules, Slot
from salon.events.office_hours.services import (
    booking_cancel,
    booking_create,
    booking_rate,
    booking_reschedule,
)
from salon.events.office_hours.slots import Window


def _open(offer: Any) -> list[Slot]:
    return list(
        Slot.objects.filter(
            office_hours=offer,
            booked=False,
            withdrawn=False,
            starts_at__gt=timezone.now() + timedelta(hours=3),
        ).order_by("starts_at")
    )


def test_an_expert_opens_slots_of_their_length_for_the_weeks_ahead(offer: Any) -> None:
    slots = list(Slot.objects.filter(office_hours=offer))

    assert slots
    assert all(slot.minutes == 30 for slot in slots)
    assert max(s.starts_at for s in slots) < timezone.now() + timedelta(weeks=2, days=1)
    assert AuditEvent.objects.filter(action="events.office_hours.published").exists()


def test_office_hours_stay_inside_the_experts_working_day(publish: Any) -> None:
    with pytest.raises(ValidationError, match="inside your working day"):
        publish(windows=[Window(0, time(7), time(9))])


def test_a_member_cannot_offer_office_hours(publish: Any, member: Any) -> None:
    with pytest.raises(PermissionDenied):
        publish(actor=member)


def test_changing_the_week_withdraws_open_slots_but_keeps_booked_ones(
    publish: Any, offer: Any, member: Any
) -> None:
    slot = _open(offer)[0]
    booking = booking_create(member=member, slot=slot, question="How do I price a pilot?")
    publish(windows=[Window(5, time(9), time(10))])  # Saturdays only now

    slot.refresh_from_db()
    assert slot.booked
    assert not slot.withdrawn
    assert Booking.objects.get(pk=booking.pk).is_live
    weekdays = {
        s.starts_at.astimezone(timezone.get_fixed_timezone(-300)).weekday()
        for s in Slot.objects.filter(office_hours=offer, withdrawn=False, booked=False)
    }
    assert weekdays <= {5}


def test_a_member_books_a_slot_with_their_question(offer: Any, member: Any) -> None:
    slot = _open(offer)[0]

    booking = booking_create(member=member, slot=slot, question="  How do I price a pilot?  ")

    slot.refresh_from_db()
    assert slot.booked
    assert booking.question == "How do I price a pilot?"
    assert booking.sequence == 0
    assert AuditEvent.objects.filter(action="events.booking.created").count() == 1


def test_a_taken_slot_cannot_be_booked_again(offer: Any, member: Any, facilitator: Any) -> None:
    slot = _open(offer)[0]
    booking_create(member=member, slot=slot, question="Q")

    with pytest.raises(Conflict, match="just booked"):
        booking_create(member=facilitator, slot=slot, question="Mine")

    assert Booking.objects.filter(slot=slot).count() == 1


def test_a_question_is_needed(offer: Any, member: Any) -> None:
    with pytest.raises(ValidationError, match="what you would like to ask"):
        booking_create(member=member, slot=_open(offer)[0], question="   ")
    assert not Booking.objects.exists()


def test_the_community_limits_upcoming_sessions_per_member(
    offer: Any, member: Any, community: Any
) -> None:
    ExpertTimeRules.objects.create(community=community, max_upcoming=1)
    first, second = _open(offer)[0], _open(offer)[3]
    booking_create(member=member, slot=first, question="Q1")

    with pytest.raises(ValidationError, match="the most this community allows"):
        booking_create(member=member, slot=second, question="Q2")

    second.refresh_from_db()
    assert not second.booked
    assert Booking.objects.filter(member=member).count() == 1


def test_too_short_notice_is_refused(offer: Any, member: Any, community: Any) -> None:
    ExpertTimeRules.objects.create(community=community, min_notice_hours=24 * 30)
    with pytest.raises(ValidationError, match="hours ahead"):
        booking_create(member=member, slot=_open(offer)[0], question="Q")


def test_the_expert_cannot_book_themself_and_guests_cannot_book(
    offer: Any, expert: Any, guest: Any
) -> None:
    slot = _open(offer)[0]
    for person in (expert, guest):
        with pytest.raises(PermissionDenied):
            booking_create(member=person, slot=slot, question="Q")


def test_a_member_moves_the_session_and_the_old_time_opens_again(offer: Any, member: Any) -> None:
    old, new = _open(offer)[0], _open(offer)[2]
    booking = booking_create(member=member, slot=old, question="Q")

    moved = booking_reschedule(actor=member, booking=booking, slot=new)

    old.refresh_from_db()
    new.refresh_from_db()
    assert (moved.slot_id, moved.sequence, moved.uid) == (new.pk, 1, booking.uid)
    assert not old.booked
    assert new.booked


def test_either_side_cancels_and_the_slot_opens_again(offer: Any, member: Any, expert: Any) -> None:
    slot = _open(offer)[0]
    booking = booking_create(member=member, slot=slot, question="Q")

    cancelled = booking_cancel(actor=expert, booking=booking)

    slot.refresh_from_db()
    assert (cancelled.status, cancelled.sequence, cancelled.cancelled_by) == (
        "cancelled",
        1,
        expert,
    )
    assert not slot.booked
    again = booking_create(member=member, slot=slot, question="Another go")
    assert again.is_live


def test_someone_else_cannot_cancel(offer: Any, member: Any, facilitator: Any) -> None:
    booking = booking_create(member=member, slot=_open(offer)[0], question="Q")
    with pytest.raises(PermissionDenied):
        booking_cancel(actor=facilitator, booking=booking)
    assert Booking.objects.get(pk=booking.pk).is_live


def test_after_the_session_the_member_rates_it_and_keeps_a_note(offer: Any, member: Any) -> None:
    slot = _open(offer)[0]
    booking = booking_create(member=member, slot=slot, question="Q")
    with pytest.raises(ValidationError, match="once it has ended"):
        booking_rate(actor=member, booking=booking, rating=5)
    Slot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() - timedelta(minutes=30),
    )
    booking.refresh_from_db()

    booking_rate(actor=member, booking=booking, rating=5, note="Price the pilot by outcome.")

    booking.refresh_from_db()
    assert (booking.rating, booking.note) == (5, "Price the pilot by outcome.")


def test_an_expert_in_another_community_is_not_offered(offer: Any, other_community: Any) -> None:
    stranger = make_user("sam@elsewhere.test")
    join(stranger, other_community)
    with pytest.raises(PermissionDenied):
        booking_create(member=stranger, slot=_open(offer)[0], question="Q")


def test_the_data_export_holds_each_sides_sessions_and_only_the_members_own_note(
    offer: Any, member: Any, expert: Any
) -> None:
    from salon.accounts.services import personal_data_export

    slot = _open(offer)[0]
    booking = booking_create(member=member, slot=slot, question="How do I price a pilot?")
    Booking.objects.filter(pk=booking.pk).update(rating=4, note="Price by outcome.")

    mine = personal_data_export(user=member)
    theirs = personal_data_export(user=expert)

    assert [(b["question"], b["note"]) for b in mine["expert_sessions_booked"]] == [
        ("How do I price a pilot?", "Price by outcome.")
    ]
    assert theirs["office_hours_offered"][0]["minutes"] == 30
    assert [s["member"] for s in theirs["office_hours_sessions"]] == ["Maya Member"]
    assert "note" not in theirs["office_hours_sessions"][0]


def test_a_new_session_length_never_lays_a_slot_over_a_booked_one(
    publish: Any, offer: Any, member: Any
) -> None:
    booked = _open(offer)[1]  # the second half hour of a morning
    booking_create(member=member, slot=booked, question="Q")

    publish(minutes=45)

    open_now = Slot.objects.filter(office_hours=offer, booked=False, withdrawn=False)
    assert {s.minutes for s in open_now} == {45}
    assert not open_now.filter(starts_at__lt=booked.ends_at, ends_at__gt=booked.starts_at).exists()
    booked.refresh_from_db()
    assert (booked.booked, booked.minutes) == (True, 30)
