"""Doors to provisioning's objects, for the administrators who manage them."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from salon.communities.models import Circle, Community
from salon.core.permissions import require
from salon.scim.models import ScimGroup, ScimToken


def access_scim_token(user: Any, token_id: int) -> ScimToken:
    require(user, "scim.manage", hide=True)
    return get_object_or_404(ScimToken, pk=token_id)


def access_scim_group(user: Any, group_id: int) -> ScimGroup:
    require(user, "scim.manage", hide=True)
    return get_object_or_404(ScimGroup, pk=group_id)


def access_link_target(user: Any, target: str) -> tuple[Community | None, Circle | None]:
    """``community:<id>`` or ``circle:<id>`` from the link form, or nothing (``""``)."""
    require(user, "scim.manage", hide=True)
    kind, _, pk = target.partition(":")
    if kind == "community" and pk.isdigit():
        return get_object_or_404(Community, pk=int(pk)), None
    if kind == "circle" and pk.isdigit():
        return None, get_object_or_404(Circle, pk=int(pk), archived_at__isnull=True)
    return None, None
