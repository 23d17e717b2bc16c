"""Circle health, nudges, and meetings' notes and actions in the API:
``GET /circles/{id}/health``, ``POST /circles/{id}/nudges``, ``GET|PUT /events/{id}/notes``,
``POST /events/{id}/actions``, ``GET /circles/{id}/actions`` and
``POST /meeting-actions/{id}/toggle``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from salon.api.schemas import BoundedDate, ErrorOut, Id
from salon.circles.access import (
    access_action_owner,
    access_circle_health_by_id,
    access_circle_member,
    access_event_notes,
    access_meeting_action,
)
from salon.circles.models import MeetingAction, MeetingNotes
from salon.circles.selectors.health import CircleHealth, Person, circle_health
from salon.circles.selectors.notes import actions_of, open_actions_of_circle, under_chatham_house
from salon.circles.services.notes import (
    NOTES_MAX,
    meeting_action_add,
    meeting_action_toggle,
    notes_save,
)
from salon.circles.services.nudges import MESSAGE_MAX, nudge_send
from salon.core.actions import TEXT_MAX, ActionPlan
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


# Notes and actions of a meeting ---------------------------------------------------------


class ActionOut(Schema):
    id: int
    text: str
    owner: int | None = Field(None, description="Null under the Chatham House rule.")
    owner_name: str | None
    due_on: date | None
    done: bool
    overdue: bool
    meeting: str
    page: str


class NotesOut(Schema):
    event: int | None
    circle: int | None
    text: str
    written_by: str | None = Field(None, description="Null under the Chatham House rule.")
    updated_at: datetime | None
    chatham_house: bool
    actions: list[ActionOut]


class NotesIn(Schema):
    text: str = Field(..., max_length=NOTES_MAX)


class ActionIn(Schema):
    text: str = Field(..., min_length=1, max_length=TEXT_MAX)
    owner: Id
    due_on: BoundedDate | None = None


def _action_out(request: HttpRequest, a: MeetingAction, hidden: bool) -> ActionOut:
    named = not hidden or a.owner_id == request.user.pk
    return ActionOut(
        id=a.pk,
        text=a.text,
        owner=a.owner_id if named else None,
        owner_name=a.owner.display_name if named else None,
        due_on=a.due_on,
        done=a.done_at is not None,
        overdue=bool(getattr(a, "is_overdue", False)),
        meeting=a.notes.meeting_title,
        page=request.build_absolute_uri(a.notes.get_absolute_url()),
    )


def _notes_out(request: HttpRequest, notes: MeetingNotes) -> NotesOut:
    hidden = under_chatham_house(notes.circle)
    today = local_today(request.user)
    return NotesOut(
        event=notes.event_id,
        circle=notes.circle_id,
        text=notes.text,
        written_by=None if hidden or notes.updated_by is None else notes.updated_by.display_name,
        updated_at=notes.updated_at if notes.pk else None,
        chatham_house=hidden,
        actions=[_action_out(request, a, hidden) for a in actions_of(notes=notes, today=today)],
    )


@router.get(
    "/events/{event_id}/notes",
    response={200: NotesOut, 404: ErrorOut},
    summary="An event's shared notes and action items",
)
def event_notes_get(request: HttpRequest, event_id: int) -> Any:
    return _notes_out(request, access_event_notes(request.user, event_id))


@router.put(
    "/events/{event_id}/notes",
    response={200: NotesOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Write an event's shared notes",
)
def event_notes_put(request: HttpRequest, event_id: int, payload: NotesIn) -> Any:
    notes = access_event_notes(request.user, event_id, "meeting_notes.edit")
    notes_save(actor=request.user, notes=notes, text=payload.text)
    return _notes_out(request, notes)


@router.post(
    "/events/{event_id}/actions",
    response={201: ActionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Add an action item to an event's notes",
)
def event_action_add(request: HttpRequest, event_id: int, payload: ActionIn) -> Any:
    notes = access_event_notes(request.user, event_id, "meeting_notes.edit")
    action = meeting_action_add(
        actor=request.user,
        notes=notes,
        plan=ActionPlan(
            text=payload.text, owner=access_action_owner(payload.owner), due_on=payload.due_on
        ),
    )
    return 201, _action_out(request, action, under_chatham_house(notes.circle))


@router.get(
    "/circles/{circle_id}/actions",
    response={200: list[ActionOut], 404: ErrorOut},
    summary="The open action items from a circle's meetings",
)
def circle_actions(request: HttpRequest, circle_id: int) -> Any:
    circle = access_circle_health_by_id(request.user, circle_id, "circle.view")
    hidden = under_chatham_house(circle)
    rows = open_actions_of_circle(circle=circle, today=local_today(request.user))
    return [_action_out(request, a, hidden) for a in rows]


@router.post(
    "/meeting-actions/{action_id}/toggle",
    response={200: ActionOut, 403: ErrorOut, 404: ErrorOut},
    summary="Tick a meeting's action item done, or not done",
)
def action_toggle(request: HttpRequest, action_id: int) -> Any:
    action = meeting_action_toggle(
        actor=request.user, action=access_meeting_action(request.user, action_id)
    )
    return _action_out(request, action, under_chatham_house(action.notes.circle))
