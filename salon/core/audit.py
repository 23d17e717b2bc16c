"""``audit(action, actor=..., target=..., **details)``: the one way to write the audit log.

Words said under the Chatham House rule may be used but not attributed, so the log never
pairs a person with them:

- when written, an action by the author on their own words under the rule (a target whose
  ``unattributed_author_id`` names the actor) is recorded without who did it or from where,
  and no detail names the author (``member``);
- when read, ``unattributed()`` is the filter of the rows about content now under the rule
  (each app registers its part with ``register_unattributed``): the pages and exports show
  "a member" for who did them, whoever it was, and the actor filter never finds them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import reduce
from operator import or_
from typing import Any

from django.db import models
from django.db.models import Q

from salon.core.models import AuditEvent

# Detail keys that name a person (by id): left out of rows about words said under the rule.
PERSON_DETAILS = ("member",)

_UNATTRIBUTED: list[Callable[[], Q]] = []


def register_unattributed(rows: Callable[[], Q]) -> None:
    """``rows()`` is a filter of ``AuditEvent`` rows about content that must not be
    attributed (e.g. the topics and posts under the Chatham House rule)."""
    _UNATTRIBUTED.append(rows)


def unattributed() -> Q:
    """The audit rows whose actor must not be shown."""
    return reduce(or_, (rows() for rows in _UNATTRIBUTED), Q(pk__in=[]))


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
    author_id = getattr(target, "unattributed_author_id", None)
    if author_id is not None:
        if actor_obj is not None and actor_obj.pk == author_id:
            actor_obj, ip_address = None, None
            details.setdefault("actor_label", "")
        for key in PERSON_DETAILS:
            details.pop(key, None)
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


def site_audit_events(*, oldest_first: bool = False) -> models.QuerySet[AuditEvent]:
    """Every community's log and the site's own, for staff: newest first with each
    entry's community (the page), or oldest first (the CSV)."""
    if oldest_first:
        return AuditEvent.objects.order_by("created_at", "id")
    return AuditEvent.objects.select_related("community")
