"""Circles: made, joined and left, their people and leads, their settings, archived."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.communities import notifications
from salon.communities.models import (
    Circle,
    CircleKind,
    CircleMembership,
    Community,
    Membership,
)
from salon.communities.roles import membership_of
from salon.communities.services.communities import _unique_slug
from salon.core.audit import audit
from salon.core.errors import Conflict
from salon.core.permissions import require

# Circles ---------------------------------------------------------------------------------


@transaction.atomic
def circle_create(
    *,
    actor: Any,
    community: Community,
    name: str,
    kind: str,
    description: str = "",
    is_private: bool = False,
) -> Circle:
    require(actor, "circle.create", community)
    circle = Circle.objects.create(
        community=community,
        name=name,
        slug=_unique_slug(Circle, name, community=community),
        kind=kind,
        description=description,
        is_private=is_private,
    )
    audit("communities.circle.created", actor=actor, target=circle)
    return circle


@transaction.atomic
def circle_join(*, user: Any, circle: Circle) -> CircleMembership:
    require(user, "circle.join", circle)
    circle_membership, _created = CircleMembership.objects.get_or_create(circle=circle, user=user)
    return circle_membership


@transaction.atomic
def circle_leave(*, user: Any, circle: Circle) -> None:
    require(user, "circle.leave", circle)
    CircleMembership.objects.filter(circle=circle, user=user).delete()


@transaction.atomic
def circle_add_member(
    *, actor: Any, circle: Circle, user: Any, is_lead: bool = False
) -> CircleMembership:
    require(actor, "circle.edit", circle)
    if membership_of(user, circle.community) is None:
        raise ValidationError(_("Only members of the community can join its circles."))
    circle_membership, _created = CircleMembership.objects.update_or_create(
        circle=circle, user=user, defaults={"is_lead": is_lead}
    )
    event = audit("communities.circle.member_added", actor=actor, target=circle, user=user.email)
    transaction.on_commit(
        lambda: notifications.added_to_circle(
            circle=circle, users=[user], actor=actor, event_id=event.pk
        ),
        robust=True,
    )
    return circle_membership


@transaction.atomic
def circle_members_add(*, actor: Any, circle: Circle, users: Sequence[Any]) -> list[Any]:
    """Add several members of the community to a circle at once; each person added is
    told. People already in it are left as they are. Returns the people added."""
    require(actor, "circle.manage_members", circle)
    if circle.is_archived:
        raise Conflict(_("This circle is archived. Bring it back before adding people."))
    people = list({user.pk: user for user in users}.values())
    in_community = set(
        Membership.objects.filter(
            community_id=circle.community_id, user_id__in=[u.pk for u in people]
        ).values_list("user_id", flat=True)
    )
    outside = [u for u in people if u.pk not in in_community]
    if outside:
        raise ValidationError(
            _("Only members of the community can join its circles: %(names)s.")
            % {"names": ", ".join(u.display_name for u in outside)}
        )
    already = set(
        CircleMembership.objects.filter(circle=circle, user_id__in=in_community).values_list(
            "user_id", flat=True
        )
    )
    added = [u for u in people if u.pk not in already]
    if not added:
        return []
    CircleMembership.objects.bulk_create(CircleMembership(circle=circle, user=u) for u in added)
    events = [
        audit("communities.circle.member_added", actor=actor, target=circle, user=u.email)
        for u in added
    ]
    transaction.on_commit(
        lambda: notifications.added_to_circle(
            circle=circle, users=added, actor=actor, event_id=events[0].pk
        ),
        robust=True,
    )
    return added


@transaction.atomic
def circle_member_remove(*, actor: Any, circle: Circle, user: Any) -> None:
    """Take someone out of a circle (nothing happens if they are not in it). A lead is
    taken out only by a director or facilitator."""
    require(actor, "circle.manage_members", circle)
    circle_membership = (
        CircleMembership.objects.select_for_update().filter(circle=circle, user_id=user.pk).first()
    )
    if circle_membership is None:
        return
    if circle_membership.is_lead:
        require(actor, "circle.edit", circle)
    circle_membership.delete()
    audit("communities.circle.member_removed", actor=actor, target=circle, user=user.email)


@transaction.atomic
def circle_lead_set(*, actor: Any, circle: Circle, user: Any, is_lead: bool) -> CircleMembership:
    """Make a member of the circle one of its leads, or no longer one."""
    require(actor, "circle.edit", circle)
    circle_membership = (
        CircleMembership.objects.select_for_update().filter(circle=circle, user_id=user.pk).first()
    )
    if circle_membership is None:
        raise ValidationError(
            _("%(name)s is not in this circle: add them first.") % {"name": user.display_name}
        )
    if circle_membership.is_lead != is_lead:
        circle_membership.is_lead = is_lead
        circle_membership.save(update_fields=["is_lead"])
        audit(
            "communities.circle.lead_changed",
            actor=actor,
            target=circle,
            user=user.email,
            is_lead=is_lead,
        )
    return circle_membership


_CIRCLE_FIELDS = {"name", "description", "kind", "is_private"}


@transaction.atomic
def circle_update(
    *,
    actor: Any,
    circle: Circle,
    archived: bool | None = None,
    lead: Any = ...,
    **changes: Any,
) -> Circle:
    """Change a circle's name, description, kind or visibility; archive it or bring it
    back (``archived``); or make one member its only lead (``lead``, a user; None for no
    lead). Its web address stays the same when it is renamed, so links keep working."""
    require(actor, "circle.edit", circle)
    unknown = set(changes) - _CIRCLE_FIELDS
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))}.")
    if "kind" in changes and changes["kind"] not in CircleKind.values:
        raise ValidationError(_("“%(kind)s” is not a kind of circle.") % {"kind": changes["kind"]})
    if "name" in changes:
        changes["name"] = str(changes["name"]).strip()
        if not changes["name"]:
            raise ValidationError(_("A circle needs a name."))
    changed = [name for name, value in changes.items() if getattr(circle, name) != value]
    for name in changed:
        setattr(circle, name, changes[name])
    if archived is not None and archived != circle.is_archived:
        circle.archived_at = timezone.now() if archived else None
        changed.append("archived_at")
    if changed:
        circle.save(update_fields=changed)
        audit("communities.circle.updated", actor=actor, target=circle, fields=sorted(changed))
    if "archived_at" in changed:
        audit(
            "communities.circle.archived" if archived else "communities.circle.restored",
            actor=actor,
            target=circle,
        )
    if lead is not ...:
        _replace_leads(actor=actor, circle=circle, lead=lead)
    return circle


def _replace_leads(*, actor: Any, circle: Circle, lead: Any) -> None:
    rows = list(
        CircleMembership.objects.select_for_update().filter(circle=circle).select_related("user")
    )
    if lead is not None and all(row.user_id != lead.pk for row in rows):
        raise ValidationError(
            _("%(name)s is not in this circle: add them first.") % {"name": lead.display_name}
        )
    for row in rows:
        should_lead = lead is not None and row.user_id == lead.pk
        if row.is_lead != should_lead:
            row.is_lead = should_lead
            row.save(update_fields=["is_lead"])
            audit(
                "communities.circle.lead_changed",
                actor=actor,
                target=circle,
                user=row.user.email,
                is_lead=should_lead,
            )
