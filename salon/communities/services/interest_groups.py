"""Interest groups members start: a member proposes one (a circle of kind "interest
group") and becomes its lead; a director approves it, unless the community lets members
start them directly. Until approved it is private: only its proposer and the community's
stewards see it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from salon.communities import notifications
from salon.communities.models import Circle, CircleKind, CircleMembership, Community
from salon.communities.services.communities import _unique_slug
from salon.core.audit import audit
from salon.core.permissions import require


@transaction.atomic
def interest_group_propose(
    *, actor: Any, community: Community, name: str, description: str = ""
) -> Circle:
    require(actor, "circle.propose", community)
    waits = community.interest_groups_need_approval
    circle = Circle.objects.create(
        community=community,
        name=name,
        slug=_unique_slug(Circle, name, community=community),
        kind=CircleKind.INTEREST_GROUP,
        description=description,
        is_private=waits,
        awaiting_approval=waits,
    )
    CircleMembership.objects.create(circle=circle, user=actor, is_lead=True)
    audit(
        "communities.interest_group.proposed" if waits else "communities.interest_group.started",
        actor=actor,
        target=circle,
    )
    if waits:
        transaction.on_commit(
            lambda: notifications.interest_group_proposed(circle=circle, actor=actor),
            robust=True,
        )
    return circle


def _proposer_id(circle: Circle) -> int | None:
    lead = CircleMembership.objects.filter(circle=circle, is_lead=True).order_by("pk").first()
    return lead.user_id if lead else None


@transaction.atomic
def interest_group_approve(*, actor: Any, circle: Circle) -> Circle:
    require(actor, "circle.approve", circle)
    circle.awaiting_approval = False
    circle.is_private = False
    circle.save(update_fields=["awaiting_approval", "is_private"])
    audit("communities.interest_group.approved", actor=actor, target=circle)
    proposer = _proposer_id(circle)
    if proposer is not None:
        transaction.on_commit(
            lambda: notifications.interest_group_approved(
                circle=circle, actor=actor, proposer_id=proposer
            ),
            robust=True,
        )
    return circle


@transaction.atomic
def interest_group_decline(*, actor: Any, circle: Circle) -> Circle:
    """Declined, it is archived (kept, as every circle is), still private."""
    require(actor, "circle.approve", circle)
    circle.awaiting_approval = False
    circle.archived_at = timezone.now()
    circle.save(update_fields=["awaiting_approval", "archived_at"])
    audit("communities.interest_group.declined", actor=actor, target=circle)
    return circle
