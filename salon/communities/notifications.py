"""What communities tell people: the notification kinds, and who hears of each event.

The services call these functions after commit; ``notify()`` asks each kind's ``may_see``
for every recipient, so the permission policy decides who may be told. Event keys are the
audit event's id: one event, one notification per person, however often it is retried.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salon.accounts.models import User
from salon.communities.models import (
    STEWARD_ROLES,
    Circle,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Role,
)
from salon.core.permissions import can
from salon.notifications.registry import Delivery, register_kind
from salon.notifications.services import notify

INVITATION_ACCEPTED = "communities.invitation_accepted"
JOIN_REQUEST_CREATED = "communities.join_request_created"
JOIN_REQUEST_DECIDED = "communities.join_request_decided"
ROLE_CHANGED = "communities.role_changed"
ADDED_TO_CIRCLE = "communities.added_to_circle"


def _role_label(value: str) -> str:
    return str(Role(value).label) if value in Role.values else value


def _decided_line(data: Mapping[str, Any]) -> str:
    if data.get("approved"):
        return _("Your request to join %(community)s was approved. Welcome!") % data
    return _("Your request to join %(community)s was declined.") % data


def _role_line(data: Mapping[str, Any]) -> str:
    return _("%(actor)s changed your role in %(community)s to %(role)s.") % {
        **data,
        "role": _role_label(data["role"]),
    }


register_kind(
    INVITATION_ACCEPTED,
    label=gettext_lazy("Someone accepts your invitation"),
    default=Delivery.DAILY,
    line=lambda data: _("%(actor)s accepted your invitation to %(community)s.") % data,
    may_see=lambda user, invitation: can(user, "community.view_members", invitation.community),
)
register_kind(
    JOIN_REQUEST_CREATED,
    label=gettext_lazy("Someone asks to join a community you look after"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("%(actor)s asks to join %(community)s.") % data,
    may_see=lambda user, request: can(user, "community.review_join_requests", request.community),
)
register_kind(
    JOIN_REQUEST_DECIDED,
    label=gettext_lazy("Your request to join a community is answered"),
    default=Delivery.IMMEDIATE,
    line=_decided_line,
    may_see=lambda user, request: (
        user.pk == request.user_id and can(user, "community.view", request.community)
    ),
)
register_kind(
    ROLE_CHANGED,
    label=gettext_lazy("Your role in a community changes"),
    default=Delivery.IMMEDIATE,
    line=_role_line,
    may_see=lambda user, membership: (
        user.pk == membership.user_id and can(user, "community.view", membership.community)
    ),
)
register_kind(
    ADDED_TO_CIRCLE,
    label=gettext_lazy("You are added to a circle"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("%(actor)s added you to %(circle)s in %(community)s.") % data,
    may_see=lambda user, circle: can(user, "circle.view", circle),
)


def invitation_accepted(*, invitation: Invitation, event_id: int) -> None:
    """Tell whoever invited them that they are in."""
    if invitation.invited_by_id is None or invitation.accepted_by_id is None:
        return
    notify(
        [invitation.invited_by_id],
        INVITATION_ACCEPTED,
        invitation,
        invitation.accepted_by,
        url=reverse("accounts:profile", args=[invitation.accepted_by_id]),
        key=f"audit:{event_id}",
    )


def join_request_created(*, join_request: JoinRequest, event_id: int) -> None:
    """Tell the community's directors and facilitators, who can answer it."""
    community = join_request.community
    stewards = User.objects.filter(
        memberships__community=community, memberships__role__in=STEWARD_ROLES
    )
    notify(
        stewards,
        JOIN_REQUEST_CREATED,
        join_request,
        join_request.user,
        url=reverse("communities:members", args=[community.slug]),
        data={"excerpt": join_request.message[:500]} if join_request.message else None,
        key=f"audit:{event_id}",
    )


def join_request_decided(*, join_request: JoinRequest, actor: Any, event_id: int) -> None:
    """Tell the person who asked."""
    approved = join_request.status == JoinRequestStatus.APPROVED
    notify(
        [join_request.user_id],
        JOIN_REQUEST_DECIDED,
        join_request,
        actor,
        url=reverse("communities:home", args=[join_request.community.slug]),
        data={"approved": approved},
        key=f"audit:{event_id}",
    )


def role_changed(*, membership: Membership, actor: Any, event_id: int) -> None:
    notify(
        [membership.user_id],
        ROLE_CHANGED,
        membership,
        actor,
        url=reverse("communities:home", args=[membership.community.slug]),
        data={"role": membership.role},
        key=f"audit:{event_id}",
    )


def added_to_circle(*, circle: Circle, users: Sequence[Any], actor: Any, event_id: int) -> None:
    # A circle fetched for the actor may carry their own "viewer_is_member"; ask afresh.
    fresh = Circle.objects.select_related("community").get(pk=circle.pk)
    notify(
        list(users),
        ADDED_TO_CIRCLE,
        fresh,
        actor,
        data={"circle": fresh.name},
        key=f"audit:{event_id}",
    )


# Interest groups -------------------------------------------------------------------------

INTEREST_GROUP_PROPOSED = "communities.interest_group_proposed"
INTEREST_GROUP_APPROVED = "communities.interest_group_approved"

register_kind(
    INTEREST_GROUP_PROPOSED,
    label=gettext_lazy("A member proposes an interest group in a community you run"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("%(actor)s proposes an interest group: “%(circle)s”.") % data,
    may_see=lambda user, circle: can(user, "circle.approve", circle),
    may_read=lambda user, circle: can(user, "circle.view", circle),
)
register_kind(
    INTEREST_GROUP_APPROVED,
    label=gettext_lazy("An interest group you proposed is approved"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("“%(circle)s” is approved: members can find it and join.") % data,
    may_see=lambda user, circle: can(user, "circle.view", circle),
)


def interest_group_proposed(*, circle: Circle, actor: Any) -> None:
    """Tell the community's directors, who approve it."""
    directors = Membership.objects.filter(
        community_id=circle.community_id, role=Role.DIRECTOR
    ).values_list("user_id", flat=True)
    notify(
        directors,
        INTEREST_GROUP_PROPOSED,
        circle,
        actor,
        url=reverse("communities:circles", args=[circle.community.slug]),
        data={"circle": circle.name},
    )


def interest_group_approved(*, circle: Circle, actor: Any, proposer_id: int) -> None:
    notify([proposer_id], INTEREST_GROUP_APPROVED, circle, actor, data={"circle": circle.name})
