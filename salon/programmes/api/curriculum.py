"""A programme's curriculum: modules and items as sub-resources, and a member marking an
item done."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from pydantic import StrictBool

from salon.api.schemas import BoundedDate, ErrorOut, Id, omittable
from salon.core.safe_urls import SafeURL
from salon.programmes.access import (
    access_cohort_programme,
    access_programme_item,
    access_programme_module,
)
from salon.programmes.api.programmes import ItemOut, ModuleOut, _item_out
from salon.programmes.models import ItemKind, Unlock
from salon.programmes.selectors import programmes as selectors
from salon.programmes.services import curriculum, progress

router = Router(tags=["cohort programmes"])


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
    peer_review: StrictBool = Field(
        False, description="For an assignment: two cohort peers review each submission."
    )


class ItemPatch(Schema):
    title: str = omittable(max_length=200)
    instructions: str = omittable(max_length=4000)
    unlock: Unlock = omittable()
    opens_on: BoundedDate = omittable()
    due_on: BoundedDate | None = omittable()
    peer_review: StrictBool = omittable()


class DoneIn(Schema):
    answer: str = Field("", max_length=8000, description="For a reflection or an assignment.")
    reflection: str = Field("", max_length=8000, description="Another name for the answer.")


class DoneOut(Schema):
    item: int
    state: str


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
            peer_review=payload.peer_review,
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
            peer_review=changes.get("peer_review", item.peer_review),
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
