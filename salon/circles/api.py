"""Circle health and nudges in the API: ``GET /circles/{id}/health`` and
``POST /circles/{id}/nudges``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from salon.api.schemas import ErrorOut, Id
from salon.circles.access import access_circle_health_by_id, access_circle_member
from salon.circles.selectors.health import CircleHealth, Person, circle_health
from salon.circles.services.nudges import MESSAGE_MAX, nudge_send
from salon.goals.services.goals import local_today

router = Router(tags=["circles"])


class SessionOut(Schema):
    event: int
    title: str
    starts_at: datetime
    attended: int
    members: int


class PersonOut(Schema):
    user: int
    name: str
    nudged_at: datetime | None = Field(None, description="Their last nudge this week, if any.")
    goal: int | None = None
    goal_title: str | None = None
    days_overdue: int | None = None
    assignments_late: int | None = None


class HealthOut(Schema):
    circle: int
    named: bool = Field(..., description="Whether people are named to you (your own circle).")
    members: int
    today: date
    attendance_rate: int | None = Field(None, description="Per cent, over recent sessions.")
    sessions: list[SessionOut]
    posts_30_days: int
    posters_30_days: int
    topics_30_days: int
    goal_owners: int | None = Field(None, description="Withheld (null) below three people.")
    checked_in_30_days: int | None
    quiet_count: int
    quiet: list[PersonOut]
    stalling_count: int
    stalling: list[PersonOut]
    stalling_not_shared: int | None
    late_count: int
    late: list[PersonOut]
    assignments_past_due: int


class NudgeIn(Schema):
    recipient: Id
    message: str = Field(..., min_length=1, max_length=MESSAGE_MAX)


class NudgeOut(Schema):
    id: int
    circle: int
    recipient: int
    message: str
    sent_at: datetime


def _person(p: Person) -> PersonOut:
    return PersonOut(
        user=p.user.pk,
        name=p.user.display_name,
        nudged_at=p.nudged_at,
        goal=p.goal.pk if p.goal else None,
        goal_title=p.goal.title if p.goal else None,
        days_overdue=p.days if p.goal else None,
        assignments_late=p.late or None,
    )


def _health(h: CircleHealth) -> HealthOut:
    return HealthOut(
        circle=h.circle.pk,
        named=h.named,
        members=h.members,
        today=h.today,
        attendance_rate=h.attendance_rate,
        sessions=[
            SessionOut(
                event=s.event.pk,
                title=s.event.title,
                starts_at=s.event.starts_at,
                attended=s.attended,
                members=s.members,
            )
            for s in h.sessions
        ],
        posts_30_days=h.posts,
        posters_30_days=h.posters,
        topics_30_days=h.topics,
        goal_owners=h.goal_owners,
        checked_in_30_days=h.checked_in,
        quiet_count=h.quiet_count,
        quiet=[_person(p) for p in h.quiet],
        stalling_count=h.stalling_count,
        stalling=[_person(p) for p in h.stalling],
        stalling_not_shared=h.stalling_unshared,
        late_count=h.late_count,
        late=[_person(p) for p in h.late],
        assignments_past_due=h.assignments_due,
    )


@router.get(
    "/circles/{circle_id}/health",
    response={200: HealthOut, 403: ErrorOut, 404: ErrorOut},
    summary="A circle's health: sessions, forum, check-ins, and who may need a nudge",
)
def health_get(request: HttpRequest, circle_id: int) -> Any:
    circle = access_circle_health_by_id(request.user, circle_id, "circle.view_health")
    return _health(
        circle_health(circle=circle, viewer=request.user, today=local_today(request.user))
    )


@router.post(
    "/circles/{circle_id}/nudges",
    response={201: NudgeOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Send a member of the circle a short personal nudge (one a week per person)",
)
def nudge_create(request: HttpRequest, circle_id: int, payload: NudgeIn) -> Any:
    circle = access_circle_health_by_id(request.user, circle_id, "circle.nudge")
    recipient = access_circle_member(circle, payload.recipient)
    nudge = nudge_send(
        actor=request.user, circle=circle, recipient=recipient, message=payload.message
    )
    return 201, NudgeOut(
        id=nudge.pk,
        circle=circle.pk,
        recipient=recipient.pk,
        message=nudge.message,
        sent_at=nudge.sent_at,
    )
