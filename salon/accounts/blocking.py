"""Blocking: a member stops hearing from a person. The one place every feature asks.

A block is account-level, not per community: whoever is blocked is blocked in every
forum, and messages and mentoring requests (when they exist) ask the same functions.
Blocking is private: the blocked person is not told, and nothing they can see changes.
What it does today (see docs/discussions.md): their mentions of the blocker and their
replies, new topics and accepted answers reach the blocker as no notification.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from salon.accounts.models import Block, User
from salon.core.audit import audit


def is_blocked(blocker_id: int, blocked_id: int) -> bool:
    """Whether ``blocker_id`` has blocked ``blocked_id``."""
    return Block.objects.filter(blocker_id=blocker_id, blocked_id=blocked_id).exists()


def blocked_ids_of(user: Any) -> set[int]:
    """The ids of everyone ``user`` has blocked."""
    return set(Block.objects.filter(blocker_id=user.pk).values_list("blocked_id", flat=True))


def blockers_among(blocked_id: int | None, user_ids: Iterable[int]) -> set[int]:
    """Which of ``user_ids`` have blocked ``blocked_id``: one query for any number of
    recipients (those to leave out when ``blocked_id`` is the one acting)."""
    ids = set(user_ids)
    if blocked_id is None or not ids:
        return set()
    return set(
        Block.objects.filter(blocked_id=blocked_id, blocker_id__in=ids).values_list(
            "blocker_id", flat=True
        )
    )


def block_list_for_user(*, user: Any) -> QuerySet[Block]:
    return Block.objects.filter(blocker_id=user.pk).select_related("blocked").order_by("-pk")


@transaction.atomic
def block_create(*, user: Any, other: User) -> Block:
    """``user`` blocks ``other`` (again: nothing changes). Audited, told to nobody."""
    if other.pk == user.pk:
        raise ValidationError(_("You cannot block yourself."))
    block, created = Block.objects.get_or_create(blocker_id=user.pk, blocked=other)
    if created:
        audit("accounts.block.created", actor=user, target=other)
    return block


@transaction.atomic
def block_remove(*, user: Any, other: User) -> bool:
    """``user`` unblocks ``other``; True if there was a block."""
    removed, _by_model = Block.objects.filter(blocker_id=user.pk, blocked=other).delete()
    if removed:
        audit("accounts.block.removed", actor=user, target=other)
    return bool(removed)
