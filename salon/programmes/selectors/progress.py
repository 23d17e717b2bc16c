"""Where members stand: one member's items with their states, and a cohort's timeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from salon.programmes.models import Item, ItemState, Module, Programme, Progress, state_of


def _today() -> date:
    return timezone.localdate()


def states_in_order(items: Sequence[Item], done_ids: set[int], today: date) -> list[str]:
    """The state of each item, in the programme's order: an item that opens "after the one
    before" looks at the item just before it in the whole programme."""
    states = []
    previous_done = True
    for item in items:
        done = item.pk in done_ids
        states.append(state_of(item=item, done=done, previous_done=previous_done, today=today))
        previous_done = done
    return states


def _items_in_order(programme: Programme) -> list[Item]:
    return list(
        Item.objects.filter(module__programme=programme)
        .select_related("module", "resource", "path", "event")
        .order_by("module__position", "position")
    )


def item_state_for(*, user: Any, item: Item, today: date | None = None) -> str:
    """One item's state for one member (two queries)."""
    items = _items_in_order(item.module.programme)
    done = set(
        Progress.objects.filter(
            user=user, item__module__programme_id=item.module.programme_id
        ).values_list("item_id", flat=True)
    )
    states = states_in_order(items, done, today or _today())
    return next(s for i, s in zip(items, states, strict=True) if i.pk == item.pk)


@dataclass
class ItemRow:
    item: Item
    state: str
    answer: str = ""
    done_count: int = 0
    # Peer reviews of the member's submission: None when none were asked, an empty list
    # while they are being written, the reviews once released.
    reviews: list[Any] | None = None


@dataclass
class ModuleRow:
    module: Module
    items: list[ItemRow] = field(default_factory=list)
    is_current: bool = False

    @property
    def left(self) -> int:
        return sum(1 for row in self.items if row.state != ItemState.DONE)


def _modules(programme: Programme) -> list[Module]:
    return list(programme.modules.prefetch_related("competencies").order_by("position"))


def progress_for(*, user: Any, programme: Programme, today: date | None = None) -> list[ModuleRow]:
    """The curriculum as one member sees it: every module, each item with its state and
    the member's own answer. Three queries, however long the programme."""
    today = today or _today()
    items = _items_in_order(programme)
    mine = {
        p.item_id: p
        for p in Progress.objects.filter(user=user, item__module__programme=programme).only(
            "item_id", "answer"
        )
    }
    states = states_in_order(items, set(mine), today)
    rows = {
        m.pk: ModuleRow(module=m, is_current=m.starts_on <= today <= m.ends_on)
        for m in _modules(programme)
    }
    for item, state in zip(items, states, strict=True):
        done = mine.get(item.pk)
        rows[item.module_id].items.append(
            ItemRow(item=item, state=state, answer=done.answer if done else "")
        )
    return list(rows.values())


@dataclass
class MemberRow:
    user: Any
    done: int = 0
    late: int = 0
    due: int = 0


@dataclass
class Timeline:
    modules: list[ModuleRow]
    members: list[MemberRow]
    total_items: int


def timeline_of(*, programme: Programme, today: date | None = None) -> Timeline:
    """The cohort's timeline for its directors and facilitators: each module and item with
    how many have done it, and each member's done, due and late. Five queries, flat in the
    size of the cohort and the length of the programme."""
    from salon.accounts.models import User

    today = today or _today()
    items = _items_in_order(programme)
    members = list(
        User.objects.filter(
            circle_memberships__circle__cohort_programmes=programme,
            circle_memberships__circle__archived_at__isnull=True,
            is_active=True,
        )
        .distinct()
        .order_by("name", "pk")
    )
    done_by: dict[int, set[int]] = {m.pk: set() for m in members}
    for item_id, user_id in Progress.objects.filter(
        item__module__programme=programme, user_id__in=list(done_by)
    ).values_list("item_id", "user_id"):
        done_by[user_id].add(item_id)
    done_count: dict[int, int] = {}
    member_rows = []
    for member in members:
        row = MemberRow(user=member)
        for state, item in zip(
            states_in_order(items, done_by[member.pk], today), items, strict=True
        ):
            if state == ItemState.DONE:
                row.done += 1
                done_count[item.pk] = done_count.get(item.pk, 0) + 1
            elif state == ItemState.LATE:
                row.late += 1
            elif state == ItemState.DUE:
                row.due += 1
        member_rows.append(row)
    modules = {
        m.pk: ModuleRow(module=m, is_current=m.starts_on <= today <= m.ends_on)
        for m in _modules(programme)
    }
    for item in items:
        modules[item.module_id].items.append(
            ItemRow(item=item, state="", done_count=done_count.get(item.pk, 0))
        )
    return Timeline(modules=list(modules.values()), members=member_rows, total_items=len(items))
