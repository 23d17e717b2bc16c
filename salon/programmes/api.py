"""Cohort programmes in the API: ``/communities/{slug}/cohort-programmes`` and their modules
and items as sub-resources. Named apart from mentoring's ``/programmes``, which pair people."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import BoundedDate, ErrorOut, Id, Slug, omittable
from salon.communities.access import access_community
from salon.core.permissions import can
from salon.core.safe_urls import SafeURL
from salon.programmes.access import (
    access_cohort_programme,
    access_programme_item,
    access_programme_module,
)
from salon.programmes.models import ItemKind, Unlock
from salon.programmes.selectors import programmes as selectors
from salon.programmes.selectors import progress as progress_selectors
from salon.programmes.selectors.week import week_for
from salon.programmes.services import curriculum, progress
from salon.programmes.services import programmes as programme_services

router = Router(tags=["cohort programmes"])


class ProgrammeOut(Schema):
    id: int
    title: str
    summary: str
    community: str
    starts_on: date
    ends_on: date
    cohorts: list[str]
    copied_from: int | None
    page: str


class ProgrammeIn(Schema):
    title: str = Field(..., min_length=1, max_length=160)
    summary: str = Field("", max_length=2000)
    starts_on: BoundedDate
    ends_on: BoundedDate
    cohorts: list[Slug] = Field([], max_length=20, description="Cohort circles, by slug.")


class CopyIn(Schema):
    title: str = Field(..., min_length=1, max_length=160)
    starts_on: BoundedDate = Field(..., description="Every date moves by as many days.")
    cohorts: list[Slug] = Field([], max_length=20)


class ItemOut(Schema):
    id: int
    position: int
    kind: ItemKind
    title: str
    instructions: str
    resource: int | None
    path: int | None
    event: int | None
    url: str
    unlock: Unlock
    opens_on: date
    due_on: date | None
    state: str | None = Field(None, description="Yours: done, late, due, open or locked.")


class ModuleOut(Schema):
    id: int
    position: int
    title: str
    purpose: str
    starts_on: date
    ends_on: date
    competencies: list[str]
    items: list[ItemOut]


class CurriculumOut(ProgrammeOut):
    modules: list[ModuleOut]


class ModuleIn(Schema):
    title: str = Field(..., min_length=1, max_length=160)
    purpose: str = Field("", max_length=2000)
    starts_on: BoundedDate
    ends_on: BoundedDate
    competencies: list[Id] = Field([], max_length=50)


class ModulePatch(Schema):
    title: str = omittable(min_length=1, max_length=160)
    purpose: str = omittable(max_length=2000)
    starts_on: BoundedDate = omittable()
    ends_on: BoundedDate = omittable()
    move_items: bool = Field(True, description="Move the module's items with its start.")


class ItemIn(Schema):
    kind: ItemKind
    title: str = Field("", max_length=200)
    instructions: str = Field("", max_length=4000)
    resource: Id | None = None
    path: Id | None = None
    event: Id | None = None
    url: SafeURL = Field("", max_length=500)
    unlock: Unlock = Unlock.DATE
    opens_on: BoundedDate | None = None
    due_on: BoundedDate | None = None


class ItemPatch(Schema):
    title: str = omittable(max_length=200)
    instructions: str = omittable(max_length=4000)
    unlock: Unlock = omittable()
    opens_on: BoundedDate = omittable()
    due_on: BoundedDate | None = omittable()


class DoneIn(Schema):
    answer: str = Field("", max_length=8000, description="For a reflection or an assignment.")
    reflection: str = Field("", max_length=8000, description="Another name for the answer.")


class DoneOut(Schema):
    item: int
    state: str


class MemberProgressOut(Schema):
    user: int
    name: str
    done: int
    due: int
    late: int


def _programme_out(request: HttpRequest, p: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "title": p.title,
        "summary": p.summary,
        "community": p.community.slug,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "cohorts": [c.slug for c in p.cohorts.all()],
        "copied_from": p.copied_from_id,
        "page": request.build_absolute_uri(p.get_absolute_url()),
    }


def _item_out(item: Any, state: str | None) -> ItemOut:
    return ItemOut(
        id=item.pk,
        position=item.position,
        kind=item.kind,
        title=item.title,
        instructions=item.instructions,
        resource=item.resource_id,
        path=item.path_id,
        event=item.event_id,
        url=item.url,
        unlock=item.unlock,
        opens_on=item.opens_on,
        due_on=item.due_on,
        state=state,
    )


def _curriculum_out(request: HttpRequest, programme: Any) -> CurriculumOut:
    taking_part = can(request.user, "cohort_programme.take_part", programme)
    rows = progress_selectors.progress_for(user=request.user, programme=programme)
    return CurriculumOut(
        **_programme_out(request, programme),
        modules=[
            ModuleOut(
                id=m.module.pk,
                position=m.module.position,
                title=m.module.title,
                purpose=m.module.purpose,
                starts_on=m.module.starts_on,
                ends_on=m.module.ends_on,
                competencies=[c.name for c in m.module.competencies.all()],
                items=[_item_out(r.item, r.state if taking_part else None) for r in m.items],
            )
            for m in rows
        ],
    )


def _cohorts(community: Any, slugs: list[str]) -> list[Any]:
    found = selectors.cohorts_named(community=community, slugs=slugs)
    if len(found) != len(set(slugs)):
        raise HttpError(400, "Name cohort circles of this community.")
    return found


@router.get(
    "/communities/{slug}/cohort-programmes",
    response={200: list[ProgrammeOut], 403: ErrorOut, 404: ErrorOut},
    summary="The community's cohort programmes you may see",
)
@paginate(Pagination)
def programme_list(request: HttpRequest, slug: str) -> Any:
    community = access_community(request.user, slug, "cohort_programme.list")
    qs = selectors.programmes_for(user=request.user, community=community).select_related(
        "community"
    )
    return ShapedPage(qs, lambda p: _programme_out(request, p))


@router.post(
    "/communities/{slug}/cohort-programmes",
    response={201: ProgrammeOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Make a cohort programme",
)
def programme_create(request: HttpRequest, slug: str, payload: ProgrammeIn) -> Any:
    community = access_community(request.user, slug, "cohort_programme.create")
    programme = programme_services.programme_create(
        actor=request.user,
        community=community,
        plan=programme_services.ProgrammePlan(
            title=payload.title,
            summary=payload.summary,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            cohorts=_cohorts(community, payload.cohorts),
        ),
    )
    return 201, _programme_out(request, programme)


@router.get(
    "/cohort-programmes/{programme_id}",
    response={200: CurriculumOut, 404: ErrorOut},
    summary="A cohort programme with its modules and items (and your state on each)",
)
def programme_get(request: HttpRequest, programme_id: int) -> Any:
    programme = access_cohort_programme(request.user, programme_id)
    return _curriculum_out(request, programme)


@router.post(
    "/cohort-programmes/{programme_id}/copies",
    response={201: ProgrammeOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Copy the programme to the next cohort, shifting every date",
)
def programme_copy(request: HttpRequest, programme_id: int, payload: CopyIn) -> Any:
    programme = access_cohort_programme(request.user, programme_id, "cohort_programme.edit")
    copy = programme_services.programme_copy(
        actor=request.user,
        programme=programme,
        title=payload.title,
        starts_on=payload.starts_on,
        cohorts=_cohorts(programme.community, payload.cohorts),
    )
    return 201, _programme_out(request, copy)


@router.get(
    "/cohort-programmes/{programme_id}/progress",
    response={200: list[MemberProgressOut], 403: ErrorOut, 404: ErrorOut},
    summary="Each cohort member's items done, due and late (the programme team)",
)
def programme_progress(request: HttpRequest, programme_id: int) -> Any:
    programme = access_cohort_programme(request.user, programme_id, "cohort_programme.edit")
    timeline = progress_selectors.timeline_of(programme=programme)
    return [
        MemberProgressOut(user=r.user.pk, name=r.user.name, done=r.done, due=r.due, late=r.late)
        for r in timeline.members
    ]


@router.post(
    "/cohort-programmes/{programme_id}/modules",
    response={201: ModuleOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Add a module at the end of the curriculum",
)
def module_create(request: HttpRequest, programme_id: int, payload: ModuleIn) -> Any:
    programme = access_cohort_programme(request.user, programme_id, "cohort_programme.edit")
    competencies = selectors.competencies_named(
        community=programme.community, ids=payload.competencies
    )
    if len(competencies) != len(set(payload.competencies)):
        raise HttpError(400, "There is no such competency in this community.")
    module = curriculum.module_add(
        actor=request.user,
        programme=programme,
        plan=curriculum.ModulePlan(
            title=payload.title,
            purpose=payload.purpose,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            competencies=competencies,
        ),
    )
    return 201, _module_out(module)


def _module_out(module: Any) -> ModuleOut:
    return ModuleOut(
        id=module.pk,
        position=module.position,
        title=module.title,
        purpose=module.purpose,
        starts_on=module.starts_on,
        ends_on=module.ends_on,
        competencies=[c.name for c in module.competencies.all()],
        items=[_item_out(i, None) for i in module.items.all()],
    )


@router.patch(
    "/programme-modules/{module_id}",
    response={200: ModuleOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Change a module; new dates are told to the cohort once",
)
def module_patch(request: HttpRequest, module_id: int, payload: ModulePatch) -> Any:
    module = access_programme_module(request.user, module_id, "cohort_programme.edit")
    changes = payload.dict(exclude_unset=True)
    curriculum.module_update(
        actor=request.user,
        module=module,
        plan=curriculum.ModulePlan(
            title=changes.get("title", module.title),
            purpose=changes.get("purpose", module.purpose),
            starts_on=changes.get("starts_on", module.starts_on),
            ends_on=changes.get("ends_on", module.ends_on),
            competencies=list(module.competencies.all()),
        ),
        move_items=payload.move_items,
    )
    return _module_out(module)


@router.post(
    "/programme-modules/{module_id}/items",
    response={201: ItemOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Add an item to a module: pre-work, a session, a meeting, a reflection, …",
)
def item_create(request: HttpRequest, module_id: int, payload: ItemIn) -> Any:
    module = access_programme_module(request.user, module_id, "cohort_programme.edit")
    links = selectors.linkable(
        user=request.user,
        community=module.programme.community,
        resource=payload.resource,
        path=payload.path,
        event=payload.event,
    )
    for name in ("resource", "path", "event"):
        if getattr(payload, name) is not None and links[name] is None:
            raise HttpError(400, f"There is no such {name} in this community.")
    item = curriculum.item_add(
        actor=request.user,
        module=module,
        plan=curriculum.ItemPlan(
            kind=payload.kind,
            title=payload.title,
            instructions=payload.instructions,
            url=payload.url,
            unlock=payload.unlock,
            opens_on=payload.opens_on,
            due_on=payload.due_on,
            **links,
        ),
    )
    return 201, _item_out(item, None)


@router.patch(
    "/programme-items/{item_id}",
    response={200: ItemOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Change an item; new dates are told to the cohort once",
)
def item_patch(request: HttpRequest, item_id: int, payload: ItemPatch) -> Any:
    item = access_programme_item(request.user, item_id, "cohort_programme.edit")
    changes = payload.dict(exclude_unset=True)
    curriculum.item_update(
        actor=request.user,
        item=item,
        plan=curriculum.ItemPlan(
            kind=item.kind,
            title=changes.get("title", item.title),
            instructions=changes.get("instructions", item.instructions),
            resource=item.resource,
            path=item.path,
            event=item.event,
            url=item.url,
            unlock=changes.get("unlock", item.unlock),
            opens_on=changes.get("opens_on", item.opens_on),
            due_on=changes.get("due_on", item.due_on),
        ),
    )
    return _item_out(item, None)


@router.post(
    "/programme-items/{item_id}/done",
    response={200: DoneOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Mark an item of your programme done (with your answer when it asks for one)",
)
def item_done(request: HttpRequest, item_id: int, payload: DoneIn) -> Any:
    item = access_programme_item(request.user, item_id, "cohort_programme.take_part")
    progress.item_done(actor=request.user, item=item, answer=payload.answer or payload.reflection)
    return DoneOut(item=item.pk, state="done")


# The member's week -----------------------------------------------------------------------


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
