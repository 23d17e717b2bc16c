"""The demo's expert time: the Innovation Lab's experts offer weekly office hours, and
several are booked (the demo member's among them, one in the past and rated). The words
are in ``data/office-hours.toml``; dates are relative to the day of seeding."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.utils import timezone

from salon.communities.models import Community, Membership, Role
from salon.demo.content import load
from salon.events.office_hours.models import Booking, OfficeHours, Slot
from salon.events.office_hours.services import OfficeHoursPlan, office_hours_publish
from salon.events.office_hours.slots import Window
from salon.goals.models import Competency

WORDS = load("office-hours")


def _window(row: list[Any]) -> Window:
    return Window(int(row[0]), time.fromisoformat(row[1]), time.fromisoformat(row[2]))


def _book(slot: Slot, member: Any, question: str, **extra: Any) -> Booking:
    # The seed writes bookings directly: nobody should get 20 calendar invitations from it.
    Slot.objects.filter(pk=slot.pk).update(booked=True)
    return Booking.objects.create(slot=slot, member=member, question=question, **extra)


def _open_after(offer: OfficeHours, days: int, taken: set[int]) -> Slot:
    soon = timezone.now() + timedelta(days=days)
    slots = Slot.objects.filter(office_hours=offer, booked=False, starts_at__gt=soon)
    slot = slots.exclude(pk__in=taken).order_by("starts_at").first()
    assert slot is not None, "The demo expert has no open slot to book."
    taken.add(slot.pk)
    return slot


def seed_office_hours(*, member: Any) -> int:
    """Office hours for each of the lab's experts; returns how many sessions are booked."""
    lab = Community.objects.get(slug="innovation-lab")
    experts = [
        m.user
        for m in Membership.objects.filter(community=lab, role=Role.EXPERT)
        .select_related("user")
        .order_by("user_id")
    ]
    competencies = {c.name: c for c in Competency.objects.filter(community=lab)}
    offers: list[OfficeHours] = []
    for expert, words in zip(experts, WORDS["experts"], strict=False):
        # Office hours sit inside the expert's working day: give them one that holds them.
        expert.work_start, expert.work_end = time(8), time(18)
        expert.save(update_fields=["work_start", "work_end"])
        offers.append(
            office_hours_publish(
                actor=expert,
                community=lab,
                plan=OfficeHoursPlan(
                    windows=tuple(_window(w) for w in words["windows"]),
                    slot_minutes=words["minutes"],
                    weeks_ahead=4,
                    about=words["about"],
                    competencies=tuple(competencies[n] for n in words["competencies"]),
                ),
            )
        )
    if not offers:
        return 0
    taken: set[int] = set()
    mine = WORDS["member_booking"]
    _book(_open_after(offers[mine["expert"] - 1], 5, taken), member, mine["question"])
    past = WORDS["member_past"]
    offer = offers[past["expert"] - 1]
    start = (timezone.now() - timedelta(days=past["days_ago"])).replace(
        minute=0, second=0, microsecond=0
    )
    slot = Slot.objects.create(
        office_hours=offer,
        starts_at=start,
        ends_at=start + timedelta(minutes=offer.slot_minutes),
    )
    _book(slot, member, past["question"], rating=past["rating"], note=past["note"])
    others = [
        m.user
        for m in Membership.objects.filter(community=lab, role=Role.MEMBER)
        .exclude(user=member)
        .select_related("user")
        .order_by("user_id")
    ]
    for n, words in enumerate(WORDS["bookings"]):
        offer = offers[(words["expert"] - 1) % len(offers)]
        _book(_open_after(offer, 1 + n, taken), others[n % len(others)], words["question"])
    # Sessions booked well ahead: their reminders are still to come.
    booked = list(Booking.objects.filter(slot__office_hours__community=lab).select_related("slot"))
    for booking in booked:
        Booking.objects.filter(pk=booking.pk).update(
            created_at=min(booking.slot.starts_at - timedelta(days=3), timezone.now())
        )
    return len(booked)
