"""Webhook rules of the permission policy: a community's directors send its events to their
organisation's other systems."""

from __future__ import annotations

from typing import Any

from salon.communities.models import Role
from salon.communities.roles import memberships_of
from salon.core.permissions import rule


@rule("webhook.manage")
def can_manage_webhooks(user: Any, community: Any) -> bool:
    membership = memberships_of(user).get(community.pk)
    return membership is not None and membership.role == Role.DIRECTOR
