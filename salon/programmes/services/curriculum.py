"""Writes of a programme's curriculum: its modules in order and the items in each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salon.core.audit import audit
from salon.core.permissions import can, require
from salon.programmes.models import Item, ItemKind, Module, Programme, Unlock
from salon.programmes.services.schedule import tell_cohort_of_new_dates

MAX_MODULES = 60
MAX_ITEMS = 40


@dataclass
class ModulePlan:
    title: str
    starts_on: date
    ends_on: date
    purpose: str = ""
    competencies: Sequence[Any] = ()


def _check_module(plan: ModulePlan, programme: Programme) -> None:
    if not plan.title.strip():
        raise ValidationError(_("Give the module a title."), code="title")
    if plan.ends_on < plan.starts_on:
        raise ValidationError(_("The module ends after it starts."), code="ends_on")
    if any(c.community_id != programme.community_id for c in plan.competencies):
        raise ValidationError(_("That competency is in another community."), code="competencies")


@transaction.atomic
def module_add(*, actor: Any, programme: Programme, plan: ModulePlan) -> Module:
    require(actor, "cohort_programme.edit", programme)
    _check_module(plan, programme)
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    position = (programme.modules.aggregate(n=Max("position"))["n"] or 0) + 1
    if position > MAX_MODULES:
        raise ValidationError(
            ngettext(
                "A programme has at most %(n)s module.",
                "A programme has at most %(n)s modules.",
                MAX_MODULES,
            )
            % {"n": MAX_MODULES}
        )
    module = Module.objects.create(
        programme=programme,
        position=position,
        title=plan.title.strip(),
        purpose=plan.purpose.strip(),
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
    )
    module.competencies.set(plan.competencies)
    audit("programmes.module.added", actor=actor, target=programme, module=module.pk)
    return module


@transaction.atomic
def module_update(
    *, actor: Any, module: Module, plan: ModulePlan, move_items: bool = True
) -> Module:
    """Change a module. When its start moves and ``move_items``, its items move by as
    many days; the cohort hears of it once, however many dates moved."""
    programme = module.programme
    require(actor, "cohort_programme.edit", programme)
    _check_module(plan, programme)
    shift = plan.starts_on - module.starts_on
    moved = (plan.starts_on, plan.ends_on) != (module.starts_on, module.ends_on)
    module.title, module.purpose = plan.title.strip(), plan.purpose.strip()
    module.starts_on, module.ends_on = plan.starts_on, plan.ends_on
    module.save()
    module.competencies.set(plan.competencies)
    if shift and move_items:
        module.items.update(opens_on=F("opens_on") + shift)
        module.items.filter(due_on__isnull=False).update(due_on=F("due_on") + shift)
    audit("programmes.module.edited", actor=actor, target=programme, module=module.pk)
    if moved:
        tell_cohort_of_new_dates(
            programme=programme,
            actor=actor,
            what=_("%(module)s, %(start)s to %(end)s")
            % {
                "module": module.title,
                "start": module.starts_on.strftime("%-d %b"),
                "end": module.ends_on.strftime("%-d %b"),
            },
        )
    return module


@dataclass
class ItemPlan:
    kind: str
    title: str
    instructions: str = ""
    resource: Any = None
    path: Any = None
    event: Any = None
    url: str = ""
    unlock: str = Unlock.DATE
    opens_on: date | None = None
    due_on: date | None = None
    peer_review: bool = False


def _check_item(actor: Any, plan: ItemPlan, module: Module) -> None:
    if plan.kind not in ItemKind.values:
        raise ValidationError(_("Choose what kind of item this is."), code="kind")
    if plan.unlock not in Unlock.values:
        raise ValidationError(_("Choose when the item opens."), code="unlock")
    if plan.kind == ItemKind.PREWORK and not (plan.resource or plan.path or plan.url):
        raise ValidationError(
            _("Pre-work needs a resource, a learning path or a link."), code="resource"
        )
    community_id = module.programme.community_id
    for thing, action in (
        (plan.resource, "resource.view"),
        (plan.path, "path.view"),
        (plan.event, "event.view"),
    ):
        if thing is None:
            continue
        if thing.community_id != community_id:
            raise ValidationError(_("That is in another community."))
        if not can(actor, action, thing):
            raise ValidationError(_("Choose something you can see."))
    opens_on = plan.opens_on or module.starts_on
    if plan.due_on is not None and plan.due_on < opens_on:
        raise ValidationError(_("An item is due after it opens."), code="due_on")


def _title(plan: ItemPlan) -> str:
    title = plan.title.strip() or next(
        (getattr(t, "title", "") for t in (plan.resource, plan.path, plan.event) if t), ""
    )
    if not title:
        raise ValidationError(_("Say what the item is."), code="title")
    return title[:200]


@transaction.atomic
def item_add(*, actor: Any, module: Module, plan: ItemPlan) -> Item:
    require(actor, "cohort_programme.edit", module.programme)
    _check_item(actor, plan, module)
    title = _title(plan)
    Module.objects.select_for_update().filter(pk=module.pk).first()
    position = (module.items.aggregate(n=Max("position"))["n"] or 0) + 1
    if position > MAX_ITEMS:
        raise ValidationError(
            ngettext(
                "A module has at most %(n)s item.", "A module has at most %(n)s items.", MAX_ITEMS
            )
            % {"n": MAX_ITEMS}
        )
    item = Item.objects.create(
        module=module,
        position=position,
        kind=plan.kind,
        title=title,
        instructions=plan.instructions.strip(),
        resource=plan.resource,
        path=plan.path,
        event=plan.event,
        url=plan.url,
        unlock=plan.unlock,
        opens_on=plan.opens_on or module.starts_on,
        due_on=plan.due_on,
        peer_review=plan.peer_review and plan.kind == ItemKind.ASSIGNMENT,
    )
    audit("programmes.item.added", actor=actor, target=module.programme, item=item.pk)
    return item


@transaction.atomic
def item_update(*, actor: Any, item: Item, plan: ItemPlan) -> Item:
    programme = item.module.programme
    require(actor, "cohort_programme.edit", programme)
    _check_item(actor, plan, item.module)
    opens_on = plan.opens_on or item.module.starts_on
    moved = (opens_on, plan.due_on) != (item.opens_on, item.due_on)
    linked = plan.event is not None and plan.event.pk != item.event_id
    item.kind, item.title, item.instructions = plan.kind, _title(plan), plan.instructions.strip()
    item.resource, item.path, item.event, item.url = plan.resource, plan.path, plan.event, plan.url
    item.unlock, item.opens_on, item.due_on = plan.unlock, opens_on, plan.due_on
    item.peer_review = plan.peer_review and plan.kind == ItemKind.ASSIGNMENT
    item.save()
    audit("programmes.item.edited", actor=actor, target=programme, item=item.pk)
    if linked:
        from salon.circles.services.notes import session_notes_join_event

        session_notes_join_event(actor=actor, item=item)
    if moved:
        when = item.due_on or item.opens_on
        tell_cohort_of_new_dates(
            programme=programme,
            actor=actor,
            what=_("%(item)s, now %(when)s")
            % {"item": item.title, "when": when.strftime("%-d %b")},
        )
    return item


@transaction.atomic
def item_remove(*, actor: Any, item: Item) -> None:
    programme = item.module.programme
    require(actor, "cohort_programme.edit", programme)
    audit("programmes.item.removed", actor=actor, target=programme, item=item.pk)
    item.delete()
