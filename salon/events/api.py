from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import StrictBool

from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import (
    BoundedDate,
    ErrorOut,
    Id,
    LocalTime,
    Slug,
    TimeZoneName,
    omittable,
)
from salon.communities.access import access_community
from salon.communities.models import Circle
from salon.core.safe_urls import SafeURL
from salon.events import selectors, services
from salon.events.access import access_event
from salon.events.models import Event, EventFormat, Frequency, Mode, Rsvp
from salon.events.recurrence import Recurrence

router = Router(tags=["events"])


class Scope(StrEnum):
    THIS = "this"
    FOLLOWING = "following"


class RsvpStatus(StrEnum):
    GOING = "going"
    MAYBE = "maybe"
    NOT_GOING = "not_going"


class EventOut(Schema):
    id: int
    title: str
    format: str
    community: str
    circle: str | None
    timezone: str
    starts_at: datetime
    ends_at: datetime
    status: str
    mode: Mode
    venue: str
    capacity: int | None
    going: int
    my_status: str | None
    series_uid: str | None
    url: str


class EventIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    format: Slug = Field("webinar", description="Slug of an event format.")
    circle: Slug | None = Field(None, description="Slug of a circle of the community.")
    start_date: BoundedDate
    start_time: LocalTime
    timezone: TimeZoneName = Field(..., description="IANA zone the event is planned in.")
    duration_minutes: int = Field(60, ge=5, le=4320)
    description: str = Field("", max_length=20000)
    mode: Mode = Mode.ONLINE
    join_url: SafeURL = Field("", max_length=500)
    venue: str = Field("", max_length=300, description="Needed for in-person and hybrid.")
    capacity: int | None = Field(None, ge=1, le=100_000)
    repeat: Frequency | None = None
    interval: int = Field(1, ge=1, le=52)
    count: int | None = Field(None, ge=1, le=104)
    until: BoundedDate | None = None


class EventPatch(Schema):
    # Only the fields sent change; text fields are not nullable (send "" to clear one).
    title: str = omittable(min_length=1, max_length=200)
    description: str = omittable(max_length=20000)
    venue: str = omittable(max_length=300)
    capacity: int | None = Field(None, ge=1, le=100_000, description="null: no limit.")
    recording_url: SafeURL = omittable(max_length=500)
    scope: Scope = Scope.THIS


class RsvpIn(Schema):
    status: RsvpStatus
    whole_series: StrictBool = False


class RsvpOut(Schema):
    event: int
    status: str


class AgendaQuery(Schema):
    past: bool = False
    format: str = Field("", max_length=60, description="Slug of an event format.")
    circle: str = Field("", max_length=60, description="Slug of a circle of the community.")


def _out(request: HttpRequest, event: Any) -> EventOut:
    return EventOut(
        id=event.pk,
        title=event.title,
        format=event.format.slug,
        community=event.community.slug,
        circle=event.circle.slug if event.circle_id else None,
        timezone=event.timezone,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        status=event.status,
        mode=event.mode,
        venue=event.venue,
        capacity=event.capacity,
        going=getattr(event, "going_count", 0),
        my_status=getattr(event, "my_status", None),
        series_uid=event.uid if event.series_id else None,
        url=request.build_absolute_uri(event.get_absolute_url()),
    )


@router.get(
    "/communities/{slug}/events",
    response={200: list[EventOut], 404: ErrorOut},
    summary="Events of a community that you can see",
)
@paginate(Pagination)
def community_events(request: HttpRequest, slug: str, filters: Query[AgendaQuery]) -> Any:
    community = access_community(request.user, slug)
    circle_id = None
    if filters.circle:
        circle = Circle.objects.filter(community=community, slug=filters.circle).first()
        circle_id = circle.pk if circle else -1  # an unknown circle has no events
    qs = selectors.agenda_for(
        user=request.user,
        past=filters.past,
        community_id=community.pk,
        circle_id=circle_id,
        format_slug=filters.format,
    )
    return ShapedPage(qs, lambda event: _out(request, event))


@router.post(
    "/communities/{slug}/events",
    response={201: EventOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Plan an event or a series (returns its first occurrence)",
)
def event_create(request: HttpRequest, slug: str, payload: EventIn) -> Any:
    community = access_community(request.user, slug, "event.create")
    event_format = EventFormat.objects.filter(slug=payload.format).first()
    if event_format is None:
        raise HttpError(400, "There is no such event format.")
    circle = None
    if payload.circle:
        circle = Circle.objects.filter(community=community, slug=payload.circle).first()
        if circle is None:
            raise HttpError(400, "There is no such circle in this community.")
    recurrence = None
    if payload.repeat:
        if not (payload.count or payload.until):
            raise HttpError(400, "A series needs a count or an end date.")
        if not payload.count and payload.until and payload.until < payload.start_date:
            raise HttpError(400, "A series ends on or after its first date.")
        recurrence = Recurrence(
            frequency=payload.repeat,
            interval=payload.interval,
            count=payload.count,
            until=None if payload.count else payload.until,
        )
    event = services.event_create(
        actor=request.user,
        community=community,
        plan=services.EventPlan(
            title=payload.title,
            format=event_format,
            timezone=payload.timezone,
            start_local=datetime.combine(payload.start_date, payload.start_time),
            duration=timedelta(minutes=payload.duration_minutes),
            description=payload.description,
            circle=circle,
            mode=payload.mode,
            join_url=payload.join_url,
            venue=payload.venue,
            capacity=payload.capacity,
        ),
        recurrence=recurrence,
    )
    return 201, _out(request, event)


def _annotated(request: HttpRequest, event_id: int) -> Event:
    access_event(request.user, event_id)
    return selectors.with_viewer(Event.objects.filter(pk=event_id), user=request.user).get()


@router.get("/events/{event_id}", response={200: EventOut, 404: ErrorOut}, summary="One event")
def event_detail(request: HttpRequest, event_id: int) -> EventOut:
    return _out(request, _annotated(request, event_id))


@router.patch(
    "/events/{event_id}",
    response={200: EventOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Change an event (or it and the following sessions)",
)
def event_patch(request: HttpRequest, event_id: int, payload: EventPatch) -> EventOut:
    event = access_event(request.user, event_id, "event.edit")
    changes = payload.dict(exclude_unset=True)
    scope = changes.pop("scope", "this")
    services.event_update(actor=request.user, event=event, scope=scope, **changes)
    return _out(request, _annotated(request, event_id))


@router.delete(
    "/events/{event_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="Cancel an event (everyone who answered is told)",
)
def event_delete(request: HttpRequest, event_id: int, scope: Scope = Scope.THIS) -> Any:
    event = access_event(request.user, event_id, "event.edit")
    services.event_cancel(actor=request.user, event=event, scope=scope)
    return 204, None


@router.post(
    "/events/{event_id}/rsvp",
    response={200: RsvpOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Answer going, maybe or not going (a full event puts you on the waitlist)",
)
def event_rsvp(request: HttpRequest, event_id: int, payload: RsvpIn) -> RsvpOut:
    event = access_event(request.user, event_id, "event.rsvp")
    if payload.whole_series:
        services.event_rsvp_series(user=request.user, event=event, status=payload.status)
    else:
        services.event_rsvp(user=request.user, event=event, status=payload.status)
    answer = Rsvp.objects.get(event=event, user_id=request.user.pk or 0)
    return RsvpOut(event=event.pk, status=answer.status)


class AttendeeOut(Schema):
    id: int
    name: str
    status: str = Field(..., description="Their answer; empty if they only checked in.")
    present: bool


class AttendanceIn(Schema):
    present: list[Id] = Field(..., max_length=5000, description="Ids of everyone who came.")


class CheckInIn(Schema):
    code: str = Field(..., min_length=1, max_length=12)


def _attendees(event: Event) -> list[AttendeeOut]:
    return [
        AttendeeOut(
            id=row["user"].pk,
            name=row["user"].display_name,
            status=row["status"],
            present=row["present"],
        )
        for row in selectors.attendance_candidates(event=event)
    ]


@router.get(
    "/events/{event_id}/attendance",
    response={200: list[AttendeeOut], 403: ErrorOut, 404: ErrorOut},
    summary="Who answered and who was there (hosts)",
)
def attendance_list(request: HttpRequest, event_id: int) -> list[AttendeeOut]:
    event = access_event(request.user, event_id, "event.edit")
    return _attendees(event)


@router.put(
    "/events/{event_id}/attendance",
    response={200: list[AttendeeOut], 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Record who came (hosts): everyone listed is present, everyone else absent",
)
def attendance_put(request: HttpRequest, event_id: int, payload: AttendanceIn) -> Any:
    event = access_event(request.user, event_id, "event.edit")
    services.attendance_set(actor=request.user, event=event, present_ids=set(payload.present))
    return _attendees(event)


@router.post(
    "/events/{event_id}/check-in",
    response={204: None, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Check yourself in with the code the host shares",
)
def check_in(request: HttpRequest, event_id: int, payload: CheckInIn) -> Any:
    event = access_event(request.user, event_id, "event.rsvp")
    services.attendance_check_in(user=request.user, event=event, code=payload.code)
    return 204, None


class PlannerIn(Schema):
    circle: Slug | None = Field(None, description="Slug of a circle; empty for the community.")
    people: list[Id] | None = Field(
        None, max_length=2000, description="Only these members (ids), instead of everyone."
    )
    duration_minutes: int = Field(60, ge=15, le=480)
    start_date: BoundedDate
    days: int = Field(14, ge=1, le=90, description="How many days, from start_date, to search.")
    sessions: int = Field(1, ge=1, le=12, description="More than 1 plans a rotating series.")


class RegionCountsOut(Schema):
    in_hours: int
    early_late: int
    asleep: int
    unavailable: int


class SlotOut(Schema):
    start: datetime
    end: datetime
    in_hours: int
    early_late: int
    asleep: int
    unavailable: int
    worst_cost: float
    by_region: dict[str, RegionCountsOut]


class BurdenOut(Schema):
    members: int
    out_of_hours_share: float = Field(..., description="Share of the series' sessions.")
    asleep_share: float


class PlanOut(Schema):
    participants: int
    proposals: list[SlotOut] = Field(
        ..., description="Best first; for a series, its sessions in date order."
    )
    regions: dict[str, BurdenOut] = Field(
        default_factory=dict, description="For a series: how the burden falls on each region."
    )


def _slot(slot: Any) -> SlotOut:
    return SlotOut(
        start=slot.start,
        end=slot.end,
        in_hours=slot.in_hours,
        early_late=slot.early_late,
        asleep=slot.asleep,
        unavailable=slot.unavailable,
        worst_cost=round(slot.worst_cost, 2),
        by_region={
            region: RegionCountsOut(
                in_hours=counts.get("in_hours", 0),
                early_late=counts.get("early_late", 0),
                asleep=counts.get("asleep", 0),
                unavailable=counts.get("unavailable", 0),
            )
            for region, counts in slot.by_region.items()
        },
    )


@router.post(
    "/communities/{slug}/planner",
    response={200: PlanOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Find fair times for a circle, chosen people or the whole community",
)
def plan(request: HttpRequest, slug: str, payload: PlannerIn) -> PlanOut:
    from salon.events import planner
    from salon.events.planner_views import participants_for, series_for

    community = access_community(request.user, slug, "event.create")
    circle = None
    if payload.circle:
        circle = Circle.objects.filter(community=community, slug=payload.circle).first()
        if circle is None:
            raise HttpError(400, "There is no such circle in this community.")
    people, _names = participants_for(
        community,
        circle=circle,
        user_ids=payload.people,
        between=(
            payload.start_date - timedelta(days=1),
            payload.start_date + timedelta(days=payload.days + 1),
        ),
    )
    if not people:
        raise HttpError(400, "Nobody to plan for: no member matches.")
    start = datetime.combine(payload.start_date, time(0), tzinfo=UTC)
    end = start + timedelta(days=payload.days)
    duration = timedelta(minutes=payload.duration_minutes)
    if payload.sessions == 1:
        slots = planner.plan_slots(
            people, start=start, end=end, duration=duration, limit=8, distinct=True
        )
        return PlanOut(participants=len(people), proposals=[_slot(s) for s in slots])
    series = series_for(people, start=start, end=end, duration=duration, sessions=payload.sessions)
    return PlanOut(
        participants=len(people),
        proposals=[_slot(s) for s in series.sessions],
        regions={
            region: BurdenOut(
                members=b.members,
                out_of_hours_share=round(b.out_of_hours_share, 3),
                asleep_share=round(b.asleep_share, 3),
            )
            for region, b in series.regions.items()
        },
    )
