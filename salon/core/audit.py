"""``audit(action, actor=..., target=..., **details)``: the one way to write the audit log."""

from __future__ import annotations

from typing import Any

from django.db import models

from salon.core.models import AuditEvent


def audit(
    action: str,
    *,
    actor: Any = None,
    target: models.Model | None = None,
    community: Any = None,
    ip_address: str | None = None,
    **details: Any,
) -> AuditEvent:
    community_id = getattr(community, "pk", None)
    if community_id is None and target is not None:
        if target._meta.label_lower == "communities.community":
            community_id = target.pk
        else:
            community_id = getattr(target, "community_id", None)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        action=action,
        actor=actor_obj,
        actor_label=actor_obj.email if actor_obj else details.pop("actor_label", ""),
        community_id=community_id,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:254] if target is not None else "",
        details=details,
        ip_address=ip_address,
    )
