"""Writes to a community's forum categories: create, edit, reorder, archive, delete.

Only the community's stewards (``category.manage``) change categories, and every change
goes to the community's audit log. A category keeps its web address when renamed, so
links to ``?category=<slug>`` keep working.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from salon.core.audit import audit
from salon.core.permissions import require
from salon.discussions.models import Category, Topic

Direction = Literal["up", "down"]


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())[:80]
    if not name:
        raise ValidationError(_("Give the category a name."))
    return name


@transaction.atomic
def category_create(
    *,
    actor: Any,
    community: Any,
    name: str,
    description: str = "",
    circle: Any = None,
    chatham_house: bool = False,
    position: int = 0,
) -> Category:
    require(actor, "category.manage", community)
    name = _clean_name(name)
    if circle is not None and circle.community_id != community.pk:
        raise ValidationError(_("That circle is not in this community."))
    base = slugify(name)[:50] or "category"
    slug, n = base, 1
    while Category.objects.filter(community=community, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    category = Category.objects.create(
        community=community,
        circle=circle,
        name=name,
        slug=slug,
        description=description.strip(),
        chatham_house=chatham_house,
        position=position,
    )
    audit("discussions.category.created", actor=actor, target=category, community=community)
    return category


@transaction.atomic
def category_update(
    *,
    actor: Any,
    category: Category,
    name: str,
    description: str = "",
    chatham_house: bool = False,
    position: int | None = None,
) -> Category:
    """Rename, describe, reposition, or put under (or take out of) the Chatham House rule.

    The rule is read when a topic is shown or notified, so a change applies from now on
    to the category's topics that follow it (not to those that set their own); what was
    already sent stays as it was. Audited with each changed field, before and after."""
    require(actor, "category.manage", category.community)
    wanted = {
        "name": _clean_name(name),
        "description": (description or "").strip()[:2000],
        "chatham_house": bool(chatham_house),
        "position": category.position if position is None else max(0, min(position, 1000)),
    }
    changes = {
        field: [getattr(category, field), value]
        for field, value in wanted.items()
        if getattr(category, field) != value
    }
    if not changes:
        return category
    for field, (_before, after) in changes.items():
        setattr(category, field, after)
    category.save(update_fields=list(changes))
    audit(
        "discussions.category.updated",
        actor=actor,
        target=category,
        community=category.community,
        changes=changes,
    )
    return category


@transaction.atomic
def category_move(*, actor: Any, category: Category, direction: Direction) -> Category:
    """Swap a category with its neighbour in its forum (the community's, or one circle's).

    The forum's categories are numbered 0, 1, 2… in their current order first, so equal
    positions (every category starts at 0) still move one place at a time."""
    require(actor, "category.manage", category.community)
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a category up or down."))
    # Locked in one order, so two stewards reordering at once take turns.
    forum = list(
        Category.objects.select_for_update()
        .filter(community_id=category.community_id)
        .filter(Q(circle_id=category.circle_id) if category.circle_id else Q(circle__isnull=True))
        .order_by("position", "name", "pk")
    )
    index = next(i for i, c in enumerate(forum) if c.pk == category.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(forum):
        return category
    forum[index], forum[other] = forum[other], forum[index]
    changed = []
    for position, each in enumerate(forum):
        if each.position != position:
            each.position = position
            changed.append(each)
    Category.objects.bulk_update(changed, ["position"])
    category.position = other
    audit(
        "discussions.category.moved",
        actor=actor,
        target=category,
        community=category.community,
        direction=direction,
        position=other,
    )
    return category


@transaction.atomic
def category_archive(*, actor: Any, category: Category, archived: bool = True) -> Category:
    """Archive a category (no new topics; left out of the forum's categories and the
    new-topic choices; its topics stay readable and where they are), or bring it back."""
    require(actor, "category.manage", category.community)
    if category.archived != archived:
        category.archived = archived
        category.save(update_fields=["archived"])
        audit(
            "discussions.category.archived" if archived else "discussions.category.unarchived",
            actor=actor,
            target=category,
            community=category.community,
        )
    return category


class CategoryNotEmpty(ValidationError):
    """The category has topics: it can be archived, not deleted."""


@transaction.atomic
def category_delete(*, actor: Any, category: Category) -> None:
    """Delete an empty category (with its members' notification levels). One with topics,
    archived ones included, is refused: archive it instead, so no conversation is lost."""
    require(actor, "category.manage", category.community)
    not_empty = CategoryNotEmpty(
        _("“%(name)s” has topics: archive it instead, so they stay readable.")
        % {"name": category.name},
        code="not_empty",
    )
    if Topic.objects.filter(category=category).exists():
        raise not_empty
    audit(
        "discussions.category.deleted",
        actor=actor,
        target=category,
        community=category.community,
        name=category.name,
        slug=category.slug,
        circle=category.circle_id,
    )
    try:
        category.delete()
    except ProtectedError as exc:  # a topic started since the check above
        raise not_empty from exc
