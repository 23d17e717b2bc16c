"""Provisioning rules of the permission policy: the organisation's IT administrators (site
staff) manage the provisioning tokens and which communities and circles a group feeds."""

from __future__ import annotations

from typing import Any

from salon.core.permissions import rule


@rule("scim.manage")
def can_manage_provisioning(user: Any, obj: None) -> bool:
    return bool(user.is_staff)
