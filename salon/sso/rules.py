"""Single sign-on rules of the permission policy: the organisation's IT administrators (site
staff) set up identity providers and the sign-in policy."""

from __future__ import annotations

from typing import Any

from salon.core.permissions import rule


@rule("sso.manage")
def can_manage_sign_in(user: Any, obj: None) -> bool:
    return bool(user.is_staff)
