"""Site-wide rules of the permission policy."""

from __future__ import annotations

from typing import Any

from salon.core.permissions import rule


@rule("audit.view_all")
def can_view_all_audit(user: Any, obj: None) -> bool:
    return bool(user.is_staff)
