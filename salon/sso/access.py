"""Doors to single sign-on's objects, for the administrators who manage them."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from salon.core.permissions import require
from salon.sso.models import IdentityProvider


def access_identity_provider(user: Any, provider_id: int) -> IdentityProvider:
    require(user, "sso.manage", hide=True)
    return get_object_or_404(IdentityProvider, pk=provider_id)
