"""Writes of cohort programmes as a whole: making one for its cohorts, changing it, and
copying it to the next cohort with every date shifted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from salon.communities.models import CircleKind
from salon.core.audit import audit
from salon.core.permissions import require
from salon.programmes.models import Item, Module, Programme
from salon.programmes.services.schedule import tell_cohort_of_new_dates


@dataclass
class ProgrammePlan:
    title: str
    starts_on: date
    ends_on: date
    summary: str = ""
    cohorts: Sequence[Any] = ()


def _check(plan: ProgrammePlan, community: Any) -> None:
    if not plan.title.strip():
        raise ValidationError(_("Give the programme a title."), code="title")
    if plan.ends_on < plan.starts_on:
        raise ValidationError(_("The programme ends after it starts."), code="ends_on")
    for circle in plan.cohorts:
        if circle.community_id != community.pk:
            raise ValidationError(_("That cohort is in another community."), code="cohorts")
        if circle.kind != CircleKind.COHORT:
            raise ValidationError(
                _("“%(name)s” is not a cohort circle.") % {"name": circle.name}, code="cohorts"
            )


@transaction.atomic
def programme_create(*, actor: Any, community: Any, plan: ProgrammePlan) -> Programme:
    require(actor, "cohort_programme.create", community)
    _check(plan, community)
    programme = Programme.objects.create(
        community=community,
        title=plan.title.strip(),
        summary=plan.summary.strip(),
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        created_by=actor,
    )
    programme.cohorts.set(plan.cohorts)
    audit("programmes.programme.created", actor=actor, target=programme)
    return programme


@transaction.atomic
def programme_update(*, actor: Any, programme: Programme, plan: ProgrammePlan) -> Programme:
    require(actor, "cohort_programme.edit", programme)
    _check(plan, programme.community)
    moved = (plan.starts_on, plan.ends_on) != (programme.starts_on, programme.ends_on)
    programme.title, programme.summary = plan.title.strip(), plan.summary.strip()
    programme.starts_on, programme.ends_on = plan.starts_on, plan.ends_on
    programme.save()
    programme.cohorts.set(plan.cohorts)
    audit("programmes.programme.edited", actor=actor, target=programme)
    if moved:
        tell_cohort_of_new_dates(programme=programme, actor=actor, what=programme.title)
    return programme


@transaction.atomic
def programme_copy(
    *, actor: Any, programme: Programme, title: str, starts_on: date, cohorts: Sequence[Any]
) -> Programme:
    """The same curriculum for the next cohort: every date moves by the days between the
    two start dates. A live session keeps its place but not its event, which belonged to
    the first cohort; the director links or plans the new one."""
    require(actor, "cohort_programme.create", programme.community)
    shift = starts_on - programme.starts_on
    plan = ProgrammePlan(
        title=title,
        summary=programme.summary,
        starts_on=starts_on,
        ends_on=programme.ends_on + shift,
        cohorts=cohorts,
    )
    _check(plan, programme.community)
    copy = Programme.objects.create(
        community=programme.community,
        title=plan.title.strip(),
        summary=plan.summary,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        copied_from=programme,
        created_by=actor,
    )
    copy.cohorts.set(cohorts)
    modules = list(programme.modules.prefetch_related("competencies", "items"))
    new_modules = Module.objects.bulk_create(
        [
            Module(
                programme=copy,
                position=m.position,
                title=m.title,
                purpose=m.purpose,
                starts_on=m.starts_on + shift,
                ends_on=m.ends_on + shift,
            )
            for m in modules
        ]
    )
    items = []
    for old, new in zip(modules, new_modules, strict=True):
        new.competencies.set(old.competencies.all())
        items += [
            Item(
                module=new,
                position=i.position,
                kind=i.kind,
                title=i.title,
                instructions=i.instructions,
                resource_id=i.resource_id,
                path_id=i.path_id,
                url=i.url,
                unlock=i.unlock,
                opens_on=i.opens_on + shift,
                due_on=i.due_on + shift if i.due_on else None,
                peer_review=i.peer_review,
            )
            for i in old.items.all()
        ]
    Item.objects.bulk_create(items)
    audit(
        "programmes.programme.copied",
        actor=actor,
        target=copy,
        source=programme.pk,
        days=shift.days,
    )
    return copy
