"""A member's own network choices."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from salon.core.audit import audit
from salon.core.permissions import require
from salon.network.models import NetworkSettings


@transaction.atomic
def network_settings_update(*, actor: Any, suggestable: bool) -> NetworkSettings:
    """Whether ``actor`` is suggested to others (they are, unless they say otherwise)."""
    require(actor, "profile.edit", actor)
    row, _created = NetworkSettings.objects.update_or_create(
        user=actor, defaults={"suggestable": suggestable}
    )
    audit("network.settings.changed", actor=actor, target=actor, suggestable=suggestable)
    return row
