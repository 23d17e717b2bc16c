"""The member's week: ``GET /me/week``, the same read model as the home page."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema

from salon.programmes.models import ItemKind
from salon.programmes.selectors.week import week_for

router = Router(tags=["cohort programmes"])


class WeekLinkOut(Schema):
    title: str
    page: str


class WeekItemOut(Schema):
    id: int
    kind: ItemKind
    title: str
    state: str
    opens_on: date
    due_on: date | None
    programme: str
    page: str


class WeekSessionOut(Schema):
    id: int
    title: str
    community: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    my_status: str | None
    join_url: str | None = Field(None, description="Given from shortly before it starts.")
    page: str


class WeekProgrammeOut(Schema):
    id: int
    title: str
    module: str | None
    module_starts_on: date | None
    module_ends_on: date | None
    done_in_module: int
    total_in_module: int
    left: list[WeekItemOut]
    page: str


class WeekGoalOut(Schema):
    id: int
    title: str
    community: str
    progress: int
    check_in_due: date
    page: str


class WeekMentorshipOut(Schema):
    id: int
    with_name: str
    my_side: str
    open_actions: int
    next_session_by: date
    page: str


class WeekActionOut(Schema):
    id: int
    text: str
    meeting: str
    due_on: date | None
    overdue: bool
    page: str


class NeedsMeOut(Schema):
    feedback_requests: list[WeekLinkOut]
    mentoring_proposals: list[WeekLinkOut]
    items_due: list[WeekItemOut]
    sessions_to_answer: list[WeekSessionOut]


class WeekOut(Schema):
    today: date
    until: datetime
    needs_me: NeedsMeOut
    sessions: list[WeekSessionOut]
    programmes: list[WeekProgrammeOut]
    goals_due: list[WeekGoalOut]
    mentorships: list[WeekMentorshipOut]
    actions: list[WeekActionOut]
    unread: list[WeekLinkOut]


def _week_item(request: HttpRequest, row: Any) -> WeekItemOut:
    return WeekItemOut(
        id=row.item.pk,
        kind=row.item.kind,
        title=row.item.title,
        state=row.state,
        opens_on=row.item.opens_on,
        due_on=row.item.due_on,
        programme=row.programme_title,
        page=request.build_absolute_uri(row.item.get_absolute_url()),
    )


def _week_session(request: HttpRequest, event: Any) -> WeekSessionOut:
    return WeekSessionOut(
        id=event.pk,
        title=event.title,
        community=event.community.slug,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        timezone=event.timezone,
        my_status=getattr(event, "my_status", None),
        join_url=event.join_url if getattr(event, "join_now", False) else None,
        page=request.build_absolute_uri(event.get_absolute_url()),
    )


@router.get(
    "/me/week",
    response={200: WeekOut},
    summary="Your week: what needs you, sessions, your programme's module, goals, mentoring",
)
def my_week(request: HttpRequest) -> Any:
    week = week_for(user=request.user)
    absolute = request.build_absolute_uri
    return WeekOut(
        today=week.today,
        until=week.ends,
        needs_me=NeedsMeOut(
            feedback_requests=[
                WeekLinkOut(title=f.situation, page=absolute(f.get_absolute_url()))
                for f in week.feedback_requests
            ],
            mentoring_proposals=[
                WeekLinkOut(
                    title=m.programme.name, page=absolute(reverse("mentoring:match", args=[m.pk]))
                )
                for m in week.mentoring_proposals
            ],
            items_due=[_week_item(request, row) for row in week.items_due],
            sessions_to_answer=[_week_session(request, e) for e in week.to_answer],
        ),
        sessions=[_week_session(request, e) for e in week.sessions],
        programmes=[
            WeekProgrammeOut(
                id=p.programme.pk,
                title=p.programme.title,
                module=p.module.title if p.module else None,
                module_starts_on=p.module.starts_on if p.module else None,
                module_ends_on=p.module.ends_on if p.module else None,
                done_in_module=p.done_in_module,
                total_in_module=p.total_in_module,
                left=[_week_item(request, row) for row in p.left],
                page=absolute(p.programme.get_absolute_url()),
            )
            for p in week.programmes
        ],
        goals_due=[
            WeekGoalOut(
                id=g.pk,
                title=g.title,
                community=g.community.slug,
                progress=g.progress,
                check_in_due=g.next_check_in_due,
                page=absolute(g.get_absolute_url()),
            )
            for g in week.goals_due
        ],
        mentorships=[
            WeekMentorshipOut(
                id=m.pk,
                with_name=m.partner.name,
                my_side="mentee" if m.mentee_id == request.user.pk else "mentor",
                open_actions=m.open_actions,
                next_session_by=m.session_due,
                page=absolute(m.get_absolute_url()),
            )
            for m in week.mentorships
        ],
        actions=[
            WeekActionOut(
                id=a.pk,
                text=a.text,
                meeting=a.notes.meeting_title,
                due_on=a.due_on,
                overdue=a.is_overdue,
                page=absolute(a.notes.get_absolute_url()),
            )
            for a in week.actions
        ],
        unread=[
            WeekLinkOut(title=n.text, page=absolute(reverse("notifications:open", args=[n.pk])))
            for n in week.unread
        ],
    )
