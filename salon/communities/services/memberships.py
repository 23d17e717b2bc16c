"""Memberships: roles, removal, joining an open community, requests to join."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.communities import notifications
from salon.communities.models import (
    CircleMembership,
    Community,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Role,
)
from salon.communities.roles import forget_memberships
from salon.core.audit import audit
from salon.core.errors import Conflict
from salon.core.permissions import require

# Memberships -----------------------------------------------------------------------------


def _directors_left(community: Community, excluding: Membership) -> int:
    return (
        Membership.objects.filter(community=community, role=Role.DIRECTOR)
        .exclude(pk=excluding.pk)
        .count()
    )


@transaction.atomic
def membership_change_role(*, actor: Any, membership: Membership, role: str) -> Membership:
    community = membership.community
    require(actor, "community.manage_members", community)
    if role not in Role.values:
        raise ValidationError(_("“%(role)s” is not a role.") % {"role": role})
    if membership.role == role:
        return membership
    # Lock the community's director rows so two directors cannot demote each other at once.
    list(Membership.objects.select_for_update().filter(community=community, role=Role.DIRECTOR))
    if membership.role == Role.DIRECTOR and _directors_left(community, membership) == 0:
        raise Conflict(_("A community needs at least one director."))
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    forget_memberships(membership.user)
    event = audit(
        "communities.membership.role_changed",
        actor=actor,
        target=membership,
        user=membership.user.email,
        old=old,
        new=role,
    )
    transaction.on_commit(
        lambda: notifications.role_changed(membership=membership, actor=actor, event_id=event.pk),
        robust=True,
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: Any, membership: Membership) -> None:
    community = membership.community
    if actor.pk == membership.user_id:
        require(actor, "community.leave", community)
    else:
        require(actor, "community.manage_members", community)
    list(Membership.objects.select_for_update().filter(community=community, role=Role.DIRECTOR))
    if membership.role == Role.DIRECTOR and _directors_left(community, membership) == 0:
        raise Conflict(_("A community needs at least one director."))
    CircleMembership.objects.filter(
        circle__community=community, user_id=membership.user_id
    ).delete()
    audit(
        "communities.membership.removed"
        if actor.pk != membership.user_id
        else "communities.membership.left",
        actor=actor,
        target=membership,
        user=membership.user.email,
        role=membership.role,
    )
    membership.delete()
    forget_memberships(membership.user)


@transaction.atomic
def membership_join_open(*, user: Any, community: Community) -> Membership:
    """Join directly: only for communities whose director opened self-signup."""
    if not community.self_signup:
        raise PermissionDenied
    membership, _created = Membership.objects.get_or_create(
        community=community, user=user, defaults={"role": Role.MEMBER}
    )
    forget_memberships(user)
    audit("communities.membership.joined", actor=user, target=membership)
    return membership


@transaction.atomic
def join_request_create(*, user: Any, community: Community, message: str = "") -> JoinRequest:
    require(user, "community.request_to_join", community)
    existing = JoinRequest.objects.filter(
        community=community, user=user, status=JoinRequestStatus.PENDING
    ).first()
    if existing:
        return existing
    join_request = JoinRequest.objects.create(community=community, user=user, message=message)
    event = audit("communities.join_request.created", actor=user, target=join_request)
    transaction.on_commit(
        lambda: notifications.join_request_created(join_request=join_request, event_id=event.pk),
        robust=True,
    )
    return join_request


@transaction.atomic
def join_request_decide(*, actor: Any, join_request: JoinRequest, approve: bool) -> JoinRequest:
    require(actor, "community.review_join_requests", join_request.community)
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if locked.status != JoinRequestStatus.PENDING:
        return locked
    locked.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.DECLINED
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.save(update_fields=["status", "decided_at", "decided_by"])
    if approve:
        Membership.objects.get_or_create(
            community_id=locked.community_id, user_id=locked.user_id, defaults={"role": Role.MEMBER}
        )
    event = audit(
        "communities.join_request.approved" if approve else "communities.join_request.declined",
        actor=actor,
        target=locked,
        community=join_request.community,
        user=join_request.user.email,
    )
    transaction.on_commit(
        lambda: notifications.join_request_decided(
            join_request=locked, actor=actor, event_id=event.pk
        ),
        robust=True,
    )
    return locked
