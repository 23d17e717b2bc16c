"""Creating a community and changing its settings."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from salon.communities.models import (
    Community,
    Membership,
    Role,
)
from salon.communities.roles import forget_memberships
from salon.core.audit import audit
from salon.core.permissions import require


def _unique_slug(model: Any, base: str, **scope: Any) -> str:
    root = slugify(base)[:50] or "community"
    slug, n = root, 2
    while model.objects.filter(slug=slug, **scope).exists():
        slug, n = f"{root}-{n}", n + 1
    return slug


@transaction.atomic
def community_create(
    *, actor: Any, name: str, purpose: str = "", visibility: str = "private", tagline: str = ""
) -> Community:
    require(actor, "community.create")
    community = Community.objects.create(
        name=name,
        slug=_unique_slug(Community, name),
        purpose=purpose,
        tagline=tagline,
        visibility=visibility,
    )
    Membership.objects.create(community=community, user=actor, role=Role.DIRECTOR)
    forget_memberships(actor)
    audit("communities.community.created", actor=actor, target=community)
    return community


_COMMUNITY_FIELDS = {
    "name",
    "tagline",
    "purpose",
    "visibility",
    "self_signup",
    "uses_challenges",
    "cover",
}


@transaction.atomic
def community_update(*, actor: Any, community: Community, **changes: Any) -> Community:
    require(actor, "community.edit", community)
    unknown = set(changes) - _COMMUNITY_FIELDS
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))}.")
    changed = [name for name, value in changes.items() if getattr(community, name) != value]
    for name in changed:
        setattr(community, name, changes[name])
    if changed:
        community.save(update_fields=[*changed, "updated_at"])
        audit(
            "communities.community.updated",
            actor=actor,
            target=community,
            fields=sorted(changed),
        )
    return community
