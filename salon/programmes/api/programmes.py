"""Cohort programmes as a whole: ``/communities/{slug}/cohort-programmes``, one
programme with its curriculum, its copies and the cohort's progress."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import BoundedDate, ErrorOut, Slug
from salon.communities.access import access_community
from salon.core.permissions import can
from salon.programmes.access import (
    access_cohort_programme,
)
from salon.programmes.models import ItemKind, Unlock
from salon.programmes.selectors import programmes as selectors
from salon.programmes.selectors import progress as progress_selectors
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
    peer_review: bool = Field(False, description="Each submission goes to two cohort peers.")
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
        peer_review=item.peer_review,
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
