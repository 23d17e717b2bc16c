"""Expert time in the API: open slots in the viewer's zone, booking, moving, cancelling."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import ErrorOut, Id
from salon.communities.access import access_community
from salon.events.access import access_booking, access_slot
from salon.events.office_hours import selectors, services
from salon.events.office_hours.models import Booking, Slot

router = Router(tags=["expert time"])


class ExpertOut(Schema):
    id: int
    name: str
    photo_url: str | None
    timezone: str


class SlotOut(Schema):
    id: int
    expert: ExpertOut
    starts_at: datetime = Field(..., description="UTC.")
    ends_at: datetime = Field(..., description="UTC.")
    minutes: int
    timezone: str = Field(..., description="Your time zone, which the local times are in.")
    starts_local: datetime
    ends_local: datetime
    book_url: str


class BookingOut(Schema):
    id: int
    status: str
    slot: SlotOut
    member: str
    question: str
    uid: str
    sequence: int
    rating: int | None
    note: str
    url: str


class SlotsQuery(Schema):
    expert: Id | None = Field(None, description="Only this expert's slots (a user id).")


class BookingIn(Schema):
    question: str = Field(..., min_length=1, max_length=2000)


class RescheduleIn(Schema):
    slot: Id = Field(..., description="The id of another open slot of the same expert.")


class RatingIn(Schema):
    rating: int = Field(..., ge=1, le=5)
    note: str = Field("", max_length=4000)


def _expert(request: HttpRequest, user: Any) -> ExpertOut:
    photo = request.build_absolute_uri(user.photo.url) if user.photo else None
    return ExpertOut(id=user.pk, name=user.display_name, photo_url=photo, timezone=user.timezone)


def _slot(request: HttpRequest, slot: Slot) -> SlotOut:
    zone = ZoneInfo(request.user.timezone)  # type: ignore[union-attr]
    return SlotOut(
        id=slot.pk,
        expert=_expert(request, slot.office_hours.expert),
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        minutes=slot.minutes,
        timezone=zone.key,
        starts_local=slot.starts_at.astimezone(zone),
        ends_local=slot.ends_at.astimezone(zone),
        book_url=request.build_absolute_uri(reverse("events:book", args=[slot.pk])),
    )


def _booking(request: HttpRequest, booking: Booking) -> BookingOut:
    return BookingOut(
        id=booking.pk,
        status=booking.status,
        slot=_slot(request, booking.slot),
        member=booking.member.display_name,
        question=booking.question,
        uid=booking.uid,
        sequence=booking.sequence,
        rating=booking.rating,
        note=booking.note if request.user.pk == booking.member_id else "",
        url=request.build_absolute_uri(booking.get_absolute_url()),
    )


@router.get(
    "/communities/{slug}/office-hours",
    response={200: list[SlotOut], 403: ErrorOut, 404: ErrorOut},
    summary="Experts' open office-hour slots, in your time zone and in UTC",
)
@paginate(Pagination)
def open_slots(request: HttpRequest, slug: str, filters: Query[SlotsQuery]) -> Any:
    community = access_community(request.user, slug, "office_hours.view")
    qs = selectors.open_slots(community=community, expert_id=filters.expert)
    return ShapedPage(qs, lambda slot: _slot(request, slot))


@router.post(
    "/office-hours/{slot_id}/bookings",
    response={201: BookingOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Book an open slot with the question you bring (409 if someone just took it)",
)
def booking_create(request: HttpRequest, slot_id: int, payload: BookingIn) -> Any:
    slot = access_slot(request.user, slot_id)
    booking = services.booking_create(member=request.user, slot=slot, question=payload.question)
    return 201, _booking(request, booking)


@router.get(
    "/me/bookings",
    response={200: list[BookingOut]},
    summary="Your upcoming sessions with experts (as member or as expert)",
)
@paginate(Pagination)
def my_bookings(request: HttpRequest, past: bool = False) -> Any:
    qs = selectors.bookings_for(user=request.user, past=past)
    return ShapedPage(qs, lambda booking: _booking(request, booking))


@router.get(
    "/bookings/{booking_id}",
    response={200: BookingOut, 404: ErrorOut},
    summary="One session with an expert (its member's and its expert's alone)",
)
def booking_detail(request: HttpRequest, booking_id: int) -> Any:
    return _booking(request, access_booking(request.user, booking_id))


@router.post(
    "/bookings/{booking_id}/cancel",
    response={200: BookingOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Cancel a session (either side); the slot opens again",
)
def booking_cancel(request: HttpRequest, booking_id: int) -> Any:
    booking = access_booking(request.user, booking_id, "office_hours.booking.change")
    return _booking(request, services.booking_cancel(actor=request.user, booking=booking))


@router.post(
    "/bookings/{booking_id}/reschedule",
    response={200: BookingOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Move a session to another open slot of the same expert",
)
def booking_reschedule(request: HttpRequest, booking_id: int, payload: RescheduleIn) -> Any:
    booking = access_booking(request.user, booking_id, "office_hours.booking.change")
    slot = access_slot(request.user, payload.slot)
    moved = services.booking_reschedule(actor=request.user, booking=booking, slot=slot)
    return _booking(request, moved)


@router.post(
    "/bookings/{booking_id}/rating",
    response={200: BookingOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="After the session: how useful it was (1–5) and a note for yourself",
)
def booking_rate(request: HttpRequest, booking_id: int, payload: RatingIn) -> Any:
    booking = access_booking(request.user, booking_id, "office_hours.booking.change")
    rated = services.booking_rate(
        actor=request.user, booking=booking, rating=payload.rating, note=payload.note
    )
    return _booking(request, rated)
