"""Every write of expert time: offering office hours, booking, moving, cancelling, rating.

A slot is taken by a conditional update (``booked`` from false to true) inside the
booking's transaction, and the database keeps one live booking per slot besides: two
people clicking the last slot at once get one booking and one clear "just taken".
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.communities.models import Membership
from salon.core.audit import audit
from salon.core.errors import Conflict
from salon.core.permissions import require
from salon.core.safe_urls import check_url
from salon.events.office_hours import slots as layout
from salon.events.office_hours.models import (
    Booking,
    BookingStatus,
    ExpertTimeRules,
    OfficeHours,
    Slot,
    Window,
)
from salon.events.office_hours.tasks import send_booking_invitation

DEFAULT_RULES = ExpertTimeRules(max_upcoming=2, min_notice_hours=2)


@dataclass(frozen=True)
class OfficeHoursPlan:
    windows: tuple[layout.Window, ...]
    slot_minutes: int = 30
    weeks_ahead: int = 4
    about: str = ""
    join_url: str = ""
    competencies: tuple[Any, ...] = ()


def rules_of(community: Any) -> ExpertTimeRules:
    return ExpertTimeRules.objects.filter(community=community).first() or DEFAULT_RULES


def _clock(value: time | str) -> time:
    # A user made in this request still holds the field's default as written ("09:00").
    return value if isinstance(value, time) else time.fromisoformat(value)


def _check(plan: OfficeHoursPlan, expert: Any, community: Any) -> None:
    work_start, work_end = _clock(expert.work_start), _clock(expert.work_end)
    if not plan.windows:
        raise ValidationError(_("Add at least one weekly time when members can book you."))
    if plan.slot_minutes not in layout.SLOT_LENGTHS:
        raise ValidationError(_("A session lasts 15, 30 or 45 minutes."))
    if not 1 <= plan.weeks_ahead <= layout.MAX_WEEKS_AHEAD:
        raise ValidationError(
            _("Open between 1 and %(most)d weeks ahead.") % {"most": layout.MAX_WEEKS_AHEAD}
        )
    for window in plan.windows:
        if not 0 <= window.weekday <= 6 or window.end <= window.start:
            raise ValidationError(_("Each time needs a day, and an end after its start."))
        if not layout.fits_working_hours(window, work_start=work_start, work_end=work_end):
            raise ValidationError(
                _(
                    "Keep office hours inside your working day (%(start)s–%(end)s); "
                    "change your working hours in your profile first."
                )
                % {"start": f"{work_start:%H:%M}", "end": f"{work_end:%H:%M}"}
            )
        if (
            window.end.hour * 60
            + window.end.minute
            - (window.start.hour * 60 + window.start.minute)
            < plan.slot_minutes
        ):
            raise ValidationError(_("Each time must be long enough for one session."))
    by_day = sorted(plan.windows, key=lambda w: (w.weekday, w.start))
    for before, after in itertools.pairwise(by_day):
        if before.weekday == after.weekday and after.start < before.end:
            raise ValidationError(_("Two of your times overlap; join them into one."))
    if any(c.community_id != community.pk for c in plan.competencies):
        raise ValidationError(_("Pick competencies of this community."))


@transaction.atomic
def office_hours_publish(*, actor: Any, community: Any, plan: OfficeHoursPlan) -> OfficeHours:
    """Offer (or change) the actor's weekly office hours in ``community``, and open its
    slots for the weeks ahead. Booked sessions stay as they are."""
    require(actor, "office_hours.offer", community)
    _check(plan, actor, community)
    offer, created = OfficeHours.objects.update_or_create(
        community=community,
        expert=actor,
        defaults={
            "timezone": actor.timezone,
            "slot_minutes": plan.slot_minutes,
            "weeks_ahead": plan.weeks_ahead,
            "about": plan.about.strip(),
            "join_url": check_url(plan.join_url),
            "active": True,
        },
    )
    offer.windows.all().delete()
    Window.objects.bulk_create(
        [
            Window(office_hours=offer, weekday=w.weekday, start=w.start, end=w.end)
            for w in plan.windows
        ]
    )
    offer.competencies.set(plan.competencies)
    opened = _lay_out(offer, now=timezone.now())
    audit(
        "events.office_hours.published" if created else "events.office_hours.changed",
        actor=actor,
        target=offer,
        community=community,
        slots=opened,
    )
    return offer


@transaction.atomic
def office_hours_withdraw(*, actor: Any, offer: OfficeHours) -> int:
    """Stop offering office hours: open slots close; booked sessions stay."""
    require(actor, "office_hours.offer", offer.community)
    if offer.expert_id != actor.pk:
        require(actor, "community.edit", offer.community)
    OfficeHours.objects.filter(pk=offer.pk).update(active=False)
    closed = Slot.objects.filter(
        office_hours=offer, booked=False, withdrawn=False, starts_at__gt=timezone.now()
    ).update(withdrawn=True)
    audit("events.office_hours.withdrawn", actor=actor, target=offer, slots=closed)
    return closed


def _lay_out(offer: OfficeHours, *, now: datetime) -> int:
    """Make the future slots match the weekly windows: add missing ones, withdraw open ones
    no longer in a window (booked ones are kept). Returns how many slots are open."""
    windows = [layout.Window(w.weekday, w.start, w.end) for w in offer.windows.all()]
    today = now.astimezone(ZoneInfo(offer.timezone)).date()
    wanted = {
        start: end
        for start, end in layout.slot_starts(
            windows,
            tz=offer.timezone,
            minutes=offer.slot_minutes,
            first_day=today,
            days=offer.weeks_ahead * 7,
        )
        if start > now
    }
    future = Slot.objects.filter(office_hours=offer, starts_at__gt=now)
    existing = {s.starts_at: s for s in future}
    booked = [(s.starts_at, s.ends_at) for s in existing.values() if s.booked]
    # A new length must not lay a slot over a session already booked.
    wanted = {
        start: end
        for start, end in wanted.items()
        if not any(start < b_end and b_start < end for b_start, b_end in booked)
        or (start in existing and existing[start].booked)
    }
    stale = [s.pk for at, s in existing.items() if not s.booked and at not in wanted]
    Slot.objects.filter(pk__in=stale).update(withdrawn=True)
    for at, slot in existing.items():
        end = wanted.get(at)
        if not slot.booked and end is not None and (slot.withdrawn or slot.ends_at != end):
            # Offered again, or offered at a new length: the same row, so one start is one slot.
            Slot.objects.filter(pk=slot.pk, booked=False).update(ends_at=end, withdrawn=False)
    Slot.objects.bulk_create(
        [
            Slot(office_hours=offer, starts_at=start, ends_at=end)
            for start, end in wanted.items()
            if start not in existing
        ],
        ignore_conflicts=True,
    )
    return len(wanted) - len(booked)


def slots_top_up(*, now: datetime) -> int:
    """The daily roll forward: every active offer keeps its weeks ahead open. Returns how
    many offers were laid out."""
    offers = OfficeHours.objects.filter(active=True).prefetch_related("windows")
    count = 0
    for offer in offers:
        with transaction.atomic():
            _lay_out(offer, now=now)
        count += 1
    return count


# Booking ----------------------------------------------------------------------------------


def _bookable(slot: Slot, *, now: datetime, community: Any) -> None:
    rules = rules_of(community)
    if slot.withdrawn or not slot.office_hours.active:
        raise ValidationError(_("This time is no longer offered. Choose another."))
    if slot.starts_at < now + timedelta(hours=rules.min_notice_hours):
        raise ValidationError(
            _("Book at least %(hours)d hours ahead, so the expert can prepare.")
            % {"hours": rules.min_notice_hours}
        )


def _no_clash(member: Any, slot: Slot, *, ignore: int = 0) -> None:
    clash = Booking.objects.filter(
        member=member,
        status=BookingStatus.BOOKED,
        slot__starts_at__lt=slot.ends_at,
        slot__ends_at__gt=slot.starts_at,
    ).exclude(pk=ignore)
    if clash.exists():
        raise ValidationError(_("You already have a session at that time."))


def _claim(slot: Slot) -> None:
    # The race is decided here: only one transaction turns ``booked`` from false to true.
    claimed = Slot.objects.filter(pk=slot.pk, booked=False, withdrawn=False).update(booked=True)
    if not claimed:
        raise Conflict(_("Someone has just booked this time. Please choose another."))


def _clean_question(question: str) -> str:
    question = question.strip()
    if not question:
        raise ValidationError(_("Say what you would like to ask, so the expert can prepare."))
    if len(question) > 2000:
        raise ValidationError(_("Keep your question under 2,000 characters."))
    return question


@transaction.atomic
def booking_create(*, member: Any, slot: Slot, question: str) -> Booking:
    """Book an expert's open slot with the question the member brings."""
    require(member, "office_hours.book", slot)
    community = slot.office_hours.community
    question = _clean_question(question)
    now = timezone.now()
    _bookable(slot, now=now, community=community)
    # One member's bookings queue here, so the community's limit holds under concurrency.
    Membership.objects.select_for_update().filter(user=member, community=community).first()
    upcoming = Booking.objects.filter(
        member=member,
        status=BookingStatus.BOOKED,
        slot__office_hours__community=community,
        slot__ends_at__gt=now,
    ).count()
    limit = rules_of(community).max_upcoming
    if upcoming >= limit:
        raise ValidationError(
            _(
                "You already have %(count)d upcoming sessions with experts, the most this "
                "community allows. Cancel one, or book again after it."
            )
            % {"count": upcoming}
        )
    _no_clash(member, slot)
    _claim(slot)
    booking = Booking.objects.create(slot=slot, member=member, question=question)
    audit("events.booking.created", actor=member, target=booking, community=community)
    transaction.on_commit(
        lambda: send_booking_invitation.enqueue(booking_id=booking.pk, method="REQUEST")
    )
    return booking


@transaction.atomic
def booking_reschedule(*, actor: Any, booking: Booking, slot: Slot) -> Booking:
    """Move a session to another open slot of the same expert: one calendar entry, moved."""
    require(actor, "office_hours.booking.change", booking)
    if actor.pk != booking.member_id:
        raise ValidationError(_("Only the member who booked can move the session."))
    if slot.office_hours_id != booking.slot.office_hours_id:
        raise ValidationError(_("Choose another time with the same expert."))
    if slot.pk == booking.slot_id:
        raise ValidationError(_("That is the time you already have."))
    now = timezone.now()
    if booking.slot.starts_at <= now:
        raise ValidationError(_("This session has already begun."))
    _bookable(slot, now=now, community=slot.office_hours.community)
    _no_clash(actor, slot, ignore=booking.pk)
    _claim(slot)
    old = booking.slot
    moved = Booking.objects.filter(pk=booking.pk, status=BookingStatus.BOOKED).update(
        slot=slot, sequence=F("sequence") + 1
    )
    if not moved:
        raise Conflict(_("This session was cancelled meanwhile."))
    Slot.objects.filter(pk=old.pk).update(booked=False)
    booking.refresh_from_db()
    audit(
        "events.booking.rescheduled",
        actor=actor,
        target=booking,
        community=slot.office_hours.community,
        was=old.starts_at.isoformat(),
    )
    transaction.on_commit(
        lambda: send_booking_invitation.enqueue(booking_id=booking.pk, method="REQUEST")
    )
    return booking


@transaction.atomic
def booking_cancel(*, actor: Any, booking: Booking) -> Booking:
    """Either side calls a session off: the slot opens again and both calendars drop it."""
    require(actor, "office_hours.booking.change", booking)
    if booking.slot.starts_at <= timezone.now():
        raise ValidationError(_("This session has already begun."))
    cancelled = Booking.objects.filter(pk=booking.pk, status=BookingStatus.BOOKED).update(
        status=BookingStatus.CANCELLED, sequence=F("sequence") + 1, cancelled_by=actor
    )
    if not cancelled:
        raise Conflict(_("This session was already cancelled."))
    Slot.objects.filter(pk=booking.slot_id).update(booked=False)
    booking.refresh_from_db()
    audit(
        "events.booking.cancelled",
        actor=actor,
        target=booking,
        community=booking.slot.office_hours.community,
    )
    transaction.on_commit(
        lambda: send_booking_invitation.enqueue(booking_id=booking.pk, method="CANCEL")
    )
    return booking


@transaction.atomic
def booking_rate(*, actor: Any, booking: Booking, rating: int, note: str = "") -> Booking:
    """After the session, the member says how useful it was and keeps a note."""
    require(actor, "office_hours.booking.change", booking)
    if actor.pk != booking.member_id:
        raise ValidationError(_("Only the member who booked rates the session."))
    if booking.slot.ends_at > timezone.now():
        raise ValidationError(_("You can rate the session once it has ended."))
    if not 1 <= rating <= 5:
        raise ValidationError(_("Rate from 1 to 5."))
    booking.rating = rating
    booking.note = note.strip()[:4000]
    booking.save(update_fields=["rating", "note", "updated_at"])
    audit("events.booking.rated", actor=actor, target=booking, rating=rating)
    return booking


@transaction.atomic
def expert_time_rules_set(
    *, actor: Any, community: Any, max_upcoming: int, min_notice_hours: int
) -> ExpertTimeRules:
    """A director sets how many upcoming sessions each member may hold, and the notice."""
    require(actor, "community.edit", community)
    if not 1 <= max_upcoming <= 20 or not 0 <= min_notice_hours <= 168:
        raise ValidationError(_("Allow 1 to 20 upcoming sessions, and a notice of 0 to 168 hours."))
    rules, _created = ExpertTimeRules.objects.update_or_create(
        community=community,
        defaults={"max_upcoming": max_upcoming, "min_notice_hours": min_notice_hours},
    )
    audit(
        "events.expert_time_rules.changed",
        actor=actor,
        target=community,
        limits=f"{max_upcoming} upcoming, {min_notice_hours} h notice",
    )
    return rules


def windows_from(rows: Iterable[tuple[int, time, time]]) -> tuple[layout.Window, ...]:
    return tuple(layout.Window(day, start, end) for day, start, end in rows)
